"""scripts/fetch_papers.py end to end against the local server: exit codes, messages, the file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from arxiv_content import ROOT, make_content
from arxiv_server import ArxivServer, Reply, feed, fixture, make_entry, synthetic_entry, write_store
from script_support import load_script

from imgsynth.arxiv.seed import load_reference

fetch_papers = load_script("fetch_papers")

ENTRIES = {"transformer-x": "1706.03762", "paper-a": "2001.00001", "paper-b": "2001.00002"}


@pytest.fixture
def server() -> Iterator[ArxivServer]:
    with ArxivServer() as running:
        yield running


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path, ENTRIES)


def run(content: Path, server: ArxivServer, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = fetch_papers.main(
        ["--content", str(content), "--api-url", server.url, "--delay", "0", "--backoff", "0", "--timeout", "2", *args]
    )
    return code, capsys.readouterr().err


def test_fetch_all_then_warm_run_asks_nothing(content: Path, server: ArxivServer, capsys) -> None:
    code, err = run(content, server, capsys)
    assert code == 0, err
    assert len(server.requests) == 1 and sorted(server.requests[0].ids) == sorted(ENTRIES.values())
    assert "batch 1/1: 3 ids, 3 found" in err and "done: 3 fetched" in err
    data = json.loads((content / "arxiv.json").read_text(encoding="utf-8"))
    assert list(data["papers"]) == sorted(ENTRIES.values())
    record = data["papers"]["1706.03762"]
    assert record["source"] == "arXiv API" and record["incomplete"] == [] and record["fetched"].endswith("Z")
    assert record["version"] == 7 and record["updated"] == "2023-08-02"

    before = (content / "arxiv.json").read_bytes()
    code, err = run(content, server, capsys)
    assert code == 0 and "nothing to fetch" in err and len(server.requests) == 1  # warm: 0 requests
    code, err = run(content, server, capsys, "--refresh")
    assert code == 0 and len(server.requests) == 2 and "arxiv.json unchanged" in err
    assert (content / "arxiv.json").read_bytes() == before  # a refresh with no change is an empty diff


def test_batches_follow_batch_size(content: Path, server: ArxivServer, capsys) -> None:
    code, err = run(content, server, capsys, "--batch-size", "2")
    assert code == 0 and [len(r.ids) for r in server.requests] == [2, 1]
    assert "batch 1/2" in err and "batch 2/2" in err


def seed(content: Path, server: ArxivServer, capsys) -> bytes:
    assert run(content, server, capsys, "--ids", "1706.03762")[0] == 0
    server.requests.clear()
    return (content / "arxiv.json").read_bytes()


def test_400_reports_arxivs_message_exit_1_file_unchanged(content: Path, server: ArxivServer, capsys) -> None:
    before = seed(content, server, capsys)
    server.queue(Reply(400, fixture("error-400-incorrect-id.xml")))
    code, err = run(content, server, capsys, "--ids", "abc")
    assert code == 1 and "arXiv says: incorrect id format for abc" in err
    assert len(server.requests) == 1  # never retried
    assert (content / "arxiv.json").read_bytes() == before


def test_not_found_is_asked_twice_then_reported(content: Path, server: ArxivServer, capsys) -> None:
    before = seed(content, server, capsys)
    code, err = run(content, server, capsys, "--ids", "9901.00001")
    assert code == 1 and "not found: 9901.00001" in err and len(server.requests) == 2
    assert (content / "arxiv.json").read_bytes() == before


def test_others_are_saved_when_some_fail(content: Path, server: ArxivServer, capsys) -> None:
    code, err = run(content, server, capsys, "--ids", "2001.00001", "9901.00001")
    assert code == 1 and "not found: 9901.00001" in err
    assert list(json.loads((content / "arxiv.json").read_text())["papers"]) == ["2001.00001"]


@pytest.mark.parametrize(
    "reply",
    [
        Reply(503, b"busy", content_type="text/plain"),
        Reply(429, b"", {"Retry-After": "0"}, content_type="text/plain"),
        Reply(200, fixture("new-backend-1706.03762.xml")[:700]),
        Reply(200, fixture("html-error-page.html"), content_type="text/html"),
        Reply(200, b""),
        Reply(200, fixture("new-backend-1706.03762.xml"), delay=0.8),
    ],
    ids=["503", "429", "truncated", "html", "empty", "slow"],
)
def test_persistent_failure_exit_1_file_unchanged(content: Path, server: ArxivServer, capsys, reply: Reply) -> None:
    before = seed(content, server, capsys)
    server.queue(*[reply] * 4)
    # "slow": every answer comes after the read timeout (0.2 s here, so four tries take 0.8 s)
    timeout = ("--timeout", "0.2") if reply.delay else ()
    code, err = run(content, server, capsys, "--refresh", *timeout)
    assert code == 1 and "failed: 1706.03762" in err and "after 4 attempt(s)" in err
    assert len(server.requests) == 4
    assert (content / "arxiv.json").read_bytes() == before


def test_ctrl_c_leaves_the_file_unchanged(content: Path, server: ArxivServer, capsys, monkeypatch) -> None:
    before = seed(content, server, capsys)

    def interrupted(self, ids):
        raise KeyboardInterrupt

    monkeypatch.setattr(fetch_papers.Client, "fetch", interrupted)
    code, err = run(content, server, capsys, "--refresh")
    assert code == 130 and "unchanged" in err
    assert (content / "arxiv.json").read_bytes() == before


def test_failed_write_leaves_the_file_unchanged(content: Path, server: ArxivServer, capsys, monkeypatch) -> None:
    before = seed(content, server, capsys)
    server.library["1706.03762"] = server.library["1706.03762"].replace("Attention Is All", "Attention Was All")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("imgsynth.arxiv.store.os.replace", broken_replace)
    with pytest.raises(OSError):
        run(content, server, capsys, "--refresh")
    assert (content / "arxiv.json").read_bytes() == before
    assert [p.name for p in content.iterdir() if p.name.endswith(".tmp")] == []


def test_check_names_every_entry_without_metadata(content: Path, server: ArxivServer, capsys) -> None:
    code, err = run(content, server, capsys, "--check")
    assert code == 1 and len(server.requests) == 0
    for entry_id, arxiv_id in ENTRIES.items():
        assert f"content/milestones/{entry_id}.md: arXiv {arxiv_id} has no metadata" in err
    run(content, server, capsys)
    code, err = run(content, server, capsys, "--check")
    assert code == 0 and "3 of 3 arXiv ids have metadata" in err


def test_dry_run_asks_nothing_and_writes_nothing(content: Path, server: ArxivServer, capsys) -> None:
    code, err = run(content, server, capsys, "--dry-run")
    assert code == 0 and "would fetch 3 id(s) in 1 request(s)" in err
    assert not server.requests and not (content / "arxiv.json").exists()


REFERENCE_COPY = ROOT / "tests" / "fixtures" / "reference" / "papers.yaml"
"""Two records copied from ../shared/reference/papers.yaml (the test does not need ../shared)."""
SHARED_REFERENCE = ROOT.parent / "shared" / "reference" / "papers.yaml"


@pytest.mark.skipif(not SHARED_REFERENCE.is_file(), reason="../shared/reference/papers.yaml is not beside the clone")
def test_the_reference_copy_is_the_shared_records_unchanged() -> None:
    copied = load_reference(REFERENCE_COPY)
    assert sorted(copied) == ["1706.03762", "1812.04948"]
    assert copied == {i: load_reference(SHARED_REFERENCE)[i] for i in copied}


def test_seed_from_reference_marks_gaps_and_online_run_completes(tmp_path: Path, server: ArxivServer, capsys) -> None:
    content = make_content(tmp_path, {"stylegan-x": "1812.04948", "transformer-x": "1706.03762"})
    code, err = run(content, server, capsys, "--seed-from", str(REFERENCE_COPY))
    assert code == 0 and "seeded 2 record(s)" in err and not server.requests
    papers = json.loads((content / "arxiv.json").read_text())["papers"]
    stylegan = papers["1812.04948"]
    assert stylegan["source"] == "reference/papers.yaml" and stylegan["fetched"] == ""
    assert stylegan["published"] == "" and "published" in stylegan["incomplete"]  # never invented
    assert stylegan["primary_category"] == "cs.NE" and stylegan["version"] == 3
    assert papers["1706.03762"]["incomplete"] == []  # the facts cover every field
    code, err = run(content, server, capsys, "--dry-run")
    assert "would fetch 2 id(s)" in err  # seeded records are refreshed when online
    server.library["1812.04948"] = server.library["1706.03762"].replace("1706.03762", "1812.04948")
    assert run(content, server, capsys)[0] == 0
    papers = json.loads((content / "arxiv.json").read_text())["papers"]
    assert papers["1812.04948"]["source"] == "arXiv API" and papers["1812.04948"]["incomplete"] == []


@pytest.mark.parametrize(
    "args",
    [
        ["--api-url", "http://export.arxiv.org/api/query"],
        ["--api-url", "ftp://x/"],
        ["--timeout", "0"],
        ["--delay", "-1"],
        ["--check", "--refresh"],
        ["--no-such-option"],
    ],
)
def test_usage_and_configuration_errors_exit_2(content: Path, server: ArxivServer, capsys, args) -> None:
    try:
        code, _ = run(content, server, capsys, *args)
    except SystemExit as exit_:  # argparse's own usage errors
        code = exit_.code
    assert code == 2
    assert not server.requests


def test_bad_metadata_file_exit_2(content: Path, server: ArxivServer, capsys) -> None:
    (content / "arxiv.json").write_text("{not json", encoding="utf-8")
    code, err = run(content, server, capsys)
    assert code == 2 and "arxiv.json:1: not valid JSON" in err


def test_help_explains_options_and_exit_codes(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        fetch_papers.main(["--help"])
    out = capsys.readouterr().out
    assert caught.value.code == 0
    for word in (
        "--refresh",
        "--ids",
        "--check",
        "--dry-run",
        "--api-url",
        "ARXIV_API_URL",
        "--timeout",
        "--delay",
        "--seed-from",
        "Exit codes",
        "usage or configuration error",
    ):
        assert word in out


def test_an_answer_without_title_authors_or_dates_never_replaces_a_record(content: Path, server, capsys) -> None:
    before = seed(content, server, capsys)
    hollow = (
        "<entry><id>http://arxiv.org/abs/1706.03762v8</id><title></title><summary></summary>"
        '<link href="https://arxiv.org/abs/1706.03762v8" rel="alternate" type="text/html"/></entry>'
    )
    server.queue(Reply(200, feed([hollow])))
    code, err = run(content, server, capsys, "--ids", "1706.03762")
    assert code == 1
    assert (
        "failed: 1706.03762: arXiv's answer for 1706.03762 is unusable "
        "(the answer has no title, authors, published, updated); the stored record is kept" in err
    )
    assert (content / "arxiv.json").read_bytes() == before
    assert json.loads(before)["papers"]["1706.03762"]["incomplete"] == []


def test_an_id_given_twice_is_reported_and_not_stored(content: Path, server: ArxivServer, capsys) -> None:
    server.queue(Reply(200, feed([synthetic_entry("2001.00001", "One"), synthetic_entry("2001.00001", "Two")])))
    code, err = run(content, server, capsys, "--ids", "2001.00001")
    assert code == 1 and "failed: 2001.00001: arXiv's answer held 2 entries for 2001.00001; none was stored" in err
    assert not (content / "arxiv.json").exists()


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600])
def test_the_file_keeps_its_permissions(content: Path, server: ArxivServer, capsys, mode: int) -> None:
    seed(content, server, capsys)
    path = content / "arxiv.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # a new file is readable by all, as git checks it out
    path.chmod(mode)
    assert run(content, server, capsys, "--ids", "2001.00001")[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert [p.name for p in content.iterdir() if p.name.endswith(".tmp")] == []


def test_temporary_and_lock_files_are_ignored_by_git() -> None:
    names = ["content/.arxiv.json.abc123.tmp", "content/.arxiv.json.lock", ".cache/links/.links-x.json"]
    done = subprocess.run(["git", "check-ignore", *names], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.split() == names


def test_two_runs_at_once_take_turns_and_keep_both_records(content: Path, server: ArxivServer) -> None:
    """The first run holds the lock while arXiv keeps it waiting (the server's gate); the second
    starts then, says it waits, and only then does arXiv answer: both records are kept."""
    server.gate = threading.Event()
    command = [sys.executable, str(ROOT / "scripts" / "fetch_papers.py"), "--content", str(content)]
    command += ["--api-url", server.url, "--delay", "0", "--backoff", "0"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def start(arxiv_id: str) -> subprocess.Popen[str]:
        return subprocess.Popen([*command, "--ids", arxiv_id], env=env, stderr=subprocess.PIPE, text=True)

    def wait_for(condition, what: str) -> None:
        deadline = time.monotonic() + 60
        while not condition():
            assert time.monotonic() < deadline, f"no {what} within 60 s"
            time.sleep(0.02)

    first = start("2001.00001")
    try:
        wait_for(lambda: server.requests, "request from the first run")
        second = start("2001.00002")
        told: list[str] = []
        reader = threading.Thread(target=lambda: told.extend(second.stderr), daemon=True)
        reader.start()
        wait_for(lambda: any("waiting for another run" in line for line in told), "wait message from the second run")
    finally:
        server.gate.set()
    first_err = first.communicate(timeout=60)[1]
    second.wait(timeout=60)
    reader.join(10)
    errs = [first_err, "".join(told)]
    assert [first.returncode, second.returncode] == [0, 0], errs
    assert sum("waiting for another run that is changing arxiv.json" in err for err in errs) == 1
    papers = json.loads((content / "arxiv.json").read_text(encoding="utf-8"))["papers"]
    assert sorted(papers) == ["2001.00001", "2001.00002"]


def test_a_malformed_record_is_named_with_its_line(content: Path, server: ArxivServer, capsys) -> None:
    seed(content, server, capsys)
    path = content / "arxiv.json"
    text = path.read_text(encoding="utf-8").replace('"A. Vaswani"', "42", 1)
    text = text.replace('"Ashish Vaswani"', "42", 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip().startswith('"1706.03762": {'))
    code, err = run(content, server, capsys)
    assert code == 2
    assert f"arxiv.json:{line}: the record '1706.03762' is malformed: 'authors' must be a list of names." in err
    assert "python scripts/fetch_papers.py --ids 1706.03762" in err


def test_a_store_linked_from_outside_the_project_is_refused(content: Path, server, capsys, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "arxiv.json"
    write_store(outside, {"2001.00001": make_entry("2001.00001")})
    (content / "arxiv.json").symlink_to(outside)
    code, err = run(content, server, capsys, "--check")
    assert code == 2 and "arxiv.json:1: this is a symbolic link to" in err and "outside the repository" in err
