"""Check a set of external links once each: deduplicated, cached, excluded, polite, in two passes.

Results are kept as they come: successes go into the cache at once, and while the workers run
the caller gets a *checkpoint* (a report of everything known so far) every few seconds, so a job
that is stopped or killed keeps what it checked. :meth:`ExternalChecker.snapshot` gives the same
report at any moment (e.g. from a SIGTERM handler).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urldefrag

from imgsynth.links.arxiv import ArxivMetadata, arxiv_id
from imgsynth.links.cache import ResultCache
from imgsynth.links.exclusions import Exclusion, Exclusions
from imgsynth.links.limits import HostLimits, HostQueue
from imgsynth.links.outcome import LinkResult, Outcome
from imgsynth.links.probe import Prober
from imgsynth.links.settings import CheckerSettings, host_and_port

Progress = Callable[[str, int, int], None]
"""Called with (pass name, links done, links to do) as a pass goes on."""
Checkpoint = Callable[["CheckReport"], None]
"""Called with the report so far, every ``checkpoint_every`` seconds while links are checked."""


@dataclass
class CheckReport:
    results: list[LinkResult]
    excluded: list[tuple[str, Exclusion, list[str]]] = field(default_factory=list)
    requests: int = 0
    """Distinct URLs fetched over the network (both passes), i.e. not from cache or arXiv metadata."""
    total: int = 0
    """Links asked for (the excluded ones included)."""
    complete: bool = True
    """False for a report written while the check was still going (or when it was stopped)."""

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)


class ExternalChecker:
    def __init__(
        self,
        settings: CheckerSettings | None = None,
        *,
        cache: ResultCache | None = None,
        exclusions: Exclusions | None = None,
        arxiv: ArxivMetadata | None = None,
        second_pass: bool = True,
        sleep: Callable[[float], None] = time.sleep,
        progress: Progress | None = None,
    ) -> None:
        self.settings = settings or CheckerSettings()
        self.cache = cache or ResultCache(None)
        self.exclusions = exclusions or Exclusions()
        self.arxiv = arxiv
        self.second_pass = second_pass
        self.sleep = sleep
        self.progress = progress
        self.prober = Prober(self.settings, HostLimits(), sleep)
        self._lock = threading.Lock()
        self._pages: dict[str, list[str]] = {}
        self._known: list[LinkResult] = []
        self._fetched: dict[str, LinkResult] = {}
        self._excluded: list[tuple[str, Exclusion, list[str]]] = []

    def check(
        self, links: Mapping[str, Iterable[str]], *, checkpoint: Checkpoint | None = None, checkpoint_every: float = 5.0
    ) -> CheckReport:
        """``links`` maps each URL to the pages it appears on; every URL gets one result."""
        self._pages = {url: sorted(set(where)) for url, where in links.items()}
        self._known, self._fetched, self._excluded = [], {}, []
        to_fetch: list[str] = []
        for url in sorted(self._pages):
            exclusion = self.exclusions.match(url)
            if exclusion:
                self._excluded.append((url, exclusion, self._pages[url]))
            elif self.arxiv is not None and (paper := arxiv_id(url)):
                self._known.append(self.arxiv.check(url, paper))
            elif cached := self.cache.fresh(url):
                self._known.append(LinkResult(url, Outcome.OK, cached.status, "ok (cached success)"))
            else:
                to_fetch.append(url)
        tick = _Ticker(self, checkpoint, checkpoint_every)
        self._pass("first pass", to_fetch, tick)
        requests = len({self._key(url) for url in to_fetch})
        again = [url for url, result in self._fetched.items() if result.outcome is not Outcome.OK]
        if again and self.second_pass:
            self.sleep(self.settings.second_pass_delay)
            first = {url: self._fetched[url] for url in again}
            self._pass("second pass", again, tick, first)
            requests += len({self._key(url) for url in again})
        self.cache.save()
        report = self.snapshot()
        report.requests = requests
        report.complete = True
        return report

    def snapshot(self) -> CheckReport:
        """Everything known so far, sorted by URL (``complete`` is False)."""
        with self._lock:
            results = [LinkResult(r.url, r.outcome, r.status, r.reason) for r in self._known]
            results += [LinkResult(r.url, r.outcome, r.status, r.reason) for r in self._fetched.values()]
        for result in results:
            result.pages = self._pages.get(result.url, [])
        results.sort(key=lambda result: result.url)
        return CheckReport(results, list(self._excluded), total=len(self._pages), complete=False)

    def _key(self, url: str) -> str:
        """What is actually fetched: the fragment matters only where fragments are checked."""
        return url if self.settings.policy(url).fragments else urldefrag(url)[0]

    def _pass(self, name: str, urls: list[str], tick: _Ticker, first: dict[str, LinkResult] | None = None) -> None:
        by_key: dict[str, list[str]] = defaultdict(list)
        for url in urls:
            by_key[self._key(url)].append(url)
        keys = sorted(by_key)
        limits: dict[str, int] = {}
        for key in keys:
            host = _host(key)
            limits[host] = min(limits.get(host, 1 << 30), self.settings.policy(key).per_host)
        queue = HostQueue(keys, _host, limits.__getitem__)
        done = [0]

        def record(key: str, result: LinkResult) -> None:
            with self._lock:
                for url in by_key[key]:
                    verdict = LinkResult(url, result.outcome, result.status, result.reason)
                    if first and verdict.outcome is Outcome.OK:
                        verdict.reason += f" on the second pass (first: {first[url].reason})"
                    self._fetched[url] = verdict
                    if verdict.outcome is Outcome.OK:
                        self.cache.remember(url, verdict.status)
                done[0] += 1
                if self.progress:
                    self.progress(name, done[0], len(keys))

        def work() -> None:
            while (task := queue.take()) is not None:
                host, key = task
                try:
                    result = self.prober.check(key)
                finally:
                    queue.done(host)
                record(key, result)

        workers = [
            threading.Thread(target=work, daemon=True) for _ in range(max(1, min(self.settings.concurrency, len(keys))))
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            while worker.is_alive():
                worker.join(0.25)
                tick()


class _Ticker:
    """Calls the checkpoint (and saves the cache) at most every ``every`` seconds."""

    def __init__(self, checker: ExternalChecker, checkpoint: Checkpoint | None, every: float) -> None:
        self.checker = checker
        self.checkpoint = checkpoint
        self.every = every
        self.last = time.monotonic()

    def __call__(self) -> None:
        if time.monotonic() - self.last < self.every:
            return
        self.last = time.monotonic()
        self.checker.cache.save()
        if self.checkpoint:
            self.checkpoint(self.checker.snapshot())


def _host(url: str) -> str:
    """The normalised host of ``url``: one politeness limit per host, however it is spelled."""
    return host_and_port(url)[0]
