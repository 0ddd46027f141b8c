//! Any text typed as a period: parsing must not panic, and a parsed period must be well formed
//! (first day before last, its text parsing back to itself, a previous period, a month split).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sipas::domain::Period;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(period) = Period::parse(text) {
        assert!(period.first() <= period.last());
        assert_eq!(Period::parse(&period.to_string()), Ok(period));
        let _ = period.previous();
        let _ = period.split_months();
    }
});
