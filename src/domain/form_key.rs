//! Survey form keys: issued by the server with each survey page, for one counter at one moment,
//! and signed (HMAC-SHA256) with a secret that every instance shares through the database.
//! A key is both the response's idempotency key (a form sent twice stores once) and the proof
//! that the form came from a page of ours: a made-up key, one issued for another counter, or
//! one older than [`LIFETIME`] is not counted. Its age when the form comes back is a signal of
//! its own (see `domain::guards`): a person needs some seconds to read and tap.
//!
//! A key is issued to an audience: a counter's id for the page its QR code opens, a kiosk's id
//! negated for the kiosk's page (ids are positive), so that a key works only where it was given.
//!
//! Layout, 33 bytes written as 44 URL-safe characters: audience (4 bytes, big-endian), issue
//! time (8 bytes, Unix milliseconds), 9 random bytes, then the first 12 bytes of the HMAC of the 21
//! before. Nothing in it says anything about the person.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use time::OffsetDateTime;

use super::IdempotencyKey;

/// How long a survey page's key is accepted: a citizen may open the page, queue, and answer
/// later; past this, the form comes back once with a fresh key and their choices kept.
pub const LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

/// Characters of a form key.
pub const CHARS: usize = 44;

const SIGNED: usize = 4 + 8 + 9;
const TAG: usize = 12;
const BYTES: usize = SIGNED + TAG;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The signing secret (32 random bytes, kept in the database).
#[derive(Clone)]
pub struct FormKeys {
    secret: Vec<u8>,
}

impl std::fmt::Debug for FormKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormKeys(***)")
    }
}

/// What a key sent back with a form turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyCheck {
    /// Ours, for this counter, within its lifetime; `age` since it was issued.
    Valid { key: IdempotencyKey, age: Duration },
    /// Ours and for this counter, but too old: the page was left open too long.
    Expired,
    /// Missing, malformed, made up, or issued for another counter.
    NotIssued,
}

impl FormKeys {
    pub fn new(secret: &[u8]) -> FormKeys {
        FormKeys {
            secret: secret.to_vec(),
        }
    }

    fn tag(&self, signed: &[u8]) -> Hmac<Sha256> {
        // HMAC takes a key of any length; this cannot fail.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(signed);
        mac
    }

    /// A new key for `counter_id`, issued at `now`.
    pub fn issue(
        &self,
        counter_id: i32,
        now: OffsetDateTime,
    ) -> Result<IdempotencyKey, getrandom::Error> {
        let mut bytes = [0u8; BYTES];
        bytes[..4].copy_from_slice(&counter_id.to_be_bytes());
        bytes[4..12].copy_from_slice(&unix_millis(now).to_be_bytes());
        getrandom::fill(&mut bytes[12..SIGNED])?;
        let tag = self.tag(&bytes[..SIGNED]).finalize().into_bytes();
        bytes[SIGNED..].copy_from_slice(&tag[..TAG]);
        Ok(IdempotencyKey::from_form_key(encode(&bytes)))
    }

    /// Checks a key that came back with a form posted to `counter_id` at `now`.
    pub fn check(&self, raw: Option<&str>, counter_id: i32, now: OffsetDateTime) -> KeyCheck {
        let Some(bytes) = raw.and_then(decode) else {
            return KeyCheck::NotIssued;
        };
        let signed = &bytes[..SIGNED];
        if self
            .tag(signed)
            .verify_truncated_left(&bytes[SIGNED..])
            .is_err()
        {
            return KeyCheck::NotIssued;
        }
        let issued_for = i32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        if issued_for != counter_id {
            return KeyCheck::NotIssued;
        }
        let mut issued = [0u8; 8];
        issued.copy_from_slice(&bytes[4..12]);
        let age_millis = unix_millis(now).saturating_sub(i64::from_be_bytes(issued));
        // A key from the future (clocks of two instances a little apart) counts as just issued.
        let age = Duration::from_millis(u64::try_from(age_millis).unwrap_or(0));
        if age > LIFETIME {
            return KeyCheck::Expired;
        }
        match IdempotencyKey::parse(raw.unwrap_or_default()) {
            Some(key) => KeyCheck::Valid { key, age },
            None => KeyCheck::NotIssued,
        }
    }
}

fn unix_millis(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// 33 bytes as 44 characters, 6 bits each.
fn encode(bytes: &[u8; BYTES]) -> String {
    let mut out = String::with_capacity(CHARS);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]);
        for shift in [18, 12, 6, 0] {
            out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
        }
    }
    out
}

fn decode(raw: &str) -> Option<[u8; BYTES]> {
    if raw.len() != CHARS {
        return None;
    }
    let mut bytes = [0u8; BYTES];
    for (chunk, out) in raw.as_bytes().chunks(4).zip(bytes.chunks_mut(3)) {
        let mut n = 0u32;
        for &c in chunk {
            let value = ALPHABET.iter().position(|&a| a == c)?;
            n = (n << 6) | u32::try_from(value).ok()?;
        }
        out.copy_from_slice(&n.to_be_bytes()[1..]);
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_780_000_000 + seconds).unwrap()
    }

    #[test]
    fn a_key_is_valid_for_its_counter_within_its_lifetime() {
        let keys = FormKeys::new(b"a secret of the test");
        let key = keys.issue(7, at(0)).unwrap();
        assert_eq!(key.as_str().len(), CHARS);
        match keys.check(Some(key.as_str()), 7, at(12)) {
            KeyCheck::Valid { key: back, age } => {
                assert_eq!(back, key);
                assert_eq!(age, Duration::from_secs(12));
            }
            other => panic!("{other:?}"),
        }
        // Another counter, another secret, too late, a changed character, nothing.
        assert_eq!(
            keys.check(Some(key.as_str()), 8, at(12)),
            KeyCheck::NotIssued
        );
        let other = FormKeys::new(b"another secret");
        assert_eq!(
            other.check(Some(key.as_str()), 7, at(12)),
            KeyCheck::NotIssued
        );
        let late = at(i64::try_from(LIFETIME.as_secs()).unwrap() + 1);
        assert_eq!(keys.check(Some(key.as_str()), 7, late), KeyCheck::Expired);
        let mut changed = key.as_str().to_owned().into_bytes();
        changed[10] = if changed[10] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).unwrap();
        assert_eq!(keys.check(Some(&changed), 7, at(12)), KeyCheck::NotIssued);
        assert_eq!(keys.check(None, 7, at(12)), KeyCheck::NotIssued);
        // Two keys of one moment differ.
        assert_ne!(keys.issue(7, at(0)).unwrap(), key);
    }

    proptest! {
        #[test]
        fn made_up_keys_are_never_valid(raw in "[A-Za-z0-9_\\-]{0,50}") {
            let keys = FormKeys::new(b"secret");
            prop_assert_eq!(keys.check(Some(&raw), 1, at(5)), KeyCheck::NotIssued);
        }

        #[test]
        fn encoding_round_trips(bytes in proptest::array::uniform32(any::<u8>()), last in any::<u8>()) {
            let mut all = [0u8; BYTES];
            all[..32].copy_from_slice(&bytes);
            all[32] = last;
            prop_assert_eq!(decode(&encode(&all)), Some(all));
        }
    }
}
