"""The external checker against real HTTP servers on 127.0.0.x with injected faults (no network)."""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from arxiv_server import make_entry, write_store
from gfm import active, render
from hostile_http import HostileServer, answer, bomb, drip, reset_mid_body

from imgsynth.links import CheckerSettings, ExternalChecker, HostPolicy, LinkResult, Outcome
from imgsynth.links.arxiv import ArxivMetadata
from imgsynth.links.cache import ResultCache
from imgsynth.links.errors import LinksConfigError
from imgsynth.links.exclusions import load_exclusions
from imgsynth.links.external import CheckReport
from imgsynth.links.report import markdown_summary, write_json
from imgsynth.links.settings import USER_AGENT
from imgsynth.mdescape import text
from tests.links_support import FaultServer, Meter, Reply, refused_url, servers

pytestmark = pytest.mark.timeout(60)

LOOPBACK = ("127.0.0.0/8",)
"""The test servers' network: never contacted unless allowed (the default allows no private address)."""
FAST = CheckerSettings(
    timeout=0.5, retries=2, backoff=0.25, retry_after_cap=5.0, second_pass_delay=7.0, allow_addresses=LOOPBACK
)


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
    assert host.hits("/ok") == ["GET"]  # one GET; only the start of the page is read
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
    assert host.hits("/a") == ["GET"]  # a loop is a verdict: no retry


@pytest.mark.parametrize(("status", "reason"), [(404, "not found"), (410, "gone")])
def test_404_and_410_are_broken(host: FaultServer, status: int, reason: str) -> None:
    host.routes["/dead"] = Reply(status)
    results, _, sleeps = check([host.url("/dead")])
    result = results[host.url("/dead")]
    assert (result.outcome, result.status, result.reason) == (Outcome.BROKEN, status, reason)
    assert host.hits("/dead") == ["GET"]
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
    assert host.hits("/busy") == ["GET", "GET"]


def test_retry_after_is_capped_and_429_after_all_retries_is_unknown(host: FaultServer) -> None:
    host.routes["/busy"] = Reply(429, {"Retry-After": "3600"})
    results, _, sleeps = check([host.url("/busy")])
    result = results[host.url("/busy")]
    assert (result.outcome, result.status) == (Outcome.UNKNOWN, 429)
    assert result.reason == "too many requests (after 3 attempts)"
    assert sleeps == [FAST.retry_after_cap, FAST.retry_after_cap]


def test_500_then_200_is_ok_after_exponential_backoff(host: FaultServer) -> None:
    host.routes["/flaky"] = [Reply(500), Reply(503), Reply(200)]
    results, _, sleeps = check([host.url("/flaky")])
    assert results[host.url("/flaky")].outcome is Outcome.OK
    assert sleeps == [0.25, 0.5]  # backoff, doubled
    assert host.hits("/flaky") == ["GET", "GET", "GET"]


def test_slower_than_the_timeout_is_unknown_after_retries(host: FaultServer) -> None:
    host.routes["/slow"] = Reply(200, delay=1.0)
    settings = CheckerSettings(timeout=0.2, retries=1, backoff=0.0, allow_addresses=LOOPBACK)
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


def test_a_server_that_refuses_head_is_fine(host: FaultServer) -> None:
    host.routes["/nohead"] = Reply(200, head_status=405)
    results, _, _ = check([host.url("/nohead")])
    assert results[host.url("/nohead")].outcome is Outcome.OK
    assert host.hits("/nohead") == ["GET"]  # HEAD is never used: a GET of the page's start tells more


def test_fragments_are_checked_by_get_where_enabled(host: FaultServer) -> None:
    host.routes["/paper"] = Reply(200, body=b'<h2 id="results">Results</h2><a name="old-anchor"></a>')
    present, named, missing = host.url("/paper#results"), host.url("/paper#old-anchor"), host.url("/paper#method")
    settings = CheckerSettings.from_mapping(
        {"timeout": 1, "allow_addresses": list(LOOPBACK), "hosts": {host.host: {"fragments": True}}}
    )
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
    assert host.hits("/paper") == ["GET"]
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
            {"concurrency": 5, "per_host": 2, "allow_addresses": list(LOOPBACK), "hosts": {slow_host: {"per_host": 1}}}
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
    assert host.hits("/x") == ["GET"]


def test_second_pass_rechecks_what_was_not_ok_after_a_delay(host: FaultServer) -> None:
    host.routes["/hiccup"] = [Reply(404), Reply(200)]  # gone for a moment, then back
    host.routes["/dead"] = Reply(410)
    host.routes["/ok"] = Reply(200)
    urls = [host.url("/hiccup"), host.url("/dead"), host.url("/ok")]
    results, report, sleeps = check(urls, second_pass=True)
    assert results[host.url("/hiccup")].outcome is Outcome.OK
    assert results[host.url("/hiccup")].reason == "ok on the second pass (first: not found)"
    assert results[host.url("/dead")].outcome is Outcome.BROKEN
    assert sleeps == [FAST.second_pass_delay]
    assert host.hits("/ok") == ["GET"]  # ok links are not checked again
    assert host.hits("/dead") == ["GET", "GET"]
    assert report.requests == 5


def test_without_a_second_pass_the_first_verdict_stands(host: FaultServer) -> None:
    host.routes["/hiccup"] = [Reply(404), Reply(200)]
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
    assert host.hits("/ok") == ["GET"]
    assert host.hits("/dead") == ["GET", "GET"]  # checked again every time
    clock.now += 2 * 86400  # 8 days after the first check
    results = run()
    assert results[host.url("/ok")].reason == "ok"
    assert host.hits("/ok") == ["GET", "GET"]


def test_a_corrupt_cache_is_ignored_with_a_warning(host: FaultServer, tmp_path: Path) -> None:
    host.routes["/ok"] = Reply(200)
    path = tmp_path / "external.json"
    path.write_text("{not json", encoding="utf-8")
    cache = ResultCache(path)
    assert cache.problems == [
        f"{path}:1: not valid JSON: Expecting property name enclosed in double quotes (column 2). "
        "Starting with an empty link cache."
    ]
    results, _, _ = check([host.url("/ok")], cache=cache)
    assert results[host.url("/ok")].outcome is Outcome.OK
    assert host.url("/ok") in json.loads(path.read_text(encoding="utf-8"))


def test_future_dated_and_malformed_cache_entries_are_dropped(host: FaultServer, tmp_path: Path) -> None:
    host.routes["/a"] = Reply(200)
    host.routes["/b"] = Reply(200)
    clock, path = Clock(), tmp_path / "external.json"
    ResultCache(path, clock=clock).save()  # the producer's empty file, then entries as it writes them
    cache = ResultCache(path, clock=clock)
    cache.remember(host.url("/a"), 200)
    cache.remember(host.url("/b"), 200)
    cache.remember("https://keep.example/", 200)
    cache.save()
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored[host.url("/a")]["checked"] = clock.now + 86400  # "checked tomorrow": never trusted
    stored[host.url("/b")]["status"] = "200"  # not a status
    stored["javascript:alert(1)"] = {"checked": clock.now, "status": 200}
    path.write_text(json.dumps(stored), encoding="utf-8")
    cache = ResultCache(path, clock=clock)
    assert cache.problems == [f"{path}: dropped 2 malformed and 1 future-dated entries; those links are checked again."]
    assert cache.fresh("https://keep.example/") is not None
    results, _, _ = check([host.url("/a"), host.url("/b")], cache=cache)
    assert {r.reason for r in results.values()} == {"ok"} and host.hits("/a") == host.hits("/b") == ["GET"]


@pytest.mark.parametrize(
    "text",
    ["[1, 2]", '{"x": {"checked": 1}}' + " " * 10, "{" * 50 + "}" * 50, '{"a": 1, "a": 2}'],
    ids=["not-an-object", "not-a-url", "too-deep", "repeated-key"],
)
def test_any_cache_problem_never_stops_a_check(host: FaultServer, tmp_path: Path, text: str) -> None:
    host.routes["/ok"] = Reply(200)
    path = tmp_path / "external.json"
    path.write_text(text, encoding="utf-8")
    cache = ResultCache(path)
    assert len(cache.problems) == 1 and cache.problems[0].startswith(str(path))
    results, _, _ = check([host.url("/ok")], cache=cache)
    assert results[host.url("/ok")].outcome is Outcome.OK


def test_arxiv_links_are_judged_by_the_store(tmp_path: Path) -> None:
    path = tmp_path / "arxiv.json"
    write_store(path, {"1406.2661": make_entry("1406.2661", title="Generative Adversarial Networks")})
    known, pdf, missing = (
        "https://arxiv.org/abs/1406.2661",
        "https://arxiv.org/pdf/1406.2661v1",
        "https://arxiv.org/abs/2112.10752",
    )
    results, report, _ = check([known, pdf, missing], arxiv=ArxivMetadata(path, "content/arxiv.json"))
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


def test_the_real_arxiv_metadata_judges_every_arxiv_link_of_the_content() -> None:
    root = Path(__file__).resolve().parents[2]
    metadata = ArxivMetadata(root / "content" / "arxiv.json", "content/arxiv.json", root)
    assert metadata.problem == "" and metadata.records
    urls = [f"https://arxiv.org/abs/{paper}" for paper in metadata.records]
    results, _, _ = check(urls, arxiv=metadata)
    assert {r.outcome for r in results.values()} == {Outcome.OK}


def test_a_malformed_store_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "arxiv.json"
    write_store(path, {"1406.2661": make_entry("1406.2661")})
    text = path.read_text(encoding="utf-8").replace('"version": 1', '"version": "one"')
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip().startswith('"1406.2661": {'))
    results, _, _ = check(["https://arxiv.org/abs/1406.2661"], arxiv=ArxivMetadata(path, "content/arxiv.json"))
    reason = results["https://arxiv.org/abs/1406.2661"].reason
    assert reason.startswith(
        f"arXiv 1406.2661: content/arxiv.json:{line}: the record '1406.2661' is malformed: "
        "'version' must be a whole number from 1, or null: 'one'."
    )


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
            "x.yaml:2: exclusion 1: every exclusion needs a 'reason': why the link cannot be checked",
        ),
        (
            "exclusions:\n  - url: https://x.org/\n    reason: r\n",
            "x.yaml:2: exclusion 1: every exclusion needs the 'date' it was reviewed, as YYYY-MM-DD",
        ),
        (
            "exclusions:\n  - reason: r\n    date: 2024-01-01\n",
            "x.yaml:2: exclusion 1: give exactly one of 'url' (a prefix) or 'pattern' (a regular expression)",
        ),
    ],
)
def test_exclusions_without_reason_or_date_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LinksConfigError) as error:
        load_exclusions(path, "x.yaml")
    assert str(error.value) == message


def test_an_alias_bomb_in_the_exclusions_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    bomb_yaml = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    path.write_text(bomb_yaml + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nexclusions: []\n", encoding="utf-8")
    with pytest.raises(LinksConfigError) as error:
        load_exclusions(path, "x.yaml")
    assert str(error.value) == (
        "x.yaml:1: YAML anchors and aliases ('&name', '*name') are not allowed in the link exclusions; "
        "write the value out in full."
    )


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
    assert data == {
        "complete": True,
        "links": 3,
        "checked": 3,
        "results": [
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
        ],
        "excluded": [],
    }
    summary = markdown_summary(report)
    assert "3 links checked: **1 ok**, **1 broken**, **1 unknown**; 0 excluded" in summary
    dead = host.url("/dead")
    assert (
        f"| broken | [{text(dead)}](<{dead}>) | 404 | not found | `content/milestones/gan.md`, `docs/about.md` |"
        in summary
    )
    assert summary.index("| broken |") < summary.index("| unknown |")


# --- hostile servers and hostile content ----------------------------------------------------------


def test_a_dripping_page_ends_at_the_deadline() -> None:
    with HostileServer() as server:
        server.routes["/drip"] = drip(b"<p>" + b"x" * 200 + b"</p>", every=0.2)
        settings = replace(FAST, timeout=5.0, deadline=1.0, retries=1, backoff=0.0)
        start = time.monotonic()
        results, _, _ = check([server.url("/drip")], settings)
        took = time.monotonic() - start
    result = results[server.url("/drip")]
    assert (result.outcome, result.reason) == (Outcome.UNKNOWN, "no complete answer within 1 s (after 2 attempts)")
    assert took < 3.0  # two attempts of 1 s, not 200 bytes at 0.2 s


def test_dripping_headers_end_at_the_deadline_too() -> None:
    with HostileServer() as server:
        server.routes["/drip"] = drip(b"ok", every=0.2, headers_too=True)
        settings = replace(FAST, timeout=5.0, deadline=1.0, retries=0)
        results, _, _ = check([server.url("/drip")], settings)
    assert results[server.url("/drip")].reason == "no complete answer within 1 s"


def test_a_gzip_bomb_page_is_read_only_as_far_as_needed() -> None:
    with HostileServer() as server:
        server.routes["/bomb"] = bomb(256, content_type="text/html")
        settings = replace(FAST, deadline=10.0, hosts={server.host: HostPolicy(fragments=True)})
        tracemalloc.start()
        try:
            results, _, _ = check([server.url("/bomb"), server.url("/bomb#results")], settings)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert results[server.url("/bomb")].outcome is Outcome.OK  # 64 KB of it were read
    assert results[server.url("/bomb#results")].reason == (
        "the page is larger than 5 MB and its start has no element with id 'results'; check it in a browser"
    )
    assert peak < 48 << 20, f"peak {peak / 2**20:.1f} MiB"


def test_a_reset_in_the_middle_of_a_page_is_retried() -> None:
    page = b"<html><body>" + b"<p>text</p>" * 2000 + b"</body></html>"
    with HostileServer() as server:
        server.routes["/page"] = [reset_mid_body(page, after=4000), answer(200, page)]
        results, _, sleeps = check([server.url("/page")])
    assert results[server.url("/page")].reason == "ok (after 2 attempts)" and sleeps == [0.25]


BOT_WALLS = {
    "cloudflare": b"<html><head><title>Just a moment...</title></head><body>cf-chl</body></html>",
    "attention": b"<html><head><title>Attention Required! | Cloudflare</title></head></html>",
    "captcha-title": b"<html><head><title>Captcha check</title></head><body>solve it</body></html>",
    "datadome": b"<html><script src='https://geo.captcha-delivery.com/captcha/'></script></html>",
}


@pytest.mark.parametrize("body", BOT_WALLS.values(), ids=BOT_WALLS.keys())
def test_a_bot_wall_answered_with_200_is_unknown_and_never_cached(
    host: FaultServer, tmp_path: Path, body: bytes
) -> None:
    host.routes["/walled"] = Reply(200, body=body)
    path = tmp_path / "external.json"
    results, _, _ = check([host.url("/walled")], cache=ResultCache(path))
    result = results[host.url("/walled")]
    assert (result.outcome, result.status) == (Outcome.UNKNOWN, 200)
    assert result.reason.startswith("bot wall (") and result.reason.endswith("); check it in a browser")
    assert json.loads(path.read_text(encoding="utf-8")) == {}


def test_a_page_that_merely_mentions_captchas_is_ok(host: FaultServer) -> None:
    # a captcha *page* names itself in its title; a page that only talks about captchas is fine
    host.routes["/paper"] = Reply(200, body=b"<title>Text-based tests</title><p>a study of CAPTCHA strength</p>")
    assert check([host.url("/paper")])[0][host.url("/paper")].outcome is Outcome.OK


@pytest.mark.parametrize("spelling", ["127.0.0.1", "127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "localhost"])
def test_loopback_is_never_checked_by_default(host: FaultServer, spelling: str) -> None:
    host.routes["/admin"] = Reply(200)
    port = host.host.rsplit(":", 1)[1]
    url = f"http://{spelling}:{port}/admin"
    results, _, _ = check([url], CheckerSettings(retries=0))
    result = results[url]
    assert result.outcome is Outcome.BROKEN
    assert "a loopback address; not contacted (allow its network explicitly to check it)" in result.reason
    assert host.hits("/admin") == []


def test_private_and_link_local_addresses_are_never_contacted() -> None:
    urls = ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/", "http://192.168.1.1./"]
    results, _, _ = check(urls, CheckerSettings(retries=0, timeout=0.5))
    reasons = {url: results[url].reason for url in urls}
    assert reasons == {
        "http://169.254.169.254/latest/meta-data/": (
            "169.254.169.254 is a link-local address; not contacted (allow its network explicitly to check it)"
        ),
        "http://10.0.0.1/": "10.0.0.1 is a private address; not contacted (allow its network explicitly to check it)",
        "http://[::1]/": "::1 is a loopback address; not contacted (allow its network explicitly to check it)",
        "http://192.168.1.1./": (
            "192.168.1.1 is a private address; not contacted (allow its network explicitly to check it)"
        ),
    }


def test_a_redirect_into_a_private_network_is_not_followed() -> None:
    with servers(2) as (public, private):  # 127.0.0.1 plays a public host, 127.0.0.2 a private one
        private.routes["/secret"] = Reply(200)
        public.routes["/go"] = Reply(302, {"Location": private.url("/secret")})
        settings = replace(FAST, allow_addresses=("127.0.0.1/32",))
        results, _, _ = check([public.url("/go")], settings)
    result = results[public.url("/go")]
    assert result.outcome is Outcome.BROKEN
    assert result.reason == (
        f"it redirects to {private.url('/secret')}: 127.0.0.2 is a loopback address; "
        "not contacted (allow its network explicitly to check it)"
    )
    assert private.hits("/secret") == []


def test_one_host_however_spelled_gets_one_per_host_limit(host: FaultServer) -> None:
    port = host.host.rsplit(":", 1)[1]
    spellings = ["127.0.0.1", "127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "127.0.0.1."]
    links = {}
    for n, spelling in enumerate(spellings):
        host.routes[f"/p{n}"] = Reply(200)
        links[f"http://{spelling}:{port}/p{n}"] = ["docs/page.md"]
    host.latency = 0.1
    settings = replace(FAST, concurrency=6, per_host=1)
    results, _, _ = check(links, settings)
    assert {r.outcome for r in results.values()} == {Outcome.OK}
    assert host.requests.peak == 1  # six spellings, one host, one request at a time


def test_credentials_in_urls_are_redacted_and_never_cached(host: FaultServer, tmp_path: Path) -> None:
    host.routes["/dead"] = Reply(404)
    host.routes["/ok"] = Reply(200)
    port = host.host.rsplit(":", 1)[1]
    dead = f"http://alice:s3cret@127.0.0.1:{port}/dead?token=abc123"
    ok = f"http://bob:hunter2@127.0.0.1:{port}/ok"
    cache_path = tmp_path / "external.json"
    _, report, _ = check({dead: ["docs/a.md"], ok: ["docs/b.md"]}, cache=ResultCache(cache_path))
    path = tmp_path / "report.json"
    write_json(report, path)
    written = path.read_text(encoding="utf-8") + markdown_summary(report) + cache_path.read_text(encoding="utf-8")
    for secret in ("alice", "s3cret", "abc123", "bob", "hunter2"):
        assert secret not in written
    assert f"http://***@127.0.0.1:{port}/dead?token=***" in path.read_text(encoding="utf-8")


def test_the_markdown_summary_escapes_everything(tmp_path: Path) -> None:
    hostile = "https://e.example/a|b)<img src=x onerror=alert(1)>[x](javascript:alert(1))"
    result = LinkResult(hostile, Outcome.BROKEN, 404, "not found <script>alert(1)</script> **bold** | cell")
    result.pages = ["docs/<b>x</b>|y`z.md"]
    summary = markdown_summary(CheckReport([result]))
    row = next(line for line in summary.splitlines() if line.startswith("| broken |"))
    assert "<img" not in row and "<script" not in row and "](javascript" not in row
    assert "&lt;script&gt;alert\\(1\\)&lt;\\/script&gt; \\*\\*bold\\*\\* \\| cell" in row
    cells = re.split(r"(?<!\\)\|", row)[1:-1]  # a table cell ends at a | not escaped
    assert len(cells) == 5  # nothing from the link, the reason or the page broke out of its cell
    assert "``docs/<b>x</b>\\|y`z.md``" in row  # a code span: shown as written, inert
    soup = render(summary)  # as GitHub shows it
    assert active(soup, allowed_links=("https://e.example/",)) == []
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://e.example/a%7Cb%29%3Cimg%20src=x%20onerror=alert%281%29%3E%5Bx%5D%28javascript:alert%281%29%29"
    ]
    cells = [td.get_text() for td in soup.find_all("td")]
    assert cells == [
        "broken",
        hostile,
        "404",
        "not found <script>alert(1)</script> **bold** | cell",
        "docs/<b>x</b>|y`z.md",
    ]


def test_a_report_of_a_stopped_check_says_so(host: FaultServer, tmp_path: Path) -> None:
    host.routes["/ok"] = Reply(200)
    checker = ExternalChecker(FAST, second_pass=False)
    checker.check({host.url("/ok"): ["docs/a.md"], host.url("/ok2"): ["docs/a.md"]})
    partial = checker.snapshot()
    partial.results = partial.results[:1]
    path = tmp_path / "report.json"
    write_json(partial, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["complete"], data["links"], data["checked"]) == (False, 2, 1)
    assert "**The check was stopped before the end:** 1 of 2 links have a result" in markdown_summary(partial)
