"""The external checker against real HTTP servers on 127.0.0.x with injected faults (no network)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from imgsynth.links import CheckerSettings, ExternalChecker, Outcome
from imgsynth.links.arxiv import ArxivMetadata
from imgsynth.links.cache import ResultCache
from imgsynth.links.errors import LinksConfigError
from imgsynth.links.exclusions import load_exclusions
from imgsynth.links.report import markdown_summary, write_json
from imgsynth.links.settings import USER_AGENT
from tests.links_support import FaultServer, Meter, Reply, refused_url, servers

pytestmark = pytest.mark.timeout(60)

FAST = CheckerSettings(timeout=0.5, retries=2, backoff=0.25, retry_after_cap=5.0, second_pass_delay=7.0)


class Sleeps(list[float]):
    """An injected sleep: records what the checker asked for, returns at once."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def host() -> Iterator[FaultServer]:
    with servers(1) as (server,):
        yield server


def check(urls: list[str] | dict[str, list[str]], settings: CheckerSettings = FAST, **options):
    sleeps = options.pop("sleeps", Sleeps())
    links = urls if isinstance(urls, dict) else {url: ["docs/page.md"] for url in urls}
    checker = ExternalChecker(settings, sleep=sleeps, second_pass=options.pop("second_pass", False), **options)
    report = checker.check(links)
    return {result.url: result for result in report.results}, report, sleeps


def test_200_is_ok_and_the_user_agent_is_honest(host: FaultServer) -> None:
    host.routes["/ok"] = Reply(200)
    results, _, _ = check([host.url("/ok")])
    result = results[host.url("/ok")]
    assert (result.outcome, result.status, result.reason) == (Outcome.OK, 200, "ok")
    assert host.hits("/ok") == ["HEAD"]
    assert host.user_agents == {USER_AGENT}


def test_301_to_200_is_ok_and_says_where_it_went(host: FaultServer) -> None:
    host.routes["/old"] = Reply(301, {"Location": "/new"})
    host.routes["/new"] = Reply(200)
    results, _, _ = check([host.url("/old")])
    result = results[host.url("/old")]
    assert (result.outcome, result.status) == (Outcome.OK, 200)
    assert result.reason == f"ok after redirect to {host.url('/new')}"


def test_a_redirect_loop_is_unknown(host: FaultServer) -> None:
    host.routes["/a"] = Reply(302, {"Location": "/b"})
    host.routes["/b"] = Reply(302, {"Location": "/a"})
    results, _, _ = check([host.url("/a")])
    result = results[host.url("/a")]
    assert result.outcome is Outcome.UNKNOWN
    assert result.reason == f"redirect loop through {host.url('/a')}"
    assert host.hits("/a") == ["HEAD"]  # a loop is a verdict: no GET, no retry


@pytest.mark.parametrize(("status", "reason"), [(404, "not found"), (410, "gone")])
def test_404_and_410_are_broken(host: FaultServer, status: int, reason: str) -> None:
    host.routes["/dead"] = Reply(status)
    results, _, sleeps = check([host.url("/dead")])
    result = results[host.url("/dead")]
    assert (result.outcome, result.status, result.reason) == (Outcome.BROKEN, status, reason)
    assert host.hits("/dead") == ["HEAD", "GET"]  # HEAD failed, GET confirmed
    assert sleeps == []  # not retried


def test_403_is_unknown_not_broken(host: FaultServer) -> None:
    host.routes["/private"] = Reply(403)
    results, _, _ = check([host.url("/private")])
    result = results[host.url("/private")]
    assert (result.outcome, result.status) == (Outcome.UNKNOWN, 403)
    assert "check it in a browser" in result.reason


def test_a_cloudflare_challenge_is_a_bot_wall(host: FaultServer) -> None:
    host.routes["/walled"] = Reply(403, {"cf-mitigated": "challenge"})
    results, _, _ = check([host.url("/walled")])
    assert results[host.url("/walled")].reason == "bot wall (Cloudflare challenge); check it in a browser"


def test_429_waits_as_long_as_retry_after_says_then_succeeds(host: FaultServer) -> None:
    host.routes["/busy"] = [Reply(429, {"Retry-After": "2"}), Reply(200)]
    results, _, sleeps = check([host.url("/busy")])
    result = results[host.url("/busy")]
    assert (result.outcome, result.status) == (Outcome.OK, 200)
    assert result.reason == "ok (after 2 attempts)"
    assert sleeps == [2.0]
    assert host.hits("/busy") == ["HEAD", "HEAD"]  # a 429 is not answered with an extra GET


def test_retry_after_is_capped_and_429_after_all_retries_is_unknown(host: FaultServer) -> None:
    host.routes["/busy"] = Reply(429, {"Retry-After": "3600"})
    results, _, sleeps = check([host.url("/busy")])
    result = results[host.url("/busy")]
    assert (result.outcome, result.status) == (Outcome.UNKNOWN, 429)
    assert result.reason == "too many requests (after 3 attempts)"
    assert sleeps == [FAST.retry_after_cap, FAST.retry_after_cap]


def test_500_then_200_is_ok_after_exponential_backoff(host: FaultServer) -> None:
    host.routes["/flaky"] = [Reply(500), Reply(500), Reply(503), Reply(502), Reply(200)]
    results, _, sleeps = check([host.url("/flaky")])
    assert results[host.url("/flaky")].outcome is Outcome.OK
    assert sleeps == [0.25, 0.5]  # backoff, doubled
    assert host.hits("/flaky") == ["HEAD", "GET", "HEAD", "GET", "HEAD"]


def test_slower_than_the_timeout_is_unknown_after_retries(host: FaultServer) -> None:
    host.routes["/slow"] = Reply(200, delay=1.0)
    settings = CheckerSettings(timeout=0.2, retries=1, backoff=0.0)
    results, _, sleeps = check([host.url("/slow")], settings)
    result = results[host.url("/slow")]
    assert (result.outcome, result.status) == (Outcome.UNKNOWN, None)
    assert result.reason == "timed out after 0.2s (after 2 attempts)"
    assert len(host.hits("/slow")) == 2


def test_connection_refused_is_broken() -> None:
    url = refused_url()
    results, _, sleeps = check([url])
    assert results[url].outcome is Outcome.BROKEN
    assert results[url].reason.startswith("connection refused by 127.0.0.1:")
    assert sleeps == []


def test_head_405_falls_back_to_get(host: FaultServer) -> None:
    host.routes["/nohead"] = Reply(200, head_status=405)
    results, _, _ = check([host.url("/nohead")])
    assert results[host.url("/nohead")].outcome is Outcome.OK
    assert host.hits("/nohead") == ["HEAD", "GET"]


def test_fragments_are_checked_by_get_where_enabled(host: FaultServer) -> None:
    host.routes["/paper"] = Reply(200, body=b'<h2 id="results">Results</h2><a name="old-anchor"></a>')
    present, named, missing = host.url("/paper#results"), host.url("/paper#old-anchor"), host.url("/paper#method")
    settings = CheckerSettings.from_mapping({"timeout": 1, "hosts": {host.host: {"fragments": True}}})
    results, _, _ = check([present, named, missing], settings)
    assert results[present].outcome is Outcome.OK
    assert results[named].outcome is Outcome.OK
    assert (results[missing].outcome, results[missing].reason) == (
        Outcome.BROKEN,
        "the page has no element with id 'method'",
    )
    assert host.hits("/paper") == ["GET", "GET", "GET"]


def test_without_fragment_checking_one_head_serves_every_fragment(host: FaultServer) -> None:
    host.routes["/paper"] = Reply(200, body=b"<p>no ids</p>")
    urls = [host.url("/paper#a"), host.url("/paper#b"), host.url("/paper")]
    results, report, _ = check(urls)
    assert {r.outcome for r in results.values()} == {Outcome.OK}
    assert host.hits("/paper") == ["HEAD"]
    assert report.requests == 1


def test_limits_per_host_and_overall_hold_and_are_used() -> None:
    everywhere = Meter()
    with servers(4, latency=0.05, shared=(everywhere,)) as hosts:
        links = {}
        for server in hosts:
            for n in range(12):
                server.routes[f"/p{n}"] = Reply(200)
                links[server.url(f"/p{n}")] = ["docs/page.md"]
        slow_host = hosts[3].host
        settings = CheckerSettings.from_mapping(
            {"concurrency": 5, "per_host": 2, "hosts": {slow_host: {"per_host": 1}}}
        )
        results, _, _ = check(links, settings)
        assert {r.outcome for r in results.values()} == {Outcome.OK}
        assert everywhere.peak == 5  # the global limit held, and was reached
        for server in hosts[:3]:
            assert server.requests.peak == 2, server.host
            assert server.connections.peak <= 2, server.host
        assert hosts[3].requests.peak == 1
        assert hosts[3].connections.peak == 1


def test_the_same_url_on_many_pages_is_fetched_once_and_keeps_every_page(host: FaultServer) -> None:
    host.routes["/x"] = Reply(200)
    url = host.url("/x")
    results, _, _ = check({url: ["content/milestones/gan.md", "docs/about.md", "docs/about.md"]})
    assert results[url].pages == ["content/milestones/gan.md", "docs/about.md"]
    assert host.hits("/x") == ["HEAD"]


def test_second_pass_rechecks_what_was_not_ok_after_a_delay(host: FaultServer) -> None:
    host.routes["/hiccup"] = [Reply(404), Reply(404), Reply(200)]  # HEAD and GET fail, then it is back
    host.routes["/dead"] = Reply(410)
    host.routes["/ok"] = Reply(200)
    urls = [host.url("/hiccup"), host.url("/dead"), host.url("/ok")]
    results, report, sleeps = check(urls, second_pass=True)
    assert results[host.url("/hiccup")].outcome is Outcome.OK
    assert results[host.url("/hiccup")].reason == "ok on the second pass (first: not found)"
    assert results[host.url("/dead")].outcome is Outcome.BROKEN
    assert sleeps == [FAST.second_pass_delay]
    assert host.hits("/ok") == ["HEAD"]  # ok links are not checked again
    assert host.hits("/dead") == ["HEAD", "GET", "HEAD", "GET"]
    assert report.requests == 5


def test_without_a_second_pass_the_first_verdict_stands(host: FaultServer) -> None:
    host.routes["/hiccup"] = [Reply(404), Reply(404), Reply(200)]
    results, _, sleeps = check([host.url("/hiccup")], second_pass=False)
    assert results[host.url("/hiccup")].outcome is Outcome.BROKEN
    assert sleeps == []


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_cache_keeps_successes_until_they_expire(host: FaultServer, tmp_path: Path) -> None:
    host.routes["/ok"] = Reply(200)
    host.routes["/dead"] = Reply(404)
    urls = [host.url("/ok"), host.url("/dead")]
    clock, path = Clock(), tmp_path / ".cache" / "links" / "external.json"

    def run():
        return check(urls, cache=ResultCache(path, max_age_days=7, clock=clock))[0]

    run()
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored == {host.url("/ok"): {"checked": clock.now, "status": 200}}  # failures are not cached
    clock.now += 6 * 86400
    results = run()
    assert results[host.url("/ok")].reason == "ok (cached success)"
    assert host.hits("/ok") == ["HEAD"]
    assert host.hits("/dead") == ["HEAD", "GET", "HEAD", "GET"]  # checked again every time
    clock.now += 2 * 86400  # 8 days after the first check
    results = run()
    assert results[host.url("/ok")].reason == "ok"
    assert host.hits("/ok") == ["HEAD", "HEAD"]


def test_a_corrupt_cache_is_ignored(host: FaultServer, tmp_path: Path) -> None:
    host.routes["/ok"] = Reply(200)
    path = tmp_path / "external.json"
    path.write_text("{not json", encoding="utf-8")
    results, _, _ = check([host.url("/ok")], cache=ResultCache(path))
    assert results[host.url("/ok")].outcome is Outcome.OK
    assert host.url("/ok") in json.loads(path.read_text(encoding="utf-8"))


def test_arxiv_links_are_judged_by_the_committed_metadata(tmp_path: Path) -> None:
    store = tmp_path / "arxiv.json"
    store.write_text(json.dumps({"1406.2661": {"title": "Generative Adversarial Networks"}}), encoding="utf-8")
    known, pdf, missing = (
        "https://arxiv.org/abs/1406.2661",
        "https://arxiv.org/pdf/1406.2661v1",
        "https://arxiv.org/abs/2112.10752",
    )
    results, report, _ = check([known, pdf, missing], arxiv=ArxivMetadata(store, "content/arxiv.json"))
    assert (results[known].outcome, results[known].reason) == (
        Outcome.OK,
        "arXiv 1406.2661 found in content/arxiv.json",
    )
    assert results[pdf].outcome is Outcome.OK
    assert (results[missing].outcome, results[missing].reason) == (
        Outcome.UNKNOWN,
        "arXiv 2112.10752 is not in content/arxiv.json; run `make papers` to fetch its metadata",
    )
    assert report.requests == 0
    absent = ArxivMetadata(tmp_path / "nothing.json", "content/arxiv.json")
    results, _, _ = check([known], arxiv=absent)
    assert results[known].reason == "arXiv 1406.2661: content/arxiv.json does not exist; run `make papers`"


def test_excluded_links_are_not_fetched(host: FaultServer, tmp_path: Path) -> None:
    path = tmp_path / "link-exclusions.yaml"
    path.write_text(
        f"exclusions:\n  - url: {host.url('/members/')}\n    reason: 403 to scripts\n    date: 2024-05-01\n",
        encoding="utf-8",
    )
    url = host.url("/members/area")
    results, report, _ = check([url], exclusions=load_exclusions(path))
    assert results == {}
    assert [(u, e.reason, str(e.date)) for u, e, _ in report.excluded] == [(url, "403 to scripts", "2024-05-01")]
    assert host.hits("/members/area") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "exclusions:\n  - url: https://x.org/\n    date: 2024-01-01\n",
            "x.yaml: exclusion 1: every exclusion needs a 'reason': why the link cannot be checked",
        ),
        (
            "exclusions:\n  - url: https://x.org/\n    reason: r\n",
            "x.yaml: exclusion 1: every exclusion needs the 'date' it was reviewed, as YYYY-MM-DD",
        ),
        (
            "exclusions:\n  - reason: r\n    date: 2024-01-01\n",
            "x.yaml: exclusion 1: give exactly one of 'url' (a prefix) or 'pattern' (a regular expression)",
        ),
    ],
)
def test_exclusions_without_reason_or_date_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LinksConfigError) as error:
        load_exclusions(path, "x.yaml")
    assert str(error.value) == message


def test_unknown_settings_are_refused_with_the_known_ones() -> None:
    with pytest.raises(LinksConfigError) as error:
        CheckerSettings.from_mapping({"perhost": 2})
    assert str(error.value).startswith("the link-check settings: unknown setting 'perhost'; known settings: ")


def test_report_json_and_markdown(host: FaultServer, tmp_path: Path) -> None:
    host.routes["/ok"] = Reply(200)
    host.routes["/dead"] = Reply(404)
    host.routes["/private"] = Reply(403)
    links = {
        host.url("/ok"): ["docs/about.md"],
        host.url("/dead"): ["content/milestones/gan.md", "docs/about.md"],
        host.url("/private"): ["docs/about.en.md"],
    }
    _, report, _ = check(links)
    path = tmp_path / "report.json"
    write_json(report, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == [
        {
            "url": host.url("/dead"),
            "outcome": "broken",
            "status": 404,
            "reason": "not found",
            "pages": ["content/milestones/gan.md", "docs/about.md"],
        },
        {"url": host.url("/ok"), "outcome": "ok", "status": 200, "reason": "ok", "pages": ["docs/about.md"]},
        {
            "url": host.url("/private"),
            "outcome": "unknown",
            "status": 403,
            "reason": "access denied to the checker; check it in a browser",
            "pages": ["docs/about.en.md"],
        },
    ]
    summary = markdown_summary(report)
    assert "3 links checked: **1 ok**, **1 broken**, **1 unknown**; 0 excluded" in summary
    assert f"| broken | <{host.url('/dead')}> | 404 | not found | content/milestones/gan.md, docs/about.md |" in summary
    assert summary.index("| broken |") < summary.index("| unknown |")
