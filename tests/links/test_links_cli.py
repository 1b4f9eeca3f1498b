"""scripts/check_links.py as CI runs it: the report, summary and cache are written as it goes,
and a job stopped by SIGTERM keeps what it checked (real local servers, a real process)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.links_support import Reply, servers

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.timeout(90)


def project(tmp_path: Path, urls: list[str]) -> tuple[Path, Path]:
    """A built 'site' (one page linking to ``urls``) and the settings file the checker reads."""
    site = tmp_path / "site"
    site.mkdir()
    links = "".join(f'<li><a href="{url}">link</a></li>' for url in urls)
    (site / "index.html").write_text(f"<!doctype html><html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: t\nextra:\n  links:\n    allow_addresses: [127.0.0.0/8]\n    concurrency: 4\n"
        "    per_host: 4\n    timeout: 60\n    deadline: 60\n    retries: 0\n    second_pass_delay: 0\n",
        encoding="utf-8",
    )
    return site, config


def start(site: Path, config: Path, tmp_path: Path) -> subprocess.Popen[str]:
    command = [sys.executable, str(ROOT / "scripts" / "check_links.py"), "--site", str(site), "--config", str(config)]
    command += ["--external", "--report", str(tmp_path / "report.json"), "--markdown", str(tmp_path / "summary.md")]
    command += ["--checkpoint-every", "0.3", "--quiet", "--no-second-pass"]
    return subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, test, seconds: float = 30.0) -> dict:
    give_up = time.monotonic() + seconds
    while time.monotonic() < give_up:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if test(data):
                return data
        except (FileNotFoundError, ValueError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"{path} never showed what was expected")


def test_a_check_stopped_by_sigterm_keeps_what_it_checked(tmp_path: Path) -> None:
    with servers(1) as (host,):
        fast = [host.url(f"/fast{n}") for n in range(5)]
        slow = [host.url(f"/slow{n}") for n in range(6)]
        for url in fast:
            host.routes[url.removeprefix(f"http://{host.host}")] = Reply(200)
        for url in slow:
            host.routes[url.removeprefix(f"http://{host.host}")] = Reply(200, delay=60)
        (tmp_path / "summary.md").write_text("## Build\n\nearlier step\n", encoding="utf-8")
        site, config = project(tmp_path, fast + slow)
        process = start(site, config, tmp_path)
        try:
            # written as it goes: the fast links are in the report while the slow ones still hang
            data = wait_for(tmp_path / "report.json", lambda d: d["checked"] >= 5)
            assert data["complete"] is False and data["links"] == 11
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=30)
        finally:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "stopped by SIGTERM; 5 of 11 external links were checked, the report and the cache keep them" in err
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["complete"] is False
    assert sorted(r["url"] for r in data["results"]) == sorted(fast)
    assert {r["outcome"] for r in data["results"]} == {"ok"}
    cache = json.loads((tmp_path / ".cache" / "links" / "external.json").read_text(encoding="utf-8"))
    assert sorted(cache) == sorted(fast)
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## Build\n\nearlier step\n## External links\n")  # the earlier step's part is kept
    assert summary.count("## External links") == 1
    assert "**The check was stopped before the end:** 5 of 11 links have a result" in summary


def test_a_finished_check_writes_a_complete_report_once(tmp_path: Path) -> None:
    with servers(1) as (host,):
        host.routes["/ok"] = Reply(200)
        host.routes["/dead"] = Reply(404)
        site, config = project(tmp_path, [host.url("/ok"), host.url("/dead")])
        (tmp_path / ".cache" / "links").mkdir(parents=True)
        (tmp_path / ".cache" / "links" / "external.json").write_text("{broken", encoding="utf-8")
        process = start(site, config, tmp_path)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 1, err  # a broken link
    assert "warning: " in err and "external.json:1: not valid JSON" in err and "empty link cache" in err
    assert f"broken 404: {host.url('/dead')} — not found (in index.html (generated page))" in out
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert (data["complete"], data["links"], data["checked"]) == (True, 2, 2)
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.count("## External links") == 1 and "stopped" not in summary
