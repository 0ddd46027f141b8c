//! Who is asking: the client's address, from the connection or, behind a reverse proxy, from the
//! header the proxy adds. The survey's flood limit and guards and the login throttle all use it.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;

use super::AppState;

/// The client's address: the connection's, or with `--behind-proxy` the last `X-Forwarded-For`
/// entry (the one the proxy itself added).
pub fn address(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    state
        .behind_proxy
        .then(|| last_forwarded(headers))
        .flatten()
        .unwrap_or_else(|| peer.ip())
}

/// The last address of `X-Forwarded-For`: the one our proxy appended (earlier entries come from
/// the client and can be forged).
fn last_forwarded(headers: &HeaderMap) -> Option<IpAddr> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxy_added_address_is_the_last() {
        let mut headers = HeaderMap::new();
        assert_eq!(last_forwarded(&headers), None);
        headers.append("x-forwarded-for", "1.2.3.4, 10.0.0.9".parse().unwrap());
        headers.append("x-forwarded-for", "203.0.113.7".parse().unwrap());
        assert_eq!(
            last_forwarded(&headers),
            Some("203.0.113.7".parse().unwrap())
        );
    }
}
