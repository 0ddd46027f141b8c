//! The one typed configuration, read once from the command line (with `SIPAS_*` environment
//! variables as fallbacks, see `cli`). Nothing else reads the environment.

use std::net::SocketAddr;

use crate::domain::guards::Guards;

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://FILE?mode=rwc` (the embedded default) or `postgres://…`.
    pub database_url: String,
    pub bind: SocketAddr,
    /// The base URL printed in QR codes, without a trailing slash; `None` means
    /// `http://<the address bound>`.
    pub public_url: Option<String>,
    /// The abuse guards' settings (`domain::guards`).
    pub guards: Guards,
    /// Take the client address from the last `X-Forwarded-For` entry (set by a reverse proxy in
    /// front of sipas) rather than from the connection.
    pub behind_proxy: bool,
    /// The time as handlers read it: the system clock, or one a test sets.
    pub clock: crate::clock::Clock,
    /// Seconds a kiosk shows its thanks before it returns to its start.
    pub kiosk_return_seconds: u32,
}

impl Config {
    /// Builds the configuration; `public_url` defaults to `http://<bind>`.
    pub fn new(
        database_url: String,
        bind: SocketAddr,
        public_url: Option<String>,
    ) -> Result<Config, crate::domain::invalid::Invalid> {
        use crate::domain::invalid::Invalid;
        let public_url = public_url.map(|url| url.trim_end_matches('/').to_owned());
        if let Some(url) = &public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(Invalid::new(
                format!("--public-url phải bắt đầu bằng http:// hoặc https://: {url}"),
                format!("--public-url must start with http:// or https://: {url}"),
            ));
        }
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres")) {
            return Err(Invalid::new(
                format!("--database-url phải là sqlite:… hoặc postgres://…: {database_url}"),
                format!("--database-url must be sqlite:… or postgres://…: {database_url}"),
            ));
        }
        Ok(Config {
            database_url,
            bind,
            public_url,
            guards: Guards::default(),
            behind_proxy: false,
            clock: crate::clock::Clock::system(),
            kiosk_return_seconds: 5,
        })
    }

    /// The base of survey URLs printed by commands that do not bind a port.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_url_defaults_to_the_bind_address() {
        let config = Config::new(
            "sqlite::memory:".into(),
            "127.0.0.1:8080".parse().unwrap(),
            None,
        )
        .unwrap();
        assert_eq!(config.public_url(), "http://127.0.0.1:8080");
        let config = Config::new(
            "postgres://x/y".into(),
            "0.0.0.0:80".parse().unwrap(),
            Some("https://hailong.example.vn/".into()),
        )
        .unwrap();
        assert_eq!(config.public_url(), "https://hailong.example.vn");
        assert!(Config::new("mysql://x".into(), "0.0.0.0:80".parse().unwrap(), None).is_err());
        assert!(
            Config::new(
                "sqlite:x".into(),
                "0.0.0.0:80".parse().unwrap(),
                Some("ftp://x".into())
            )
            .is_err()
        );
    }
}
