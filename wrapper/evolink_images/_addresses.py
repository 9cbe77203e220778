"""Is a URL's host internal? Loopback, private, link-local, unique-local and unspecified hosts in every spelling.

Used for ``callback_url`` (the API refuses internal callback addresses) and reference image URLs (the API's
servers cannot fetch them). Names are not resolved: a public name that resolves to a private address is for the
API to refuse.
"""

from __future__ import annotations

import ipaddress
import re
import socket

__all__ = ["IPAddress", "internal_host_reason"]

_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain")
# What inet_aton accepts: dotted parts in decimal, octal (leading 0) or hex (0x), 1 to 4 of them.
_NUMERIC_IPV4 = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}\.?$", re.IGNORECASE)

_UNIQUE_LOCAL = ipaddress.IPv6Network("fc00::/7")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse_ip(host: str) -> IPAddress | None:
    """The address a host spells, in any form a URL parser or a resolver would accept."""
    literal = host.removeprefix("[").removesuffix("]")
    literal = literal.split("%", 1)[0]  # an IPv6 zone id (fe80::1%eth0)
    try:
        return ipaddress.ip_address(literal)
    except ValueError:
        pass
    if _NUMERIC_IPV4.match(host):
        try:
            # inet_aton reads the BSD forms: 2130706433, 0177.0.0.1, 0x7f.1, 127.1.
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except OSError:
            return None
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64, IPv4-compatible), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in ipaddress.IPv6Network("64:ff9b::/96") or address in ipaddress.IPv6Network("::/96"):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _address_reason(address: IPAddress) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and not (address.is_unspecified or address.is_loopback):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = _address_reason(embedded)
            return f"{reason} (inside IPv6 {address})" if reason else None
    kinds = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("unique-local", isinstance(address, ipaddress.IPv6Address) and address in _UNIQUE_LOCAL),
        ("private", address.is_private),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
    )
    for kind, matches in kinds:
        if matches:
            return f"{kind} address {address}"
    if not address.is_global:
        return f"non-public address {address}"
    return None


def internal_host_reason(host: str) -> str | None:
    """Why *host* is internal ("loopback address 127.0.0.1"), or None when it may be public."""
    name = host.strip().lower().rstrip(".")
    if not name:
        return "empty host"
    if name in _LOCAL_NAMES or name.endswith(_LOCAL_SUFFIXES):
        return f"local host name {name!r}"
    address = _parse_ip(name)
    return _address_reason(address) if address is not None else None
