//! The per-address flood limit on survey posts: a sliding one-minute window per address, in
//! memory (this minute's count plus last minute's, weighted by how much of it still lies in the
//! last 60 seconds, so that a burst across a minute's turn is counted whole). It is generous on purpose (a service point's Wi-Fi puts many citizens behind one
//! address) and only stops machines; finer judgement is the guards' (see `domain::guards`).
//! Each instance counts for itself: with N instances an address gets up to N times the limit,
//! which is still far below what a flood needs.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

pub struct FloodLimit {
    per_minute: u32,
    started: Instant,
    /// Address → (minute number, posts in that minute, posts in the minute before).
    seen: Mutex<HashMap<IpAddr, (u64, u32, u32)>>,
}

/// Above this many addresses, those not seen this minute or the last are forgotten.
const MAX_TRACKED: usize = 10_000;

impl FloodLimit {
    pub fn new(per_minute: u32) -> FloodLimit {
        FloodLimit {
            per_minute,
            started: Instant::now(),
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a post from `address`; false when the address is over the limit this minute.
    pub fn allow(&self, address: IpAddr) -> bool {
        self.allow_at(address, self.started.elapsed())
    }

    /// `allow`, `elapsed` after the limit was made.
    fn allow_at(&self, address: IpAddr, elapsed: std::time::Duration) -> bool {
        let minute = elapsed.as_secs() / 60;
        // The share of last minute that still lies within the last 60 seconds.
        let last_share = 1.0 - (elapsed.as_secs_f64() % 60.0) / 60.0;
        // A poisoned lock only means another request panicked mid-count: keep counting.
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.len() > MAX_TRACKED {
            seen.retain(|_, (m, _, _)| *m + 1 >= minute);
        }
        let entry = seen.entry(address).or_insert((minute, 0, 0));
        if entry.0 != minute {
            let last = if entry.0 + 1 == minute { entry.1 } else { 0 };
            *entry = (minute, 0, last);
        }
        entry.1 = entry.1.saturating_add(1);
        let estimate = f64::from(entry.1) + f64::from(entry.2) * last_share;
        estimate <= f64::from(self.per_minute)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_address_apart() {
        let limit = FloodLimit::new(3);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!((0..3).all(|_| limit.allow(a)));
        assert!(!limit.allow(a));
        assert!(limit.allow(b));
    }

    #[test]
    fn a_burst_across_a_minute_turn_is_counted_whole() {
        use std::time::Duration;
        let limit = FloodLimit::new(120);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let just_before = Duration::from_millis(59_900);
        assert!((0..120).all(|_| limit.allow_at(a, just_before)));
        // A moment later, in the next minute: the 120 of a moment ago still count.
        assert!(!limit.allow_at(a, Duration::from_millis(60_100)));
        // A minute after the burst, the address may post again.
        assert!(limit.allow_at(a, Duration::from_millis(120_000)));
    }
}
