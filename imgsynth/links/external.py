"""Check a set of external links once each: deduplicated, cached, excluded, polite, in two passes."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from imgsynth.links.arxiv import ArxivMetadata, arxiv_id
from imgsynth.links.cache import ResultCache
from imgsynth.links.exclusions import Exclusion, Exclusions
from imgsynth.links.limits import HostLimits, HostQueue
from imgsynth.links.outcome import LinkResult, Outcome
from imgsynth.links.probe import Prober
from imgsynth.links.settings import CheckerSettings

Progress = Callable[[str, int, int], None]
"""Called with (pass name, links done, links to do) as a pass goes on."""


@dataclass
class CheckReport:
    results: list[LinkResult]
    excluded: list[tuple[str, Exclusion, list[str]]] = field(default_factory=list)
    requests: int = 0
    """Distinct URLs fetched over the network (both passes), i.e. not from cache or arXiv metadata."""

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

    def check(self, links: Mapping[str, Iterable[str]]) -> CheckReport:
        """``links`` maps each URL to the pages it appears on; every URL gets one result."""
        pages = {url: sorted(set(where)) for url, where in links.items()}
        report = CheckReport([])
        to_fetch: list[str] = []
        for url in sorted(pages):
            exclusion = self.exclusions.match(url)
            if exclusion:
                report.excluded.append((url, exclusion, pages[url]))
            elif self.arxiv is not None and (paper := arxiv_id(url)):
                report.results.append(self.arxiv.check(url, paper))
            elif cached := self.cache.fresh(url):
                report.results.append(LinkResult(url, Outcome.OK, cached.status, "ok (cached success)"))
            else:
                to_fetch.append(url)
        fetched = self._pass("first pass", to_fetch)
        report.requests = len({self._key(url) for url in to_fetch})
        again = [url for url, result in fetched.items() if result.outcome is not Outcome.OK]
        if again and self.second_pass:
            self.sleep(self.settings.second_pass_delay)
            for url, result in self._pass("second pass", again).items():
                previous = fetched[url]
                if result.outcome is Outcome.OK:
                    result.reason += f" on the second pass (first: {previous.reason})"
                fetched[url] = result
            report.requests += len({self._key(url) for url in again})
        for url, result in fetched.items():
            if result.outcome is Outcome.OK:
                self.cache.remember(url, result.status)
        self.cache.save()
        report.results.extend(fetched.values())
        for result in report.results:
            result.pages = pages[result.url]
        report.results.sort(key=lambda result: result.url)
        return report

    def _key(self, url: str) -> str:
        """What is actually fetched: the fragment matters only where fragments are checked."""
        return url if self.settings.policy(url).fragments else urldefrag(url)[0]

    def _pass(self, name: str, urls: list[str]) -> dict[str, LinkResult]:
        by_key: dict[str, list[str]] = defaultdict(list)
        for url in urls:
            by_key[self._key(url)].append(url)
        keys = sorted(by_key)
        queue = HostQueue(keys, _host, lambda host: self.settings.policy(f"http://{host}/").per_host)
        keyed: dict[str, LinkResult] = {}
        lock = threading.Lock()

        def work() -> None:
            while (task := queue.take()) is not None:
                host, key = task
                try:
                    result = self.prober.check(key)
                finally:
                    queue.done(host)
                with lock:
                    keyed[key] = result
                    if self.progress:
                        self.progress(name, len(keyed), len(keys))

        workers = [
            threading.Thread(target=work, daemon=True) for _ in range(max(1, min(self.settings.concurrency, len(keys))))
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        results: dict[str, LinkResult] = {}
        for key, result in keyed.items():
            for url in by_key[key]:
                results[url] = LinkResult(url, result.outcome, result.status, result.reason)
        return results


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()
