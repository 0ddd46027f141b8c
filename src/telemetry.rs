//! Logs to standard error; `RUST_LOG` (e.g. `sipas=debug`) chooses how much.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("sipas=info,warn"));
    // A second call (tests) finds a subscriber already set; that is fine.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
