"""What a build needs from the metadata store: the records, and what is missing (stage 2, enrich)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from imgsynth.arxiv.parse import Record
from imgsynth.arxiv.store import load_papers, locked, merge_papers, to_fetch, write_papers
from imgsynth.content.load import Content

if TYPE_CHECKING:  # the client (and its HTTP stack) is imported only for an opt-in fetch
    from imgsynth.arxiv.client import Client

PAPERS_FILE = "arxiv.json"
FETCH_COMMAND = "make papers"


@dataclass
class Enrichment:
    papers: dict[str, Record]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def arxiv_ids(content: Content) -> dict[str, str]:
    """arXiv id -> the entry file that cites it (the first, in time order)."""
    ids: dict[str, str] = {}
    for entry in content.entries:
        if entry.arxiv:
            ids.setdefault(entry.arxiv, entry.source_path)
    return ids


def enrich(
    content: Content, papers_path: Path, fetch: bool = False, client_factory: Callable[[], Client] | None = None
) -> Enrichment:
    """Load the records; with ``fetch``, first ask arXiv for the missing ones and save them.

    Raises StoreError when the file cannot be read.
    """
    root = papers_path.parent.parent  # the project: a symbolic link may only point inside it
    papers = load_papers(papers_path, root)
    result = Enrichment(papers=papers)
    ids = arxiv_ids(content)
    if fetch and [i for i in to_fetch(papers, ids) if i not in papers]:
        with locked(papers_path, waiting=result.notes.append):
            papers = load_papers(papers_path, root)  # as another run may have left it
            wanted = [i for i in to_fetch(papers, ids) if i not in papers]
            from imgsynth.arxiv.client import DEFAULT_API_URL, Client

            factory = client_factory or (
                lambda: Client(os.environ.get("ARXIV_API_URL") or DEFAULT_API_URL, progress=result.notes.append)
            )
            with factory() as client:
                report = client.fetch(wanted)
            papers = merge_papers(papers, report.records, now_utc())
            if report.records:
                write_papers(papers_path, papers)
            result.papers = papers
            result.notes.append(
                f"arXiv: fetched {len(report.records)} of {len(wanted)} missing ids in {report.requests} request(s)"
            )
            for arxiv_id, reason in report.failed.items():
                result.warnings.append(f"arXiv: fetching {arxiv_id} failed: {reason}")
    for arxiv_id, source in ids.items():
        if arxiv_id not in papers:
            result.warnings.append(
                f"{source}: arXiv {arxiv_id} has no metadata in {papers_path.name}; the page shows the entry's "
                f"own facts only. Run '{FETCH_COMMAND}' (or 'python scripts/fetch_papers.py --ids {arxiv_id}') "
                "and commit the file, or build with ARXIV_FETCH=1."
            )
    return result
