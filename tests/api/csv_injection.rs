//! Names and comments that a spreadsheet would run as formulas (`=`, `+`, `-`, `@`, a tab, a
//! carriage return) come out of every CSV as plain text: raw responses and figure tables, from
//! the command line and from the dashboard's download.

use sipas::domain::UnitKind;
use sipas::domain::account::Role;

use crate::figures::export;
use crate::helpers::session;
use crate::helpers::{account, spawn_app};

/// Every cell of a CSV text (after its byte-order mark).
fn cells(text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .flat_map(|record| {
            record
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// No cell a spreadsheet would take for a formula; numbers (a change such as `-2`) aside.
fn assert_inert(csv: &str, dangerous: &[&str]) {
    let cells = cells(csv);
    for cell in &cells {
        let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let number = cell.parse::<f64>().is_ok();
        assert!(!formula || number, "a formula cell {cell:?} in\n{csv}");
    }
    for text in dangerous {
        assert!(
            cells
                .iter()
                .any(|cell| cell.starts_with('\'') && cell.contains(text)),
            "{text:?} not found neutralised in\n{csv}"
        );
    }
}

#[tokio::test]
async fn formulas_typed_by_people_are_plain_text_in_every_csv() {
    let app = spawn_app().await;
    app.counter("sipas-quick").await;
    let name = "=HYPERLINK(\"http://x.example\",\"Xã\")";
    app.unit("T01.XA", name, UnitKind::ServicePoint, Some("T01"))
        .await;
    let counter = app.counter_of("T01.XA", "+SUM(A1:A9)", "sipas-quick").await;
    // A comment that starts with a tab then a formula: the tab is trimmed on the way in.
    for comment in ["%09%3D1%2B1", "%40cmd", "-2%2B3"] {
        let (_, k, v) = app.open_survey(&counter).await;
        let sent = app
            .post_form(
                &app.survey_url(&counter),
                format!("k={k}&v={v}&q1=5&comment={comment}"),
            )
            .await;
        assert_eq!(sent.status(), 303);
    }
    let year = time::OffsetDateTime::now_utc()
        .to_offset(sipas::domain::local_day::VIETNAM)
        .year()
        .to_string();

    let raw = export(
        &app,
        &[
            "--unit", "T01", "--period", &year, "--raw", "--format", "csv",
        ],
    );
    assert_inert(&raw, &["+SUM(A1:A9)", "=1+1", "@cmd", "-2+3"]);
    let by_children = export(
        &app,
        &["--unit", "T01", "--period", &year, "--format", "csv"],
    );
    assert_inert(&by_children, &["=HYPERLINK(\"http://x.example\",\"Xã\")"]);
    let by_counters = export(
        &app,
        &[
            "--unit", "T01.XA", "--period", &year, "--by", "counters", "--format", "csv",
        ],
    );
    assert_inert(&by_counters, &["+SUM(A1:A9)"]);

    // The dashboard's download, as staff get it.
    let password = account(&app, "quantri", Role::Admin, None).await;
    let staff = session(&app, "quantri", &password).await;
    for (unit, by, expected) in [
        ("T01", "children", "=HYPERLINK(\"http://x.example\",\"Xã\")"),
        ("T01.XA", "counters", "+SUM(A1:A9)"),
    ] {
        let download = app
            .staff_get(
                &staff,
                &format!("/admin/units/{unit}/export?format=csv&period={year}&by={by}"),
            )
            .await;
        assert_eq!(download.status(), 200);
        assert_inert(&download.text().await.unwrap(), &[expected]);
    }
}
