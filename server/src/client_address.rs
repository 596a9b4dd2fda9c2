//! Who is on the other end: the client's address, for rate limits and the audit log.
//!
//! The TCP peer is the client unless the peer is one of the operator's trusted proxies
//! (`--trusted-proxy CIDR`, repeatable); only then is `X-Forwarded-For` read, from the
//! right, skipping the trusted proxies, so a client cannot name an address of its
//! choosing by sending the header itself. Limits count an IPv6 client by its /64 (one
//! home or phone gets a whole /64, so counting single addresses would give each of them
//! 2^64 tries).

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

/// A network: an address and how many leading bits of it count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl FromStr for Cidr {
    type Err = String;

    /// `10.0.0.0/8`, `2001:db8::/32`, or a single address (`10.0.0.7`).
    fn from_str(text: &str) -> Result<Cidr, String> {
        let (address, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let network: IpAddr = address
            .trim()
            .parse()
            .map_err(|_| format!("{text:?} is not an IP address or CIDR network"))?;
        let most = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => most,
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= most)
                .ok_or_else(|| format!("{text:?}: the prefix length must be 0 to {most}"))?,
        };
        Ok(Cidr { network, prefix })
    }
}

impl Cidr {
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.network, canonical(address)) {
            (IpAddr::V4(net), IpAddr::V4(a)) => {
                same_prefix(&net.octets(), &a.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(a)) => {
                same_prefix(&net.octets(), &a.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

fn same_prefix(a: &[u8], b: &[u8], bits: u8) -> bool {
    let (whole, rest) = (usize::from(bits / 8), bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0
}

/// An IPv4 address that arrived as IPv6 (`::ffff:1.2.3.4`, a dual-stack socket) is the
/// IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// The operator's trusted proxies (empty: trust no header, the peer is the client).
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<Vec<Cidr>>);

impl TrustedProxies {
    pub fn new(networks: Vec<Cidr>) -> TrustedProxies {
        TrustedProxies(Arc::new(networks))
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(address))
    }

    /// The client behind `peer`: the peer itself unless it is trusted; then the
    /// right-most address of `X-Forwarded-For` that is not a trusted proxy (a trusted
    /// proxy appends what it saw, so everything left of that is the client's to say).
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for
            .iter()
            .flat_map(|h| h.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in hops.iter().rev() {
            let Ok(address) = hop.parse::<IpAddr>().map(canonical) else {
                // A hop a trusted proxy would not have written: the chain is broken
                // here, and the nearest hop we can vouch for is the last proxy.
                return peer;
            };
            if !self.trusts(address) {
                return address;
            }
        }
        peer
    }
}

/// The client's address, as [`TrustedProxies::client`] decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl ClientAddress {
    /// The key rate limits count under: an IPv4 address, or an IPv6 address's /64.
    pub fn limit_key(&self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                let net = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{net}/64")
            }
        }
    }
}

impl std::fmt::Display for ClientAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Reads the peer (axum's `ConnectInfo`) and the trusted proxies from the state.
pub trait HasTrustedProxies {
    fn trusted_proxies(&self) -> &TrustedProxies;
}

impl<S: HasTrustedProxies + Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(client_of(parts, state.trusted_proxies()))
    }
}

/// The client of a request (without a peer address, as in a router called directly,
/// the unspecified address: it is then counted as one client).
pub fn client_of(parts: &Parts, proxies: &TrustedProxies) -> ClientAddress {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip())
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    let forwarded: Vec<&str> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    ClientAddress(proxies.client(peer, &forwarded))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(list.iter().map(|c| c.parse().unwrap()).collect())
    }

    #[test]
    fn networks_contain_their_addresses_only() {
        let net: Cidr = "10.1.0.0/16".parse().unwrap();
        assert!(net.contains(ip("10.1.255.3")));
        assert!(!net.contains(ip("10.2.0.1")));
        assert!(net.contains(ip("::ffff:10.1.0.9")), "IPv4-mapped");
        let net: Cidr = "2001:db8:abcd::/48".parse().unwrap();
        assert!(net.contains(ip("2001:db8:abcd:12::1")));
        assert!(!net.contains(ip("2001:db8:abce::1")));
        let one: Cidr = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let odd: Cidr = "192.0.2.0/25".parse().unwrap();
        assert!(odd.contains(ip("192.0.2.127")) && !odd.contains(ip("192.0.2.128")));
        assert!("10.0.0.0/33".parse::<Cidr>().is_err());
        assert!("proxy.local".parse::<Cidr>().is_err());
    }

    #[test]
    fn the_header_counts_only_when_a_trusted_proxy_sent_it() {
        let none = proxies(&[]);
        assert_eq!(
            none.client(ip("203.0.113.9"), &["1.2.3.4"]),
            ip("203.0.113.9")
        );
        let lb = proxies(&["10.0.0.0/8"]);
        // A stranger cannot pick its address by sending the header itself.
        assert_eq!(
            lb.client(ip("203.0.113.9"), &["1.2.3.4"]),
            ip("203.0.113.9")
        );
        // Behind the proxy, the right-most untrusted hop is the client; what the
        // client wrote to the left of it is ignored.
        assert_eq!(
            lb.client(ip("10.0.0.2"), &["1.2.3.4, 198.51.100.7", "10.0.0.3"]),
            ip("198.51.100.7")
        );
        // A malformed hop stops the walk at the last proxy.
        assert_eq!(lb.client(ip("10.0.0.2"), &["garbage"]), ip("10.0.0.2"));
        assert_eq!(lb.client(ip("10.0.0.2"), &[]), ip("10.0.0.2"));
    }

    #[test]
    fn ipv6_clients_are_counted_per_64() {
        let a = ClientAddress(ip("2001:db8:1:2:aaaa::1"));
        let b = ClientAddress(ip("2001:db8:1:2:bbbb::9"));
        let c = ClientAddress(ip("2001:db8:1:3::1"));
        assert_eq!(a.limit_key(), b.limit_key());
        assert_ne!(a.limit_key(), c.limit_key());
        assert_eq!(a.limit_key(), "2001:db8:1:2::/64");
        assert_eq!(ClientAddress(ip("192.0.2.1")).limit_key(), "192.0.2.1");
    }
}
