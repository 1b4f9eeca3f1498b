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

from imgsynth.net.hosts import AddressPolicy, normalise_host
from imgsynth.net.http import Answer, Http, Limits, NetError
from imgsynth.net.policy import RETRY_STATUSES, RetryPolicy

__all__ = ["RETRY_STATUSES", "AddressPolicy", "Answer", "Http", "Limits", "NetError", "RetryPolicy", "normalise_host"]
