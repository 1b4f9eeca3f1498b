"""Edit → reload benchmark of ``make serve`` on the real site (``make bench``).

A copy of the project is served on 127.0.0.1 with ``make serve``'s command
(``imgsynth_mkdocs.config.serve_command``); once the first build is up, one entry
(``content/milestones/gan.md``) is edited K times (a paragraph added to its English prose).
Each time is measured from the moment the file is written until the served English page of
that entry shows the edit (polled every 20 ms), which is what a contributor waits for.
Then K edits of the entry's first English paragraph, the summary the English home page shows,
are timed until both the entry page and the home page show them. Prints the times, their
medians and the goal (on the first series).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))  # the MkDocs adapter (serve_command)

from imgsynth_mkdocs.config import serve_command  # noqa: E402

GOAL_SECONDS = 1.2
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "content", "overrides", "imgsynth")  # mkdocs.yml watches imgsynth/
ENTRY = "gan"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def wait_for(urls: list[str], text: str, timeout: float, server: subprocess.Popen[str]) -> float:
    """Seconds until every page at ``urls`` contains ``text`` (polled every 20 ms)."""
    started = time.perf_counter()
    waiting = list(urls)
    while waiting:
        if text in fetch(waiting[0]):
            waiting.pop(0)
            continue
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped ({server.returncode})")
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"no '{text}' at {waiting[0]} after {timeout:.0f} s")
        time.sleep(0.02)
    return time.perf_counter() - started


FIRST_PARAGRAPH = "<!-- lang: en -->\n"


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used so far (Linux /proc; 0 elsewhere): steadier than wall time on
    a shared machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(edits: int, timeout: float) -> tuple[list[float], list[float], list[float]]:
    """(times of the added paragraphs, times of the edited summaries, the server's CPU seconds per
    added paragraph)."""
    work = Path(tempfile.mkdtemp(prefix="imgsynth-serve-"))
    project = copy_project(work / "project")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    env.pop("ARXIV_FETCH", None)
    env.pop("CHECK_EXTERNAL_LINKS", None)
    process = subprocess.Popen(
        serve_command("-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"),
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(process.stderr or []), daemon=True).start()
    base = f"http://127.0.0.1:{port}/ten-years/en/"
    page = f"{base}milestones/{ENTRY}/"
    entry = project / "content" / "milestones" / f"{ENTRY}.md"
    added, summaries, cpu = [], [], []
    try:
        wait_for([page], "</html>", timeout, process)
        time.sleep(1.0)  # let the watcher settle after the first build
        original = entry.read_text(encoding="utf-8")
        if FIRST_PARAGRAPH not in original:
            raise SystemExit(f"{entry.name} has no English prose ({FIRST_PARAGRAPH.strip()})")
        for number in range(1, edits + 1):
            marker = f"Edited by the serve benchmark, edit {number}."
            used = cpu_seconds(process.pid)
            entry.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
            added.append(wait_for([page], marker, timeout, process))
            time.sleep(0.6)  # one polling interval of the watcher: edits do not merge
            cpu.append(cpu_seconds(process.pid) - used)
        for number in range(1, edits + 1):
            marker = f"Summary edited by the serve benchmark, edit {number}."
            entry.write_text(original.replace(FIRST_PARAGRAPH, f"{FIRST_PARAGRAPH}{marker} ", 1), encoding="utf-8")
            summaries.append(wait_for([page, base], marker, timeout, process))
            time.sleep(0.6)
    except SystemExit:
        sys.stderr.write("".join(log[-40:]))
        raise
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(work, ignore_errors=True)
    return added, summaries, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=5, help="edits to time (default: 5)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for a build (default: 180)")
    args = parser.parse_args(argv)
    added, summaries, cpu = measure(args.edits, args.timeout)
    median = statistics.median(added)
    print(
        "| edit → reload | paragraph added: entry page (s) | server CPU (s) | summary edited: entry and home page (s) |"
    )
    print("|---|---:|---:|---:|")
    for number, (first, used, second) in enumerate(zip(added, cpu, summaries, strict=True), start=1):
        print(f"| edit {number} | {first:.2f} | {used:.2f} | {second:.2f} |")
    print(
        f"| **median of {len(added)}** | **{median:.2f}** | **{statistics.median(cpu):.2f}** "
        f"| **{statistics.median(summaries):.2f}** |"
    )
    state = "met" if median <= GOAL_SECONDS else "MISSED"
    print(
        f"\n- edit → reload median {median:.2f} s (goal ≤ {GOAL_SECONDS} s): {state}; load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
