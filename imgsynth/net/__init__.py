"""What the project's HTTP clients share: one retry policy, bounded requests, address rules.

* :mod:`imgsynth.net.policy` — when to retry and how long to wait (429, 5xx, timeouts, resets;
  never a 400), ``Retry-After`` read by urllib3 and capped.
* :mod:`imgsynth.net.http` — one request with an overall deadline (connect, headers and body,
  whatever the server drips), a cap on the decoded body, and optional address rules.
* :mod:`imgsynth.net.hosts` — host names normalised (IDNA, case, trailing dot, numeric IPv4
  forms) and the rule that keeps a client off private, loopback and link-local addresses.

The arXiv client (:mod:`imgsynth.arxiv.client`) and the external link checker
(:mod:`imgsynth.links.probe`) both use them.
"""

from __future__ import annotations

from imgsynth.lazy import lazy_exports

_EXPORTS = {
    "AddressPolicy": "imgsynth.net.hosts",
    "normalise_host": "imgsynth.net.hosts",
    "Answer": "imgsynth.net.http",
    "Http": "imgsynth.net.http",
    "Limits": "imgsynth.net.http",
    "NetError": "imgsynth.net.http",
    "RETRY_STATUSES": "imgsynth.net.policy",
    "RetryPolicy": "imgsynth.net.policy",
}
"""Names are imported on first use: reading settings never loads urllib3 (a build that checks no
external link does not need it)."""

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
