"""Host names as one key per machine, and which addresses a client may connect to.

``normalise_host`` gives the same key for every spelling of a host a URL can use: upper or lower
case, a trailing dot, an internationalised name (IDNA, ``bücher.example`` ->
``xn--bcher-kva.example``) and the numeric IPv4 forms the resolver accepts (``2130706433``,
``0x7f.1``, ``127.1`` and ``0177.0.0.1`` are all ``127.0.0.1``). Per-host limits use it, so a
page cannot get round them by spelling a host several ways.

``AddressPolicy`` refuses private, loopback, link-local and every other non-public address
unless a network is allowed explicitly (the tests allow ``127.0.0.0/8``).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NUMERIC_V4 = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}$")


def normalise_host(host: str) -> str:
    """One spelling per host: see the module's documentation. Unreadable names come back lower-cased."""
    name = host.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    name = name.rstrip(".")
    address = parse_address(name)
    if address is not None:
        return address.compressed
    if name.isascii():
        return name
    import idna  # only for internationalised names

    try:
        return idna.encode(name, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return name


def parse_address(name: str) -> IPAddress | None:
    """An IP literal in any form the resolver accepts (IPv6, dotted quad, hex, octal, short), else None."""
    name = name.strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        return ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        pass
    if _NUMERIC_V4.match(name):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(name))
        except OSError:
            return None
    return None


def describe(address: IPAddress) -> str:
    """What kind of non-public address this is, for a message."""
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_private:
        return "a private address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "an unspecified address"
    return "not a public address"


@dataclass(frozen=True)
class AddressPolicy:
    """Connect only to public addresses, plus the networks in ``allow``."""

    allow: tuple[IPNetwork, ...] = ()

    @classmethod
    def allowing(cls, networks: Iterable[str]) -> AddressPolicy:
        """From network strings such as ``127.0.0.0/8``; raises ValueError for a bad one."""
        return cls(tuple(ipaddress.ip_network(str(network), strict=False) for network in networks))

    def permits(self, address: IPAddress) -> bool:
        mapped = getattr(address, "ipv4_mapped", None)
        if mapped is not None:
            address = mapped
        if any(address.version == network.version and address in network for network in self.allow):
            return True
        return address.is_global and not address.is_multicast

    def refusal(self, host: str, address: IPAddress) -> str | None:
        """Why ``host`` (at ``address``) may not be contacted, or None when it may."""
        if self.permits(address):
            return None
        where = f"{host} is" if normalise_host(host) == address.compressed else f"{host} resolves to {address},"
        return f"{where} {describe(address)}; not contacted (allow its network explicitly to check it)"
