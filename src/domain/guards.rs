//! The rules that keep stuffing out of the figures without turning real citizens away. Many
//! people share one Wi-Fi address at a service point, so nothing here refuses a response for its
//! address alone, and every rule holds a response against where it came from: its own form, its
//! own phone, its own address. A flood from one source never flags a response from another.
//! A suspicious response is stored, but flagged and left out of every figure until a manager
//! restores it (see `db::moderation`).
//!
//! Before any rule, the form's key must be one the server issued for that counter within its
//! lifetime (see `domain::form_key`): a made-up key or one taken from another counter's page
//! stores nothing; an expired one brings the form back with a fresh key.
//!
//! - **Honeypot**: the form's hidden `website` field, which people never see, came back filled.
//! - **Repeat**: a second response from the same device (a random cookie, hashed with a salt
//!   that changes every day) to the same counter within `repeat_window` (10 minutes).
//! - **Too quick**: the form came back less than `min_answer_time` (3 s) after its page was
//!   issued: no person reads and taps a survey that fast; a script does. A form of one or two
//!   items needs a third of that per item ([`reading_time`]): one tap on a face after reading
//!   one question takes a person about a second.
//! - **Same address**: the address (hashed like the device) already sent `per_address`
//!   responses (30) to this counter within `address_window` (an hour): more than one counter
//!   serves people in that time. Twenty phones on one service point's Wi-Fi stay well below.
//! - **Kiosk interval**: on a kiosk (one tablet for everyone, with no cookie or address of its
//!   own to go by), a tap within `kiosk_interval` (5 s) of the kiosk's last one: a person
//!   stepping up to the counter takes longer; a hand drumming on the screen does not.
//! - **Flood**: more than `flood_per_minute` posts (120) from one address in a minute are refused
//!   with 429; that is far above what a busy service point's Wi-Fi produces.

use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Guards {
    pub repeat_window: Duration,
    /// Zero switches the rule off.
    pub min_answer_time: Duration,
    /// Zero switches the rule off.
    pub per_address: u32,
    pub address_window: Duration,
    pub flood_per_minute: u32,
    /// The least time between two counted taps on one kiosk.
    pub kiosk_interval: Duration,
}

impl Default for Guards {
    fn default() -> Guards {
        Guards {
            repeat_window: Duration::from_secs(10 * 60),
            min_answer_time: Duration::from_secs(3),
            per_address: 30,
            address_window: Duration::from_secs(60 * 60),
            flood_per_minute: 120,
            kiosk_interval: Duration::from_secs(5),
        }
    }
}

/// Why a response was held out of the figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    Repeat,
    Honeypot,
    TooQuick,
    SameAddress,
    KioskInterval,
}

impl Flag {
    /// The reason stored with the response and shown to staff.
    pub fn reason(self) -> &'static str {
        match self {
            Flag::Repeat => {
                "Trùng thiết bị: cùng máy gửi lại cho quầy này trong thời gian ngắn (repeat from one device)"
            }
            Flag::Honeypot => "Trường ẩn chống máy gửi tự động bị điền (honeypot field filled)",
            Flag::TooQuick => {
                "Gửi quá nhanh sau khi mở trang, không kịp đọc câu hỏi (sent too soon after the page was opened)"
            }
            Flag::SameAddress => {
                "Quá nhiều phiếu từ cùng một địa chỉ mạng cho quầy này trong một giờ (too many responses from one address)"
            }
            Flag::KioskInterval => {
                "Chạm trên máy đánh giá tại quầy quá sát lần trước (kiosk tapped again too soon)"
            }
        }
    }
}

/// What the checks found about one response.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Findings {
    pub honeypot: bool,
    /// An earlier response from the same device at this counter within the repeat window (on a
    /// kiosk: from the same kiosk within the kiosk interval).
    pub repeat: bool,
    /// The response came from a kiosk.
    pub kiosk: bool,
    /// Time from the page's issue to the post.
    pub form_age: Option<Duration>,
    /// Earlier responses from the same address to this counter within the address window.
    pub from_address: u64,
    /// Items on the form answered (0: not known, read as a long form).
    pub items: usize,
}

/// The least time a person needs for a form of `items` items: `min_answer_time` for three or
/// more (or when not known), a third of it per item below that.
pub fn reading_time(guards: &Guards, items: usize) -> Duration {
    match items {
        1 | 2 => guards.min_answer_time * items as u32 / 3,
        _ => guards.min_answer_time,
    }
}

/// The flag of a new response; the honeypot weighs most, then a repeat, then speed, then the
/// address's count.
pub fn flag(found: &Findings, guards: &Guards) -> Option<Flag> {
    if found.honeypot {
        Some(Flag::Honeypot)
    } else if found.repeat && found.kiosk {
        Some(Flag::KioskInterval)
    } else if found.repeat {
        Some(Flag::Repeat)
    } else if found
        .form_age
        .is_some_and(|age| age < reading_time(guards, found.items))
    {
        Some(Flag::TooQuick)
    } else if guards.per_address > 0 && found.from_address >= u64::from(guards.per_address) {
        Some(Flag::SameAddress)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_item_form_may_be_answered_in_a_second() {
        let g = Guards::default();
        let tap = |millis: u64, items: usize| Findings {
            form_age: Some(Duration::from_millis(millis)),
            items,
            ..Findings::default()
        };
        assert_eq!(flag(&tap(1100, 1), &g), None);
        assert_eq!(flag(&tap(900, 1), &g), Some(Flag::TooQuick));
        assert_eq!(flag(&tap(1100, 19), &g), Some(Flag::TooQuick));
        assert_eq!(flag(&tap(1100, 0), &g), Some(Flag::TooQuick));
        assert_eq!(reading_time(&g, 2), Duration::from_secs(2));
    }

    #[test]
    fn flags_in_order_of_weight() {
        let g = Guards::default();
        let calm = Findings {
            form_age: Some(Duration::from_secs(20)),
            from_address: 29,
            ..Findings::default()
        };
        assert_eq!(flag(&calm, &g), None);
        let busy = Findings {
            from_address: 30,
            ..calm
        };
        assert_eq!(flag(&busy, &g), Some(Flag::SameAddress));
        let quick = Findings {
            form_age: Some(Duration::from_millis(2900)),
            ..busy
        };
        assert_eq!(flag(&quick, &g), Some(Flag::TooQuick));
        let repeat = Findings {
            repeat: true,
            ..quick
        };
        assert_eq!(flag(&repeat, &g), Some(Flag::Repeat));
        let honeypot = Findings {
            honeypot: true,
            ..repeat
        };
        assert_eq!(flag(&honeypot, &g), Some(Flag::Honeypot));
        let off = Guards {
            per_address: 0,
            min_answer_time: Duration::ZERO,
            ..g
        };
        assert_eq!(flag(&quick, &off), None);
    }
}
