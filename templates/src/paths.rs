//! Every path of the site, defined once: the route table registers `X::ROUTE`, and every link,
//! form action and redirect is built by `X::href(…)`.
//!
//! Both come from the same template literal, so a renamed route renames its links, and
//! `format!` refuses to compile an `href` whose parameters do not match the template's
//! `{names}` (a missing or extra parameter is a compile error, not a broken link). Parameters
//! are percent-encoded as path segments. Query strings are added by the caller.

use std::fmt::{self, Display, Write as _};

/// A value written as one path segment: everything but unreserved characters (RFC 3986) is
/// percent-encoded, so that a `/`, `?` or `#` in a value cannot change the path's shape.
pub struct Segment<T>(pub T);

impl<T: Display> Display for Segment<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0.to_string().bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                f.write_char(char::from(byte))?;
            } else {
                write!(f, "%{byte:02X}")?;
            }
        }
        Ok(())
    }
}

macro_rules! paths {
    ($( $(#[doc = $doc:literal])* $name:ident = $route:literal $(, $arg:ident)* ; )*) => {$(
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            /// The route template, for the route table.
            pub const ROUTE: &'static str = $route;

            /// The path with its parameters filled in.
            pub fn href($($arg: impl Display),*) -> String {
                format!($route $(, $arg = Segment($arg))*)
            }
        }
    )*};
}

paths! {
    /// A counter's survey: what its QR code encodes (after the public URL).
    Survey = "/s/{token}", token;
    /// The thank-you page after a survey is stored.
    SurveyThanks = "/s/{token}/thanks", token;
    /// A counter's kiosk (a tablet at the counter): its own token, not the QR code's.
    Kiosk = "/k/{token}", token;
    /// The kiosk's thanks, which return to its start by themselves.
    KioskThanks = "/k/{token}/thanks", token;
    /// A comment added on the thank-you page to the response just given.
    SurveyComment = "/s/{token}/comment", token;
    /// A unit's results, published to citizens when its staff switch them on.
    Results = "/results/{code}", code;
    /// How responses are kept and used.
    Privacy = "/privacy";
    /// The stylesheet and other static files.
    Static = "/static/{file}", file;
    /// Liveness: the process answers.
    Healthz = "/healthz";
    /// Readiness: the database answers and submissions can be stored.
    Readyz = "/readyz";
    /// Prometheus metrics.
    Metrics = "/metrics";

    /// The staff home page: the units of the account's scope.
    Home = "/admin";
    Login = "/admin/login";
    Logout = "/admin/logout";
    /// Every questionnaire and version.
    Questionnaires = "/admin/questionnaires";
    /// The editor of a questionnaire's next version (admins).
    NewVersion = "/admin/questionnaires/{code}/new", code;
    /// The audit log (admins).
    Audit = "/admin/audit";
    /// Accounts (admins).
    Users = "/admin/users";
    UserRename = "/admin/users/{username}/rename", username;
    UserActive = "/admin/users/{username}/active", username;
    /// The unit tree (admins).
    Units = "/admin/units";
    UnitsImport = "/admin/units-import";
    /// A unit's dashboard.
    Unit = "/admin/units/{code}", code;
    UnitRename = "/admin/units/{code}/rename", code;
    UnitMove = "/admin/units/{code}/move", code;
    UnitActive = "/admin/units/{code}/active", code;
    /// A unit's table as CSV, XLSX or JSON.
    UnitExport = "/admin/units/{code}/export", code;
    /// The counters (QR codes) of a unit and the units below it.
    UnitCounters = "/admin/units/{code}/counters", code;
    /// A unit's responses, for moderation.
    UnitResponses = "/admin/units/{code}/responses", code;
    /// Several of a unit's responses excluded or restored at once, with one reason.
    UnitResponsesBulk = "/admin/units/{code}/responses/bulk", code;
    /// A unit's comments, with the scores given with them, filtered.
    UnitComments = "/admin/units/{code}/comments", code;
    /// Every active counter's poster of a unit, to print in one go.
    UnitPosters = "/admin/units/{code}/posters", code;
    /// A unit's periods signed off: submitted, approved (frozen), sent back, reopened.
    UnitSignoff = "/admin/units/{code}/signoff", code;
    /// A unit's note to citizens on a period, shown on its public results page.
    UnitPublicNote = "/admin/units/{code}/public-note", code;
    /// A month's results as an A4 poster for the wall (`?period=2026-11`).
    UnitResultsPoster = "/admin/units/{code}/results-poster", code;
    /// What citizens see of a unit: its hotline, its posters' header line.
    UnitContact = "/admin/units/{code}/contact", code;
    ResponseExclude = "/admin/responses/{id}/exclude", id;
    /// A new kiosk address for a counter (the one in use withdrawn).
    CounterKiosk = "/admin/counters/{id}/kiosk", id;
    CounterKioskWithdraw = "/admin/counters/{id}/kiosk/withdraw", id;
    ResponseRestore = "/admin/responses/{id}/restore", id;
    CounterSvg = "/admin/counters/{id}/qr.svg", id;
    CounterPng = "/admin/counters/{id}/qr.png", id;
    CounterPoster = "/admin/counters/{id}/poster", id;
    CounterRotate = "/admin/counters/{id}/rotate", id;
    CounterRename = "/admin/counters/{id}/rename", id;
    CounterQuestionnaire = "/admin/counters/{id}/questionnaire", id;
    CounterActive = "/admin/counters/{id}/active", id;

    /// The JSON API; the paths below are relative to it.
    Api = "/api/v1";
    ApiOpenapi = "/openapi.json";
    ApiUnits = "/units";
    ApiCounters = "/counters";
    ApiFigures = "/figures";
    ApiResponses = "/responses";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_fill_their_route_templates() {
        assert_eq!(Home::href(), "/admin");
        assert_eq!(Unit::href("HN-01"), "/admin/units/HN-01");
        assert_eq!(CounterRotate::href(42), "/admin/counters/42/rotate");
        assert_eq!(Survey::href("abc_DEF-1"), "/s/abc_DEF-1");
    }

    #[test]
    fn a_parameter_cannot_change_the_path_shape() {
        assert_eq!(Unit::href("a/b?c#d"), "/admin/units/a%2Fb%3Fc%23d");
        assert_eq!(Unit::href("../x"), "/admin/units/..%2Fx");
        assert_eq!(Unit::href("Đà"), "/admin/units/%C4%90%C3%A0");
    }
}
