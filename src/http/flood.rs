//! The per-address flood limit on survey posts: a fixed one-minute window per address, in
//! memory. It is generous on purpose (a service point's Wi-Fi puts many citizens behind one
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
    /// Address → (minute number, posts in that minute).
    seen: Mutex<HashMap<IpAddr, (u64, u32)>>,
}

/// Above this many addresses, those not seen this minute are forgotten.
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
        let minute = self.started.elapsed().as_secs() / 60;
        // A poisoned lock only means another request panicked mid-count: keep counting.
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.len() > MAX_TRACKED {
            seen.retain(|_, (m, _)| *m == minute);
        }
        let entry = seen.entry(address).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1 <= self.per_minute
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
}
