//! Days in Vietnam time (UTC+7, no daylight saving): a response counts on the local day it was
//! submitted, so 23:30 UTC is already the next day.

use time::{Date, Month, OffsetDateTime, UtcOffset, macros::offset};

pub const VIETNAM: UtcOffset = offset!(+7);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDay(Date);

impl LocalDay {
    pub fn of(instant: OffsetDateTime) -> LocalDay {
        LocalDay(instant.to_offset(VIETNAM).date())
    }

    pub fn from_date(date: Date) -> LocalDay {
        LocalDay(date)
    }

    pub fn date(self) -> Date {
        self.0
    }

    /// The integer stored in `local_day` and tally rows: 2025-03-01 → 20250301. Integers sort
    /// and compare the same on every database, and `day / 100` is the month.
    pub fn yyyymmdd(self) -> i32 {
        self.0.year() * 10_000 + i32::from(u8::from(self.0.month())) * 100 + i32::from(self.0.day())
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u8 {
        self.0.weekday().number_from_monday()
    }

    pub fn from_yyyymmdd(value: i32) -> Option<LocalDay> {
        let year = value / 10_000;
        let month = Month::try_from(u8::try_from(value / 100 % 100).ok()?).ok()?;
        let day = u8::try_from(value % 100).ok()?;
        Date::from_calendar_date(year, month, day)
            .ok()
            .map(LocalDay)
    }
}

/// The hour of the day (0 … 23) in Vietnam time.
pub fn local_hour(instant: OffsetDateTime) -> u8 {
    instant.to_offset(VIETNAM).hour()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn late_evening_utc_is_the_next_local_day() {
        let day = LocalDay::of(datetime!(2025-03-31 23:30 UTC));
        assert_eq!(day.yyyymmdd(), 20250401);
        let day = LocalDay::of(datetime!(2025-12-31 16:59:59 UTC));
        assert_eq!(day.yyyymmdd(), 20251231);
        let day = LocalDay::of(datetime!(2025-12-31 17:00 UTC));
        assert_eq!(day.yyyymmdd(), 20260101);
    }

    #[test]
    fn hour_and_weekday_are_local() {
        // Sunday 23:30 UTC is Monday 06:30 in Vietnam.
        let instant = datetime!(2025-03-30 23:30 UTC);
        assert_eq!(local_hour(instant), 6);
        assert_eq!(LocalDay::of(instant).weekday(), 1);
        let instant = datetime!(2025-03-30 16:59 UTC);
        assert_eq!(local_hour(instant), 23);
        assert_eq!(LocalDay::of(instant).weekday(), 7);
    }

    #[test]
    fn rejects_impossible_days() {
        assert!(LocalDay::from_yyyymmdd(20250230).is_none());
        assert!(LocalDay::from_yyyymmdd(20251301).is_none());
        assert!(LocalDay::from_yyyymmdd(20240229).is_some());
    }

    proptest! {
        #[test]
        fn yyyymmdd_round_trips(days in 0i64..80_000) {
            let date = Date::from_calendar_date(1900, Month::January, 1).unwrap() + time::Duration::days(days);
            let day = LocalDay::from_date(date);
            prop_assert_eq!(LocalDay::from_yyyymmdd(day.yyyymmdd()), Some(day));
        }

        #[test]
        fn local_day_is_utc_plus_seven(secs in 0i64..4_000_000_000) {
            let instant = OffsetDateTime::from_unix_timestamp(secs).unwrap();
            let shifted = OffsetDateTime::from_unix_timestamp(secs + 7 * 3600).unwrap();
            prop_assert_eq!(LocalDay::of(instant).date(), shifted.date());
        }
    }
}
