//! The rules that keep stuffing out of the figures without turning real citizens away. Many
//! people share one Wi-Fi address at a service point, so nothing here refuses a response for its
//! address alone: a suspicious response is stored, but flagged and left out of every figure
//! until a manager restores it (see `db::moderation`).
//!
//! - **Repeat**: a second response from the same device (a random cookie, hashed with a salt
//!   that changes every day) to the same counter within `repeat_window` (10 minutes).
//! - **Honeypot**: the form's hidden `website` field, which people never see, came back filled.
//! - **Too fast**: the counter already received `counter_burst` responses (30) in the last
//!   `counter_burst_window` (5 minutes): faster than one counter can serve people.
//! - **Flood**: more than `flood_per_minute` posts (120) from one address in a minute are refused
//!   with 429; that is far above what a busy service point's Wi-Fi produces.

use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Guards {
    pub repeat_window: Duration,
    pub counter_burst: u32,
    pub counter_burst_window: Duration,
    pub flood_per_minute: u32,
}

impl Default for Guards {
    fn default() -> Guards {
        Guards {
            repeat_window: Duration::from_secs(10 * 60),
            counter_burst: 30,
            counter_burst_window: Duration::from_secs(5 * 60),
            flood_per_minute: 120,
        }
    }
}

/// Why a response was held out of the figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    Repeat,
    Honeypot,
    TooFast,
}

impl Flag {
    /// The reason stored with the response and shown to staff.
    pub fn reason(self) -> &'static str {
        match self {
            Flag::Repeat => {
                "Trùng thiết bị: cùng máy gửi lại cho quầy này trong thời gian ngắn (repeat from one device)"
            }
            Flag::Honeypot => "Trường ẩn chống máy gửi tự động bị điền (honeypot field filled)",
            Flag::TooFast => {
                "Quầy nhận phiếu nhanh bất thường (responses faster than a counter can serve)"
            }
        }
    }
}

/// The flag of a new response, from what the checks found; the honeypot weighs most, then a
/// repeat, then the counter's pace.
pub fn flag(honeypot: bool, repeat: bool, recent_at_counter: u64, guards: &Guards) -> Option<Flag> {
    if honeypot {
        Some(Flag::Honeypot)
    } else if repeat {
        Some(Flag::Repeat)
    } else if guards.counter_burst > 0 && recent_at_counter >= u64::from(guards.counter_burst) {
        Some(Flag::TooFast)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_in_order_of_weight() {
        let g = Guards::default();
        assert_eq!(flag(false, false, 0, &g), None);
        assert_eq!(flag(false, false, 29, &g), None);
        assert_eq!(flag(false, false, 30, &g), Some(Flag::TooFast));
        assert_eq!(flag(false, true, 30, &g), Some(Flag::Repeat));
        assert_eq!(flag(true, true, 30, &g), Some(Flag::Honeypot));
        let off = Guards {
            counter_burst: 0,
            ..g
        };
        assert_eq!(flag(false, false, 1000, &off), None);
    }
}
