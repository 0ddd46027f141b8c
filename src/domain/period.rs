//! Reporting periods in Vietnam time: a day, an ISO week, a month, a quarter, a half-year, a
//! year, or an inclusive range of days, written as in docs/methodology.md:
//! `2025-03-07`, `2025-W09`, `2025-03`, `2025-Q1`, `2025-H1`, `2025`, `2025-03-01..2025-03-31`.

use std::fmt;

use time::{Date, Duration, Month, Weekday};

use crate::domain::LocalDay;
use crate::domain::invalid::Invalid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Day,
    Week,
    Month,
    Quarter,
    Half,
    Year,
    Range,
}

/// An inclusive span of local days with the kind it was written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    kind: PeriodKind,
    first: Date,
    last: Date,
}

/// The most days a range may span: ten years is more than any report needs.
const MAX_RANGE_DAYS: i64 = 3660;

fn error(raw: &str) -> Invalid {
    let forms = "2025, 2025-H1, 2025-Q1, 2025-03, 2025-W09, 2025-03-07";
    Invalid::new(
        format!("kỳ «{raw}» không hợp lệ; dùng {forms} hoặc 2025-03-01..2025-03-31"),
        format!("invalid period «{raw}»; use {forms} or 2025-03-01..2025-03-31"),
    )
}

fn year(raw: &str) -> Option<i32> {
    (raw.len() == 4 && raw.bytes().all(|b| b.is_ascii_digit()))
        .then(|| raw.parse().ok())
        .flatten()
        .filter(|y| (1900..=9999).contains(y))
}

fn two_digits(raw: &str) -> Option<u8> {
    (raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_digit()))
        .then(|| raw.parse().ok())
        .flatten()
}

pub(crate) fn month_of(year: i32, month: u8) -> Option<(Date, Date)> {
    let month = Month::try_from(month).ok()?;
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let last = Date::from_calendar_date(year, month, month.length(year)).ok()?;
    Some((first, last))
}

fn months(year: i32, first_month: u8, count: u8) -> Option<(Date, Date)> {
    let (first, _) = month_of(year, first_month)?;
    let (_, last) = month_of(year, first_month + count - 1)?;
    Some((first, last))
}

fn parse_date(raw: &str) -> Option<Date> {
    let mut parts = raw.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let month = Month::try_from(two_digits(m)?).ok()?;
    Date::from_calendar_date(year(y)?, month, two_digits(d)?).ok()
}

impl Period {
    pub fn parse(raw: &str) -> Result<Period, Invalid> {
        let text = raw.trim();
        Period::parse_exact(text).ok_or_else(|| error(raw))
    }

    fn parse_exact(text: &str) -> Option<Period> {
        let make = |kind, (first, last): (Date, Date)| Period { kind, first, last };
        if let Some((from, to)) = text.split_once("..") {
            let (first, last) = (parse_date(from)?, parse_date(to)?);
            let span = (last - first).whole_days();
            return (0..MAX_RANGE_DAYS)
                .contains(&span)
                .then(|| make(PeriodKind::Range, (first, last)));
        }
        if let Some(y) = year(text) {
            return months(y, 1, 12).map(|span| make(PeriodKind::Year, span));
        }
        let (y, rest) = text.split_once('-')?;
        let y = year(y)?;
        if let Some(half) = rest.strip_prefix('H') {
            let first_month = match half {
                "1" => 1,
                "2" => 7,
                _ => return None,
            };
            return months(y, first_month, 6).map(|span| make(PeriodKind::Half, span));
        }
        if let Some(quarter) = rest.strip_prefix('Q') {
            let q: u8 = match quarter {
                "1" | "2" | "3" | "4" => quarter.parse().ok()?,
                _ => return None,
            };
            return months(y, 3 * q - 2, 3).map(|span| make(PeriodKind::Quarter, span));
        }
        if let Some(week) = rest.strip_prefix('W') {
            let week = two_digits(week)?;
            let first = Date::from_iso_week_date(y, week, Weekday::Monday).ok()?;
            return Some(make(PeriodKind::Week, (first, first + Duration::days(6))));
        }
        if let Some(month) = two_digits(rest) {
            return month_of(y, month).map(|span| make(PeriodKind::Month, span));
        }
        let day = parse_date(text)?;
        Some(make(PeriodKind::Day, (day, day)))
    }

    /// The calendar year of `day` (the default period of staff pages).
    pub fn year_of(day: Date) -> Period {
        let days = time::util::days_in_year(day.year());
        Period {
            kind: PeriodKind::Year,
            first: day.replace_ordinal(1).unwrap_or(day),
            last: day.replace_ordinal(days).unwrap_or(day),
        }
    }

    /// The calendar month of `day`.
    pub fn month_containing(day: Date) -> Period {
        let (first, last) = month_of(day.year(), u8::from(day.month())).unwrap_or((day, day));
        Period {
            kind: PeriodKind::Month,
            first,
            last,
        }
    }

    /// The single local day `day`.
    pub fn single_day(day: Date) -> Period {
        Period {
            kind: PeriodKind::Day,
            first: day,
            last: day,
        }
    }

    /// The period `[first, last]` of local days, written as a range.
    pub fn range(first: Date, last: Date) -> Option<Period> {
        (first <= last).then_some(Period {
            kind: PeriodKind::Range,
            first,
            last,
        })
    }

    /// `count` whole calendar months ending on `last` (the last month cut at `last`): the span
    /// of a trend chart.
    pub fn months_ending(last: Date, count: u8) -> Option<Period> {
        let index =
            last.year() * 12 + i32::from(u8::from(last.month())) - 1 - i32::from(count.max(1) - 1);
        let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
        let (first, _) = month_of(index.div_euclid(12), month)?;
        Period::range(first, last)
    }

    /// The last month already over on `today`.
    pub fn month_before(today: Date) -> Period {
        let first = today.replace_day(1).unwrap_or(today);
        Period::month_containing(first.previous_day().unwrap_or(today))
    }

    /// The last quarter already over on `today`: what a province reports and signs off.
    pub fn quarter_before(today: Date) -> Period {
        let (year, quarter) = match (u8::from(today.month()) - 1) / 3 {
            0 => (today.year() - 1, 4),
            q => (today.year(), q),
        };
        Period::parse(&format!("{year:04}-Q{quarter}"))
            .unwrap_or_else(|_| Period::month_before(today))
    }

    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    pub fn first(&self) -> LocalDay {
        LocalDay::from_date(self.first)
    }

    pub fn last(&self) -> LocalDay {
        LocalDay::from_date(self.last)
    }

    pub fn days(&self) -> i64 {
        (self.last - self.first).whole_days() + 1
    }

    /// The period of the same length just before: the previous day, week, month, quarter,
    /// half-year or year; for a range, as many days ending the day before it starts.
    pub fn previous(&self) -> Option<Period> {
        let before = self.first.previous_day()?;
        let calendar = |months_back: u8| -> Option<Period> {
            let (mut y, mut m) = (self.first.year(), u8::from(self.first.month()));
            for _ in 0..months_back {
                if m == 1 {
                    y -= 1;
                    m = 12;
                } else {
                    m -= 1;
                }
            }
            let (first, _) = month_of(y, m)?;
            Some(Period {
                kind: self.kind,
                first,
                last: before,
            })
        };
        match self.kind {
            PeriodKind::Day => Some(Period {
                first: before,
                last: before,
                kind: PeriodKind::Day,
            }),
            PeriodKind::Week => Some(Period {
                first: self.first - Duration::days(7),
                last: before,
                kind: PeriodKind::Week,
            }),
            PeriodKind::Month => calendar(1),
            PeriodKind::Quarter => calendar(3),
            PeriodKind::Half => calendar(6),
            PeriodKind::Year => calendar(12),
            PeriodKind::Range => Some(Period {
                first: self.first - Duration::days(self.days()),
                last: before,
                kind: PeriodKind::Range,
            }),
        }
    }
}

impl fmt::Display for Period {
    /// The canonical way of writing the period, which parses back to it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m) = (self.first.year(), u8::from(self.first.month()));
        match self.kind {
            PeriodKind::Day => write!(f, "{y:04}-{m:02}-{:02}", self.first.day()),
            PeriodKind::Week => {
                let (iso_year, week, _) = self.first.to_iso_week_date();
                write!(f, "{iso_year:04}-W{week:02}")
            }
            PeriodKind::Month => write!(f, "{y:04}-{m:02}"),
            PeriodKind::Quarter => write!(f, "{y:04}-Q{}", (m - 1) / 3 + 1),
            PeriodKind::Half => write!(f, "{y:04}-H{}", (m - 1) / 6 + 1),
            PeriodKind::Year => write!(f, "{y:04}"),
            PeriodKind::Range => {
                let (l, lm) = (self.last, u8::from(self.last.month()));
                write!(
                    f,
                    "{y:04}-{m:02}-{:02}..{:04}-{lm:02}-{:02}",
                    self.first.day(),
                    l.year(),
                    l.day()
                )
            }
        }
    }
}

/// Written as its code (`2026-Q3`), read back by [`Period::parse`]: how a signed-off period's
/// frozen table stores it.
impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        let code = String::deserialize(deserializer)?;
        Period::parse(&code).map_err(|e| serde::de::Error::custom(e.en))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_last_month_and_quarter_over() {
        use time::macros::date;
        let today = date!(2026 - 01 - 15);
        assert_eq!(Period::month_before(today).to_string(), "2025-12");
        assert_eq!(Period::quarter_before(today).to_string(), "2025-Q4");
        let today = date!(2026 - 10 - 01);
        assert_eq!(Period::month_before(today).to_string(), "2026-09");
        assert_eq!(Period::quarter_before(today).to_string(), "2026-Q3");
    }

    use super::*;
    use proptest::prelude::*;

    fn span(raw: &str) -> (i32, i32) {
        let p = Period::parse(raw).unwrap();
        (p.first().yyyymmdd(), p.last().yyyymmdd())
    }

    #[test]
    fn the_year_of_a_day_is_the_year_written_alone() {
        use time::macros::date;
        for day in [
            date!(2024 - 01 - 01),
            date!(2024 - 02 - 29),
            date!(2024 - 12 - 31),
        ] {
            assert_eq!(Period::year_of(day), Period::parse("2024").unwrap());
        }
        assert_eq!(Period::year_of(date!(2025 - 07 - 04)).to_string(), "2025");
    }

    #[test]
    fn the_month_and_the_day_of_a_day_are_those_written_alone() {
        use time::macros::date;
        let day = date!(2024 - 02 - 29);
        assert_eq!(
            Period::month_containing(day),
            Period::parse("2024-02").unwrap()
        );
        assert_eq!(
            Period::month_containing(day).previous(),
            Some(Period::parse("2024-01").unwrap())
        );
        assert_eq!(
            Period::single_day(day),
            Period::parse("2024-02-29").unwrap()
        );
    }

    #[test]
    fn every_syntax_of_sipas_md() {
        assert_eq!(span("2025"), (20250101, 20251231));
        assert_eq!(span("2025-H1"), (20250101, 20250630));
        assert_eq!(span("2025-H2"), (20250701, 20251231));
        assert_eq!(span("2025-Q1"), (20250101, 20250331));
        assert_eq!(span("2025-Q4"), (20251001, 20251231));
        assert_eq!(span("2025-03"), (20250301, 20250331));
        assert_eq!(span("2024-02"), (20240201, 20240229));
        assert_eq!(span("2025-03-07"), (20250307, 20250307));
        assert_eq!(span("2025-03-01..2025-03-31"), (20250301, 20250331));
        // ISO week 1 of 2025 starts on Monday 30 December 2024.
        assert_eq!(span("2025-W01"), (20241230, 20250105));
        assert_eq!(span(" 2025-Q2 "), (20250401, 20250630));
    }

    #[test]
    fn rejects_what_is_not_a_period() {
        for raw in [
            "",
            "25",
            "2025-13",
            "2025-00",
            "2025-Q5",
            "2025-Q0",
            "2025-H3",
            "2025-W54",
            "2025-02-30",
            "2025-3",
            "2025-03-1",
            "2025-03-31..2025-03-01",
            "2025-01-01..2040-01-01",
            "2025..2026",
            "0999",
            "abcd",
            "2025-Q1x",
            "2025-03-01..",
            "２０２５",
        ] {
            assert!(Period::parse(raw).is_err(), "{raw:?}");
        }
        assert!(
            Period::parse("2025-Q9")
                .unwrap_err()
                .vi
                .contains("không hợp lệ")
        );
    }

    #[test]
    fn previous_period_has_the_same_length_and_kind() {
        let previous = |raw: &str| Period::parse(raw).unwrap().previous().unwrap().to_string();
        assert_eq!(previous("2025"), "2024");
        assert_eq!(previous("2025-H1"), "2024-H2");
        assert_eq!(previous("2025-Q1"), "2024-Q4");
        assert_eq!(previous("2025-03"), "2025-02");
        assert_eq!(previous("2025-01"), "2024-12");
        assert_eq!(previous("2025-W01"), "2024-W52");
        assert_eq!(previous("2025-03-01"), "2025-02-28");
        assert_eq!(previous("2025-03-01..2025-03-10"), "2025-02-19..2025-02-28");
    }

    #[test]
    fn months_ending_a_day() {
        let day = |y, m, d| Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap();
        let span = |p: Period| (p.first().yyyymmdd(), p.last().yyyymmdd());
        assert_eq!(
            span(Period::months_ending(day(2025, 3, 31), 12).unwrap()),
            (20240401, 20250331)
        );
        assert_eq!(
            span(Period::months_ending(day(2025, 3, 15), 3).unwrap()),
            (20250101, 20250315)
        );
        assert_eq!(
            span(Period::months_ending(day(2025, 12, 1), 1).unwrap()),
            (20251201, 20251201)
        );
        assert_eq!(
            span(Period::months_ending(day(2025, 1, 9), 13).unwrap()),
            (20240101, 20250109)
        );
    }

    proptest! {
        #[test]
        fn display_parses_back(days in 0i64..20_000, len in 0i64..400, which in 0usize..7) {
            let base = Date::from_calendar_date(1990, Month::January, 1).unwrap() + Duration::days(days);
            let text = match which {
                0 => base.year().to_string(),
                1 => format!("{}-H{}", base.year(), (u8::from(base.month()) - 1) / 6 + 1),
                2 => format!("{}-Q{}", base.year(), (u8::from(base.month()) - 1) / 3 + 1),
                3 => format!("{}-{:02}", base.year(), u8::from(base.month())),
                4 => { let (y, w, _) = base.to_iso_week_date(); format!("{y}-W{w:02}") }
                5 => format!("{base}"),
                _ => format!("{base}..{}", base + Duration::days(len)),
            };
            let period = Period::parse(&text).unwrap();
            prop_assert_eq!(period.to_string(), text);
            prop_assert!(period.first() <= period.last());
            let previous = period.previous().unwrap();
            prop_assert_eq!(previous.last().date().next_day().unwrap(), period.first().date());
            if matches!(period.kind(), PeriodKind::Day | PeriodKind::Week | PeriodKind::Range) {
                prop_assert_eq!(previous.days(), period.days());
            }
        }

        #[test]
        fn parse_never_panics(raw in "\\PC{0,30}") {
            let _ = Period::parse(&raw);
        }
    }
}
