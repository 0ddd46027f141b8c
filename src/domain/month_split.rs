//! Splitting a period for the read path: whole months from the monthly tallies, the days at
//! its edges from the daily ones.

use time::Date;

use crate::domain::period::month_of;
use crate::domain::{LocalDay, Period};

/// A period as whole calendar months plus the days outside them, so that figures can be summed
/// from the monthly tally where it covers the period and from the daily tally at the edges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthSplit {
    /// Inclusive `yyyymm` range of whole months, if any.
    pub months: Option<(i32, i32)>,
    /// Inclusive `yyyymmdd` ranges of the remaining days (at most two).
    pub days: Vec<(i32, i32)>,
}

fn yyyymm(date: Date) -> i32 {
    date.year() * 100 + i32::from(u8::from(date.month()))
}

impl Period {
    pub fn split_months(&self) -> MonthSplit {
        let (first, last) = (self.first().date(), self.last().date());
        let day = |date: Date| LocalDay::from_date(date).yyyymmdd();
        let month_start = if first.day() == 1 {
            Some(first)
        } else {
            month_of(first.year(), u8::from(first.month())).and_then(|(_, end)| end.next_day())
        };
        let month_end = if last.next_day().is_none_or(|next| next.day() == 1) {
            Some(last)
        } else {
            month_of(last.year(), u8::from(last.month()))
                .and_then(|(start, _)| start.previous_day())
        };
        match (month_start, month_end) {
            (Some(start), Some(end)) if start <= end => {
                let mut days = Vec::new();
                if let Some(before) = start.previous_day().filter(|_| first < start) {
                    days.push((day(first), day(before)));
                }
                if let Some(after) = end.next_day().filter(|_| last > end) {
                    days.push((day(after), day(last)));
                }
                MonthSplit {
                    months: Some((yyyymm(start), yyyymm(end))),
                    days,
                }
            }
            _ => MonthSplit {
                months: None,
                days: vec![(day(first), day(last))],
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::{Duration, Month};

    #[test]
    fn split_into_whole_months_and_edge_days() {
        let split = |raw: &str| Period::parse(raw).unwrap().split_months();
        assert_eq!(
            split("2025"),
            MonthSplit {
                months: Some((202501, 202512)),
                days: vec![]
            }
        );
        assert_eq!(
            split("2025-Q2"),
            MonthSplit {
                months: Some((202504, 202506)),
                days: vec![]
            }
        );
        assert_eq!(
            split("2025-03-15..2025-05-10"),
            MonthSplit {
                months: Some((202504, 202504)),
                days: vec![(20250315, 20250331), (20250501, 20250510)]
            }
        );
        assert_eq!(
            split("2025-03-15..2025-04-10"),
            MonthSplit {
                months: None,
                days: vec![(20250315, 20250410)]
            }
        );
        assert_eq!(
            split("2025-W01"),
            MonthSplit {
                months: None,
                days: vec![(20241230, 20250105)]
            }
        );
        assert_eq!(
            split("2025-02-01..2025-02-28"),
            MonthSplit {
                months: Some((202502, 202502)),
                days: vec![]
            }
        );
    }

    proptest! {
        #[test]
        fn split_covers_every_day_once(start in 0i64..3000, len in 0i64..500) {
            let first = Date::from_calendar_date(2020, Month::January, 1).unwrap() + Duration::days(start);
            let period = Period::range(first, first + Duration::days(len)).unwrap();
            let split = period.split_months();
            let mut covered = 0i64;
            let mut day = period.first().date();
            while day <= period.last().date() {
                let d = LocalDay::from_date(day).yyyymmdd();
                let in_months = split.months.is_some_and(|(a, b)| (a..=b).contains(&(d / 100)));
                let in_days = split.days.iter().filter(|(a, b)| (*a..=*b).contains(&d)).count();
                prop_assert_eq!(usize::from(in_months) + in_days, 1, "day {}", d);
                covered += 1;
                day = day.next_day().unwrap();
            }
            prop_assert_eq!(covered, period.days());
            // Whole months lie inside the period.
            if let Some((a, b)) = split.months {
                prop_assert!(a >= period.first().yyyymmdd() / 100 && b <= period.last().yyyymmdd() / 100);
            }
        }
    }
}
