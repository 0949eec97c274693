"""Where the tool may connect to fetch a page or feed (``daily`` sources, ``summarize URL``):
public addresses, plus the hosts and networks the user allows (``allow_hosts``).

Feed items and pages are written by third parties, so a link to ``http://127.0.0.1/…``,
a private network or the cloud metadata address (169.254.169.254) must not be
fetched and published. The check is made on every address a host name resolves
to, at the moment of connecting, for the first request and every redirect alike
(see :mod:`summarizer.web`).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_HOST = re.compile(r"^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*$")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_KINDS: tuple[tuple[str, str], ...] = (
    ("unspecified", "is_unspecified"),
    ("loopback", "is_loopback"),
    ("link-local", "is_link_local"),
    ("multicast", "is_multicast"),
    ("private", "is_private"),
    ("reserved", "is_reserved"),
)


def _embedded_ipv4(ip: Address) -> Address:
    """The IPv4 address carried inside an IPv4-mapped, 6to4 or NAT64 IPv6 address."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def address_kind(ip: Address) -> str | None:
    """Why ``ip`` is not a public address (``loopback``, ``private``, ...); None when it is."""
    ip = _embedded_ipv4(ip)
    for kind, attribute in _KINDS:
        if getattr(ip, attribute):
            return kind
    return None if ip.is_global else "non-public"


@dataclass(frozen=True)
class FetchPolicy:
    """Public addresses are allowed; others only when their host or network is listed."""

    hosts: frozenset[str] = frozenset()
    domains: tuple[str, ...] = ()
    networks: tuple[Network, ...] = ()

    @classmethod
    def from_settings(cls, allow_hosts: Iterable[str]) -> FetchPolicy:
        """The policy for ``Settings.allow_hosts`` (see :func:`parse_allowed`)."""
        return parse_allowed(allow_hosts)

    def host_allowed(self, host: str) -> bool:
        """True when ``host`` is listed by name (or under a listed ``*.domain``)."""
        name = host.lower().rstrip(".")
        return name in self.hosts or any(name.endswith(d) for d in self.domains)

    def refusal(self, host: str, address: str) -> str | None:
        """Why connecting to ``address`` (which ``host`` resolved to) is refused; None
        when it is allowed."""
        if self.host_allowed(host):
            return None
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return f"{address} is not an IP address"
        if any(ip in net or _embedded_ipv4(ip) in net for net in self.networks):
            return None
        kind = address_kind(ip)
        if kind is None:
            return None
        what = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} address"
        where = f"{address} is {what}" if host == address else f"{host} is {address}, {what}"
        return f"refused: {where} (allow_hosts can allow it)"


def parse_allowed(entries: Iterable[str]) -> FetchPolicy:
    """A policy from ``allow_hosts`` entries: ``10.0.0.0/8``, ``::1``, ``intranet.example``
    or ``*.corp.example``.

    Raises:
        ValueError: an entry is neither a network nor a host name.
    """
    hosts: set[str] = set()
    domains: list[str] = []
    networks: list[Network] = []
    for entry in entries:
        value = entry.strip().lower().rstrip(".")
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
            continue
        except ValueError:
            pass
        if not _HOST.match(value):
            raise ValueError(f"{entry!r} is neither a host name nor an IP network")
        if value.startswith("*."):
            domains.append(value[1:])
        else:
            hosts.add(value)
    return FetchPolicy(frozenset(hosts), tuple(domains), tuple(networks))
