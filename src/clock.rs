//! The time as handlers read it. The server runs on the system clock; a test sets a clock of
//! its own, so that local midnight, a month's end or a year's end is a plain integration test
//! (`Config::clock`, then `Clock::set` while the server runs).

use std::sync::{Arc, Mutex};

use time::{Date, Duration, OffsetDateTime};

use crate::domain::local_day::VIETNAM;

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// `None`: the system clock. Else the set time, as an offset from the system clock (so that
    /// a set clock still moves: timeouts and ages measured by it stay sensible).
    offset: Option<Arc<Mutex<Duration>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `at` now and moves on from there; [`Clock::set`] moves it.
    pub fn starting_at(at: OffsetDateTime) -> Clock {
        Clock {
            offset: Some(Arc::new(Mutex::new(at - OffsetDateTime::now_utc()))),
        }
    }

    /// Makes the clock read `at` now (a clock made by [`Clock::starting_at`]; the system clock
    /// cannot be set and stays as it is).
    pub fn set(&self, at: OffsetDateTime) {
        if let Some(offset) = &self.offset {
            *offset
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = at - OffsetDateTime::now_utc();
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        match &self.offset {
            None => now,
            Some(offset) => {
                let offset = *offset
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                now.checked_add(offset).unwrap_or(now)
            }
        }
    }

    /// Today in Vietnam.
    pub fn today(&self) -> Date {
        self.now().to_offset(VIETNAM).date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_set_clock_reads_what_it_was_set_to_and_moves_on() {
        let clock = Clock::starting_at(datetime!(2025-12-31 16:59:59 UTC));
        let read = clock.now();
        assert!(read >= datetime!(2025-12-31 16:59:59 UTC));
        assert!(read < datetime!(2025-12-31 17:00:59 UTC));
        // 16:59:59 UTC is 23:59:59 in Vietnam: still the last day of the year.
        assert_eq!(clock.today(), time::macros::date!(2025 - 12 - 31));
        clock.set(datetime!(2025-12-31 17:00:00 UTC));
        assert_eq!(clock.today(), time::macros::date!(2026 - 01 - 01));
        let shared = clock.clone();
        shared.set(datetime!(2024-02-29 00:00:00 UTC));
        assert_eq!(clock.today(), time::macros::date!(2024 - 02 - 29));
    }
}
