//! A counter gone quiet: no response for some working days while the other counters of its
//! service point still get them. A poster fell off, or a code was changed and never reprinted.
//! Working days are Monday to Friday; public holidays are not known here, so a counter may be
//! marked after a long holiday (docs/staff-pages.md says so).

use time::{Date, Weekday};

/// How many working days without a response mark a counter, by default.
pub const SILENT_WORKING_DAYS: u32 = 3;

/// Counting stops here: "more than 60 working days" is all a clerk needs to know.
const COUNT_AT_MOST: u32 = 60;

/// The working days strictly after `after` and strictly before `today` (today is not over).
pub fn working_days_between(after: Date, today: Date) -> u32 {
    let mut day = after;
    let mut count = 0;
    while let Some(next) = day.next_day() {
        if next >= today || count >= COUNT_AT_MOST {
            break;
        }
        if !matches!(next.weekday(), Weekday::Saturday | Weekday::Sunday) {
            count += 1;
        }
        day = next;
    }
    count
}

/// The working days a counter has been silent, when that is worth a mark: at least `limit`
/// working days since `since` (its last response, or when its current code went out if that is
/// later), while its unit had a response after that day. `None` when all is well.
pub fn silent_days(since: Date, unit_last: Option<Date>, today: Date, limit: u32) -> Option<u32> {
    if unit_last? <= since {
        return None;
    }
    let days = working_days_between(since, today);
    (days >= limit).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn weekends_and_today_do_not_count() {
        // Friday 27/11/2026 → Tuesday 01/12/2026: Monday 30/11 only.
        assert_eq!(
            working_days_between(date!(2026 - 11 - 27), date!(2026 - 12 - 01)),
            1
        );
        assert_eq!(
            working_days_between(date!(2026 - 11 - 30), date!(2026 - 12 - 01)),
            0
        );
        // Two whole weeks.
        assert_eq!(
            working_days_between(date!(2026 - 11 - 13), date!(2026 - 11 - 30)),
            10
        );
        assert_eq!(
            working_days_between(date!(2020 - 01 - 01), date!(2026 - 12 - 01)),
            60
        );
    }

    #[test]
    fn a_counter_is_silent_only_while_its_unit_is_not() {
        let today = date!(2026 - 12 - 01);
        // Last answered (or given its code) Tuesday 24/11: Wed, Thu, Fri, Mon silent, while the
        // unit answered since.
        let since = date!(2026 - 11 - 24);
        assert_eq!(
            silent_days(since, Some(date!(2026 - 11 - 30)), today, 3),
            Some(4)
        );
        // The whole unit is quiet (a holiday, a closed office): no mark.
        assert_eq!(
            silent_days(since, Some(date!(2026 - 11 - 24)), today, 3),
            None
        );
        assert_eq!(silent_days(since, None, today, 3), None);
        // Two working days only.
        let recent = date!(2026 - 11 - 26);
        assert_eq!(
            silent_days(recent, Some(date!(2026 - 11 - 30)), today, 3),
            None
        );
    }
}
