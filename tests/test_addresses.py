"""Internal hosts in every spelling: loopback, private, link-local, unique-local, mapped, numeric forms, names."""

from __future__ import annotations

import pytest
from evolink_images._addresses import internal_host_reason

INTERNAL = {
    "127.0.0.1": "loopback",
    "127.1": "loopback",
    "2130706433": "loopback",
    "0177.0.0.1": "loopback",
    "0x7f.0.0.1": "loopback",
    "0x7f000001": "loopback",
    "[::1]": "loopback",
    "[0:0:0:0:0:0:0:1]": "loopback",
    "[::ffff:127.0.0.1]": "loopback",
    "[::ffff:7f00:1]": "loopback",
    "[2002:7f00:1::]": "loopback",
    "10.1.2.3": "private",
    "012.1.2.3": "private",
    "172.16.0.1": "private",
    "172.31.255.255": "private",
    "192.168.0.10": "private",
    "[::ffff:192.168.0.10]": "private",
    "[64:ff9b::c0a8:1]": "private",
    "169.254.169.254": "link-local",
    "[fe80::1]": "link-local",
    "[fe80::1%25eth0]": "link-local",
    "[fc00::1]": "unique-local",
    "[fd12:3456::1]": "unique-local",
    "0.0.0.0": "unspecified",  # noqa: S104 - a host to reject, not one to bind
    "[::]": "unspecified",
    "100.64.0.1": "non-public",
    "224.0.0.1": "multicast",
    "localhost": "local host name",
    "LOCALHOST.": "local host name",
    "api.localhost": "local host name",
    "printer.local": "local host name",
}
PUBLIC = [
    "example.com",
    "8.8.8.8",
    "172.32.0.1",
    "[2001:4860:4860::8888]",
    "[::ffff:8.8.8.8]",
    "1.1.1.1",
    "localhost.example.com",
]


@pytest.mark.parametrize(("host", "kind"), INTERNAL.items())
def test_internal_hosts(host: str, kind: str) -> None:
    reason = internal_host_reason(host)
    assert reason is not None and kind in reason


@pytest.mark.parametrize("host", PUBLIC)
def test_public_hosts(host: str) -> None:
    assert internal_host_reason(host) is None
