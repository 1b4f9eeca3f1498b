"""``papers.bib``: one BibTeX record per work in the timeline (the cards' records, joined)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from imgsynth.content.entries import Entry
from imgsynth.content.load import Content
from imgsynth.render.bibtex import bibtex_for


def is_work(entry: Entry) -> bool:
    """An entry is a citable work when it names an arXiv paper or gives ``work:`` facts."""
    return bool(entry.arxiv or entry.work)


def papers_bib(content: Content, papers: Mapping[str, Any], header: str = "") -> str:
    """All works' records in time order, separated by blank lines."""
    records: list[str] = []
    keys: dict[str, str] = {}
    for entry in content.entries:
        if not is_work(entry):
            continue
        record = bibtex_for(entry, papers.get(entry.arxiv) if entry.arxiv else None).strip()
        if not record:
            continue
        key = _key(record)
        if keys.get(key) == record:
            continue  # two entries citing the same work: one record
        if key in keys:  # same key, different work: keep both, distinguishable
            suffix = next(str(n) for n in range(2, len(keys) + 3) if f"{key}-{n}" not in keys)
            suffix = f"-{suffix}"
            record = record.replace(f"{{{key},", f"{{{key}{suffix},", 1)
            key += suffix
        keys[key] = record
        records.append(record)
    lead = "".join(f"% {line}\n" for line in header.splitlines()) + ("\n" if header else "")
    return lead + "\n\n".join(records) + "\n"


def _key(record: str) -> str:
    head = record.split("\n", 1)[0]
    return head[head.index("{") + 1 :].rstrip(",").strip()
