"""Settings of the external checker: politeness defaults and per-host overrides.

They live in the site's configuration file under ``extra: links:`` (read by the build adapter
in ``hooks/`` and by ``scripts/check_links.py``); every key is optional::

    extra:
      links:
        concurrency: 16          # requests in flight, all hosts together
        per_host: 2              # requests in flight to one host
        deadline: 30             # seconds for one request, however slowly the server answers
        allow_addresses: []      # non-public networks that may be checked (never by default)
        hosts:
          proceedings.neurips.cc: {per_host: 1}
          github.com: {fragments: false}

Host names are normalised (:func:`imgsynth.net.normalise_host`): ``hosts:`` keys and the
per-host limits treat every spelling of a host as one (case, trailing dot, IDNA, numeric IPv4).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlsplit

from imgsynth.links.errors import LinksConfigError
from imgsynth.net.hosts import AddressPolicy, normalise_host

USER_AGENT = (
    "imgsynth-linkcheck/0.1 (link checker of the 'Ten Years of Image Synthesis' site; "
    "+https://github.com/imgsynth/ten-years)"
)


@dataclass(frozen=True)
class HostPolicy:
    per_host: int = 2
    """Requests in flight to this host at most."""
    timeout: float = 15.0
    """Seconds to connect, and seconds to wait for each read."""
    fragments: bool = False
    """Fetch pages to check that ``#fragment`` exists (off by default: many sites build anchors in JavaScript)."""


@dataclass(frozen=True)
class CheckerSettings:
    concurrency: int = 16
    per_host: int = 2
    timeout: float = 15.0
    fragments: bool = False
    retries: int = 2
    """Extra attempts after a 429, a 5xx, a timeout or a reset connection."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled at each further one."""
    retry_after_cap: float = 60.0
    """Never wait longer than this for a ``Retry-After``, whatever the server asks."""
    second_pass_delay: float = 30.0
    """Seconds to wait before re-checking every link that was not ok."""
    max_redirects: int = 10
    deadline: float = 30.0
    """Seconds for one check of a URL (connect, headers, body, redirects), however slowly it answers."""
    cache_days: float = 7.0
    """Successes are trusted for this long; failures are never cached."""
    user_agent: str = USER_AGENT
    allow_addresses: tuple[str, ...] = ()
    """Networks the checker may contact although they are not public, e.g. ``127.0.0.0/8`` for
    tests. By default private, loopback, link-local and other non-public addresses are never
    contacted, whether a link names them or a host name resolves to them."""
    hosts: dict[str, HostPolicy] = field(default_factory=dict)

    def policy(self, url: str) -> HostPolicy:
        """The policy for the host of ``url``: the defaults, overridden by ``hosts.<host>`` or ``hosts.<host:port>``."""
        default = HostPolicy(per_host=self.per_host, timeout=self.timeout, fragments=self.fragments)
        host, port = host_and_port(url)
        override = (self.hosts.get(f"{host}:{port}") if port else None) or self.hosts.get(host)
        return override or default

    def addresses(self) -> AddressPolicy:
        return AddressPolicy.allowing(self.allow_addresses)

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None, where: str = "the link-check settings") -> CheckerSettings:
        data = dict(data or {})
        for key in ("external", "exclusions", "cache_dir"):  # read by the entry points, not the checker
            data.pop(key, None)
        hosts = data.pop("hosts", None) or {}
        allow = data.pop("allow_addresses", None) or []
        if not isinstance(allow, list) or not all(isinstance(network, str) for network in allow):
            raise LinksConfigError(where, "'allow_addresses' must be a list of networks, e.g. [127.0.0.0/8]")
        for network in allow:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise LinksConfigError(
                    where, f"'allow_addresses': {network!r} is not a network like 10.0.0.0/8"
                ) from None
        settings = cls(**_typed(cls, data, where), allow_addresses=tuple(allow))
        if not isinstance(hosts, dict):
            raise LinksConfigError(
                where, "'hosts' must map a host name to its settings, e.g. {github.com: {per_host: 1}}"
            )
        base = HostPolicy(per_host=settings.per_host, timeout=settings.timeout, fragments=settings.fragments)
        policies = {
            _host_key(str(host)): replace(base, **_typed(HostPolicy, values or {}, f"{where} hosts.{host}"))
            for host, values in hosts.items()
        }
        return replace(settings, hosts=policies)


def host_and_port(url: str) -> tuple[str, int | None]:
    """The normalised host of ``url`` and its explicit port (None when it has none or a bad one)."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return normalise_host(parts.hostname or ""), port


def _host_key(key: str) -> str:
    """A ``hosts:`` key (``Host.Example.``, ``host:8080``, ``[::1]:8080``) in normalised form."""
    host, port = host_and_port(f"http://{key}/")
    return f"{host}:{port}" if port else host


def _typed(kind: type, data: dict[str, Any], where: str) -> dict[str, Any]:
    known = {f.name: f for f in fields(kind) if f.name not in ("hosts", "allow_addresses")}
    if not isinstance(data, dict):
        raise LinksConfigError(where, f"expected a mapping of settings, got {data!r}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise LinksConfigError(where, f"unknown setting '{key}'; known settings: {', '.join(sorted(known))}")
        default = getattr(kind(), key)
        expected = type(default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise LinksConfigError(where, f"'{key}' must be a {expected.__name__}, got {value!r}")
        if expected in (int, float) and value < 0 or key in ("concurrency", "per_host") and value < 1:
            raise LinksConfigError(where, f"'{key}' must be positive, got {value!r}")
        values[key] = value
    return values
