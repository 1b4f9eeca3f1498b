"""Build benchmark: the timeline hook against a control site with the same pages (``make bench``).

For each size N, a temporary copy of the project gets N synthetic entries and is built with the
hook; the control is the same configuration without the hook, whose docs/ already hold the
pages the hook would generate (rendered as plain Markdown before anything is timed). Each build
runs ``mkdocs build -q`` in its own subprocess; wall time and peak RSS come from that process
(``os.wait4``). Prints a Markdown table and the two goals: hook within 25% of the control, and
time at the largest N at most 12x the time at the size ten times smaller.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))  # the MkDocs adapter (mkdocs_command, repo links)

from synthetic_site import write_control_site, write_hook_site  # noqa: E402

from imgsynth_mkdocs.config import mkdocs_command  # noqa: E402

OVERHEAD_GOAL = 1.10
GROWTH_GOAL = 12.0


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    cpu_seconds: float = 0.0
    """User + system time of the build and the worker processes it waited for: unlike wall time,
    it hardly moves when other programs share the machine."""


@dataclass(frozen=True)
class Row:
    size: int
    pages: int
    hook: Run
    control: Run

    @property
    def ratio(self) -> float:
        return self.hook.seconds / self.control.seconds

    @property
    def cpu_ratio(self) -> float:
        return self.hook.cpu_seconds / self.control.cpu_seconds


def build(config: Path, out: Path) -> Run:
    """One ``mkdocs build`` in a fresh process: its wall time and peak resident memory."""
    # the hook imports the imgsynth next to this script, even from a snapshot (git archive) of the project
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    process = subprocess.Popen(
        mkdocs_command("build", "-q", "-f", str(config), "-d", str(out)),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = process.stdout.read() if process.stdout else b""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"build of {config} failed ({process.returncode}):\n{output.decode(errors='replace')}")
    cpu = usage.ru_utime + usage.ru_stime  # the build and its waited-for children (the link-scan workers)
    return Run(seconds=seconds, peak_mib=usage.ru_maxrss / 1024, cpu_seconds=cpu)  # ru_maxrss is in KiB on Linux


def best(runs: list[Run]) -> Run:
    """The fastest run (least disturbed by the machine), with the highest peak memory seen."""
    return Run(
        seconds=min(run.seconds for run in runs),
        peak_mib=max(run.peak_mib for run in runs),
        cpu_seconds=min(run.cpu_seconds for run in runs),
    )


def measure(size: int, repeat: int, work: Path) -> Row:
    hook_config = write_hook_site(ROOT, work / f"hook-{size}", size)
    control_config, pages = write_control_site(hook_config.parent, work / f"control-{size}")
    hook_runs, control_runs = [], []
    for attempt in range(repeat):  # interleaved, so drift in the machine hits both alike
        hook_runs.append(build(hook_config, work / f"out-hook-{size}-{attempt}"))
        control_runs.append(build(control_config, work / f"out-control-{size}-{attempt}"))
    return Row(size=size, pages=pages, hook=best(hook_runs), control=best(control_runs))


def table(rows: list[Row]) -> str:
    lines = [
        "| N entries | pages (zh+en) | hook s | control s | ratio | hook CPU s | control CPU s | CPU ratio "
        "| hook MiB | control MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.size} | {row.pages} | {row.hook.seconds:.2f} | {row.control.seconds:.2f} | "
            f"{row.ratio:.2f} | {row.hook.cpu_seconds:.2f} | {row.control.cpu_seconds:.2f} | {row.cpu_ratio:.2f} | "
            f"{row.hook.peak_mib:.0f} | {row.control.peak_mib:.0f} |"
        )
    return "\n".join(lines)


def verdicts(rows: list[Row]) -> list[str]:
    lines = []
    worst = max(rows, key=lambda row: row.ratio)
    ok = worst.ratio <= OVERHEAD_GOAL
    lines.append(
        f"- hook overhead: worst ratio {worst.ratio:.2f} at N={worst.size} "
        f"(goal ≤ {OVERHEAD_GOAL:.2f}): {'met' if ok else 'MISSED'}"
    )
    worst_cpu = max(rows, key=lambda row: row.cpu_ratio)
    lines.append(
        f"- CPU time: worst ratio {worst_cpu.cpu_ratio:.2f} at N={worst_cpu.size} "
        f"(goal ≤ {OVERHEAD_GOAL:.2f}): {'met' if worst_cpu.cpu_ratio <= OVERHEAD_GOAL else 'MISSED'}"
    )
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        lines.append(
            f"- the machine was busy (load {load:.1f} on {os.cpu_count()} CPUs): wall times are unreliable, "
            "CPU times less so"
        )
    by_size = {row.size: row for row in rows}
    for row in rows:
        smaller = by_size.get(row.size // 10)
        if smaller and row.size % 10 == 0:
            for name, big, small in (("hook", row.hook, smaller.hook), ("control", row.control, smaller.control)):
                growth = big.seconds / small.seconds
                state = "met" if growth <= GROWTH_GOAL else "MISSED"
                lines.append(
                    f"- growth {name} N={smaller.size}→{row.size}: ×{growth:.1f} (goal ≤ ×{GROWTH_GOAL:.0f}): {state}"
                )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[25, 250, 2500],
        metavar="N",
        help="numbers of synthetic entries (default: 25 250 2500)",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, metavar="K", help="builds per site and size; the fastest counts (default: 1)"
    )
    parser.add_argument("--out", type=Path, help="also write the table and verdicts to this Markdown file")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites (prints where)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="imgsynth-bench-"))
    rows = []
    for size in args.sizes:
        print(f"N={size}: generating and building ×{args.repeat}…", file=sys.stderr, flush=True)
        rows.append(measure(size, args.repeat, work))
    report = "\n".join([table(rows), "", *verdicts(rows)])
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    if args.keep:
        print(f"sites kept in {work}", file=sys.stderr)
    else:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
