"""Write a check's results: JSON for tools, a Markdown summary for a CI job page."""

from __future__ import annotations

import json
from pathlib import Path

from imgsynth.links.external import CheckReport
from imgsynth.links.outcome import Outcome


def write_json(report: CheckReport, path: Path) -> None:
    """A list of ``{url, outcome, status, reason, pages}``, sorted by URL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [result.to_json() for result in report.results]
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_summary(report: CheckReport, title: str = "External links") -> str:
    counts = {outcome: report.count(outcome) for outcome in Outcome}
    lines = [
        f"## {title}",
        "",
        f"{len(report.results)} links checked: **{counts[Outcome.OK]} ok**, "
        f"**{counts[Outcome.BROKEN]} broken**, **{counts[Outcome.UNKNOWN]} unknown**; "
        f"{len(report.excluded)} excluded by `content/link-exclusions.yaml`.",
        "",
    ]
    problems = [r for r in report.results if r.outcome is not Outcome.OK]
    if problems:
        lines += ["| Outcome | URL | Status | Reason | Found in |", "|---|---|---|---|---|"]
        order = {Outcome.BROKEN: 0, Outcome.UNKNOWN: 1}
        for result in sorted(problems, key=lambda r: (order[r.outcome], r.url)):
            status = str(result.status) if result.status is not None else "–"
            lines.append(
                f"| {result.outcome.value} | <{result.url}> | {status} | {_cell(result.reason)} | "
                f"{_cell(', '.join(result.pages))} |"
            )
        lines.append("")
        lines.append(
            "Broken links must be fixed in the files named; unknown ones need a look in a browser "
            "(or a reviewed entry in `content/link-exclusions.yaml`)."
        )
    else:
        lines.append("Every checked link answered.")
    return "\n".join(lines) + "\n"
