"""Write a check's results: JSON for tools, a Markdown summary for a CI job page.

Both may be written many times while a check runs (see :class:`~imgsynth.links.external.
ExternalChecker`): the JSON file is replaced atomically, and says whether the check was
complete. Credentials in URLs are redacted everywhere (:mod:`imgsynth.links.redact`), and
every URL, reason and file name in the Markdown is escaped (:mod:`imgsynth.mdescape`): a page
cannot put markup, links or images into a job summary.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from imgsynth.links.external import CheckReport
from imgsynth.links.outcome import Outcome
from imgsynth.links.redact import redact
from imgsynth.mdescape import code, link, text


def report_data(report: CheckReport) -> dict:
    """``{complete, links, checked, results: [{url, outcome, status, reason, pages}], excluded}``."""
    results = []
    for result in report.results:
        data = result.to_json()
        data["url"], data["reason"] = redact(data["url"]), redact(data["reason"])
        results.append(data)
    return {
        "complete": report.complete,
        "links": report.total or len(report.results) + len(report.excluded),
        "checked": len(report.results),
        "results": results,
        "excluded": [
            {"url": redact(url), "reason": exclusion.reason, "reviewed": exclusion.date.isoformat(), "pages": pages}
            for url, exclusion, pages in report.excluded
        ],
    }


def write_json(report: CheckReport, path: Path) -> None:
    """Replace ``path`` atomically with :func:`report_data` (a killed job leaves the last whole one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text_out = json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text_out)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def markdown_summary(report: CheckReport, title: str = "External links") -> str:
    counts = {outcome: report.count(outcome) for outcome in Outcome}
    lines = [f"## {text(title)}", ""]
    if not report.complete:
        total = report.total or len(report.results) + len(report.excluded)
        lines += [
            f"**The check was stopped before the end:** {len(report.results) + len(report.excluded)} of {total} "
            "links have a result; the others were not checked.",
            "",
        ]
    lines += [
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
            url = redact(result.url)
            pages = ", ".join(code(page, in_table=True) for page in result.pages)
            lines.append(
                f"| {result.outcome.value} | {link(url, url)} | {status} | {text(redact(result.reason))} | {pages} |"
            )
        lines.append("")
        lines.append(
            "Broken links must be fixed in the files named; unknown ones need a look in a browser "
            "(or a reviewed entry in `content/link-exclusions.yaml`)."
        )
    else:
        lines.append("Every checked link answered.")
    return "\n".join(lines) + "\n"
