//! Passwords and secrets: argon2id password hashes, random session and API tokens stored as
//! SHA-256 digests, and the login throttle's limits. May depend on `domain` and `db`.

pub mod login;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use sha2::{Digest, Sha256};

/// Hashes a password with argon2id and a fresh salt. Slow on purpose (tens of milliseconds):
/// call it off the async threads.
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|err| err.to_string())
}

/// Checks a password against a stored PHC string; false for anything malformed.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that a wrong username costs
/// the same time as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash_password("không có tài khoản này").unwrap_or_default());
    &DUMMY
}

/// Errors of adding an account.
#[derive(Debug, thiserror::Error)]
pub enum AddAccountError {
    /// A taken name or an unknown unit: what to correct.
    #[error("{0}")]
    Refused(crate::domain::invalid::Invalid),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<getrandom::Error> for AddAccountError {
    fn from(err: getrandom::Error) -> AddAccountError {
        AddAccountError::Other(err.into())
    }
}

impl From<tokio::task::JoinError> for AddAccountError {
    fn from(err: tokio::task::JoinError) -> AddAccountError {
        AddAccountError::Other(err.into())
    }
}

impl From<crate::db::Error> for AddAccountError {
    fn from(err: crate::db::Error) -> AddAccountError {
        AddAccountError::Other(err.into())
    }
}

/// Creates an account with a generated password, records who did it, and returns the password
/// (to be shown once).
pub async fn add_account(
    db: &crate::db::Db,
    actor: &str,
    username: &crate::domain::account::Username,
    role: crate::domain::account::Role,
    unit: Option<&crate::domain::UnitCode>,
) -> Result<String, AddAccountError> {
    use crate::db::{Error, accounts};
    let password = generate_password()?;
    let to_hash = password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&to_hash))
        .await?
        .map_err(|err| AddAccountError::Other(anyhow::anyhow!("cannot hash a password: {err}")))?;
    match accounts::create(db, username, &hash, role, unit, actor).await {
        Ok(_) => {}
        Err(Error::Conflict(message) | Error::NotFound(message)) => {
            return Err(AddAccountError::Refused(message));
        }
        Err(other) => return Err(other.into()),
    }
    Ok(password)
}

/// The minimum length of a password set by hand.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A new password for an account: 16 characters without look-alikes (0/O, 1/l/I).
pub fn generate_password() -> Result<String, getrandom::Error> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    // 256 is not a multiple of 56: the bias (under 1%) leaves each character ~5.8 bits.
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

/// A random secret (session or API token) and the digest under which it is stored.
pub fn new_secret() -> Result<(String, String), getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    let secret = hex(&bytes);
    let digest = digest(&secret);
    Ok((secret, digest))
}

/// SHA-256 of a secret, in hex: secrets are random and long, so no salt or slow hash is needed.
pub fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("mật khẩu rất dài").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu rất dài", &hash));
        assert!(!verify_password("mật khẩu sai", &hash));
        assert!(!verify_password("x", "not a hash"));
        assert!(!verify_password("không có tài khoản này ", dummy_hash()));
    }

    #[test]
    fn secrets_are_random_and_stored_as_digests() {
        let (a, a_digest) = new_secret().unwrap();
        let (b, _) = new_secret().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(digest(&a), a_digest);
        assert_ne!(a, a_digest);
        let password = generate_password().unwrap();
        assert_eq!(password.chars().count(), 16);
        assert!(!password.contains(['0', 'O', '1', 'l', 'I']));
    }
}
