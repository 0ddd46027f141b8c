//! Signing in: throttled per account and per address, the same answer for an unknown user and
//! a wrong password, a database-held session on success.

use std::net::IpAddr;

use time::{Duration, OffsetDateTime};

use crate::db::{self, Db, accounts};
use crate::domain::account::{Account, Username};

/// Password checks allowed per account in a window (a success clears the count).
pub const ACCOUNT_FAILURES: i32 = 5;
/// Password checks allowed per address that failed: generous, because one office shares one
/// address (a success is not held against it).
pub const ADDRESS_FAILURES: i32 = 50;
pub const WINDOW: Duration = Duration::minutes(15);
/// A session lasts a working day.
pub const SESSION_LENGTH: Duration = Duration::hours(12);

pub enum Outcome {
    /// The cookie's secret, and who signed in.
    SignedIn { token: String, account: Account },
    /// Unknown user, wrong password or a disabled account: one answer for all three.
    Refused,
    /// Too many failures: try again later.
    Throttled,
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error(transparent)]
    Db(#[from] db::Error),
    #[error(transparent)]
    Random(#[from] getrandom::Error),
    #[error("password check failed: {0}")]
    Join(#[from] tokio::task::JoinError),
}

fn account_key(raw: &str) -> String {
    let name: String = raw.trim().to_lowercase().chars().take(64).collect();
    format!("account:{name}")
}

/// Checks a sign-in attempt made at `now` (the server's clock) from `address`.
pub async fn login(
    db: &Db,
    raw_username: &str,
    password: &str,
    address: IpAddr,
    now: OffsetDateTime,
) -> Result<Outcome, LoginError> {
    let since = now - WINDOW;
    let (by_account, by_address) = (account_key(raw_username), format!("address:{address}"));
    // Each attempt is counted before its password is checked, in one statement per key: however
    // many arrive at once, no more than the limit are ever checked.
    let by_account_count = accounts::take_attempt(db, &by_account, now, since).await?;
    let by_address_count = accounts::take_attempt(db, &by_address, now, since).await?;
    if by_account_count > ACCOUNT_FAILURES || by_address_count > ADDRESS_FAILURES {
        return Ok(Outcome::Throttled);
    }
    let found = match Username::parse(raw_username) {
        Ok(username) => accounts::find_for_login(db, &username).await?,
        Err(_) => None,
    };
    // Verify against a dummy hash when there is no such account: the same work either way.
    let stored = found.as_ref().map_or_else(
        || crate::auth::dummy_hash().to_owned(),
        |(_, hash)| hash.clone(),
    );
    let password = password.to_owned();
    let matches =
        tokio::task::spawn_blocking(move || crate::auth::verify_password(&password, &stored))
            .await?;
    match found {
        Some((account, _)) if matches => {
            accounts::clear_failures(db, &by_account).await?;
            accounts::forgive_attempt(db, &by_address).await?;
            let (token, token_hash) = crate::auth::new_secret()?;
            let (csrf, _) = crate::auth::new_secret()?;
            let address = address.to_string();
            let expires = now + SESSION_LENGTH;
            accounts::create_session(db, &account, &token_hash, &csrf, expires, &address).await?;
            Ok(Outcome::SignedIn { token, account })
        }
        // The attempt is already counted.
        _ => Ok(Outcome::Refused),
    }
}
