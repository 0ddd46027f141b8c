//! Unguessable URL-safe tokens: counter tokens (printed in QR codes) and idempotency keys
//! (hidden in each survey form so that a form sent twice stores one response).

use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Each character carries 6 random bits: 64 divides 256, so masking a random byte is unbiased.
fn random_url_safe(len: usize) -> Result<String, getrandom::Error> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes)?;
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(b & 63)]))
        .collect())
}

fn is_url_safe(raw: &str) -> bool {
    raw.bytes().all(|b| ALPHABET.contains(&b))
}

/// The token of a counter: 16 characters = 96 random bits, short enough for a small QR code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CounterToken(String);

impl CounterToken {
    pub const LEN: usize = 16;

    pub fn generate() -> Result<CounterToken, getrandom::Error> {
        random_url_safe(Self::LEN).map(CounterToken)
    }

    pub fn parse(raw: &str) -> Option<CounterToken> {
        (raw.len() == Self::LEN && is_url_safe(raw)).then(|| CounterToken(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CounterToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The key that makes a submission idempotent: a form key (see `domain::form_key`) when the
/// response came from a survey page, 44 URL-safe characters; 22 random characters (132 bits) for
/// responses made without a page (the demo's history).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

const KEY_CHARS: usize = 22;

impl IdempotencyKey {
    /// A random key for a response that no survey page issued.
    pub fn generate() -> Result<IdempotencyKey, getrandom::Error> {
        random_url_safe(KEY_CHARS).map(IdempotencyKey)
    }

    /// A form key just made by `FormKeys::issue`.
    pub(crate) fn from_form_key(key: String) -> IdempotencyKey {
        IdempotencyKey(key)
    }

    /// The shape of a form key: 44 URL-safe characters. Anything else did not come from our
    /// page (whether it was issued by us is `FormKeys::check`'s question).
    pub fn parse(raw: &str) -> Option<IdempotencyKey> {
        (raw.len() == super::form_key::CHARS && is_url_safe(raw))
            .then(|| IdempotencyKey(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn generated_tokens_parse_back_and_differ() {
        let a = CounterToken::generate().unwrap();
        let b = CounterToken::generate().unwrap();
        assert_eq!(CounterToken::parse(a.as_str()), Some(a.clone()));
        assert_ne!(a, b);
        let key = IdempotencyKey::generate().unwrap();
        assert_eq!(key.as_str().len(), 22);
        // Made without a page: never taken back from a form.
        assert_eq!(IdempotencyKey::parse(key.as_str()), None);
        assert!(IdempotencyKey::parse(&"a".repeat(44)).is_some());
    }

    #[test]
    fn rejects_wrong_shapes() {
        assert!(CounterToken::parse("short").is_none());
        assert!(CounterToken::parse("AAAAAAAAAAAAAAA/").is_none());
        assert!(CounterToken::parse("AAAAAAAAAAAAAAAAA").is_none());
        assert!(CounterToken::parse("ÀAAAAAAAAAAAAAA").is_none());
        assert!(IdempotencyKey::parse("abc").is_none());
        assert!(IdempotencyKey::parse(&"a".repeat(43)).is_none());
        assert!(IdempotencyKey::parse(&"a".repeat(45)).is_none());
        assert!(IdempotencyKey::parse(&format!("{}/", "a".repeat(43))).is_none());
    }

    proptest! {
        #[test]
        fn counter_token_parse_accepts_only_16_url_safe_chars(raw in "[A-Za-z0-9_\\-/+=. ]{0,20}") {
            let ok = raw.len() == 16 && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            prop_assert_eq!(CounterToken::parse(&raw).is_some(), ok);
        }
    }
}
