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

/// The last entry of `X-Forwarded-For`: the one our proxy appended (earlier entries come from
/// the client and can be forged). Only that entry is read: an address with a port is taken
/// without it, and anything unreadable (`unknown`) gives `None`, so that the connection's
/// address is used, never an earlier, forgeable entry.
fn last_forwarded(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|entry| !entry.is_empty())?;
    last.parse::<IpAddr>()
        .ok()
        .or_else(|| last.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
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
        // A port is dropped; an unreadable last entry never falls back to an earlier one.
        let mut headers = HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            "10.7.7.7, 192.0.2.1:4711".parse().unwrap(),
        );
        assert_eq!(last_forwarded(&headers), Some("192.0.2.1".parse().unwrap()));
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", "10.7.7.7, unknown".parse().unwrap());
        assert_eq!(last_forwarded(&headers), None);
        let mut headers = HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            "10.7.7.7, [2001:db8::1]:443".parse().unwrap(),
        );
        assert_eq!(
            last_forwarded(&headers),
            Some("2001:db8::1".parse().unwrap())
        );
    }
}
