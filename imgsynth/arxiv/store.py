"""The committed arXiv metadata file (``content/arxiv.json``): load, merge, write atomically.

Data, not a throw-away cache: one record per version-less id, sorted, stable formatting, so a
refresh that changes nothing is an empty diff (a record whose facts did not change keeps its
old ``fetched`` time). Written to a temporary file in the same folder, then ``os.replace``d:
after a failure or Ctrl-C the file is either what it was or the complete new version.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from imgsynth.arxiv.parse import Record
from imgsynth.errors import ImgsynthError

FORMAT = 1
SOURCE_API = "arXiv API"
FIELDS = (
    "id",
    "version",
    "title",
    "authors",
    "published",
    "updated",
    "primary_category",
    "categories",
    "abstract",
    "comment",
    "journal_ref",
    "doi",
    "abs_url",
    "pdf_url",
)
"""The facts of a record; ``fetched``, ``source`` and ``incomplete`` say where they came from."""


class StoreError(ImgsynthError):
    """The metadata file cannot be read or is not in the expected format."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def load_papers(path: Path) -> dict[str, Record]:
    """Records by id; an absent file is an empty store."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise StoreError(path, 1, f"cannot read ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise StoreError(path, error.lineno, f"not valid JSON ({error.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("papers"), dict):
        raise StoreError(path, 1, f'expected {{"format": {FORMAT}, "papers": {{id: record}}}}')
    return data["papers"]


def dumps(papers: Mapping[str, Record]) -> str:
    """The file's exact text: sorted ids and keys, two-space indent, UTF-8, final newline."""
    data = {"format": FORMAT, "papers": {key: papers[key] for key in sorted(papers)}}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_papers(path: Path, papers: Mapping[str, Record]) -> bool:
    """Write atomically; returns False (and leaves the file alone) when nothing changed."""
    text = dumps(papers)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return True


def facts(record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: record.get(key) for key in FIELDS}


def merge_papers(old: Mapping[str, Record], fetched: Mapping[str, Record], fetched_at: str) -> dict[str, Record]:
    """``old`` updated with freshly fetched records (complete, from the API)."""
    merged = dict(old)
    for arxiv_id, record in fetched.items():
        new = {**facts(record), "fetched": fetched_at, "source": SOURCE_API, "incomplete": []}
        previous = old.get(arxiv_id)
        if (
            previous
            and facts(previous) == facts(new)
            and previous.get("source") == SOURCE_API
            and not previous.get("incomplete")
        ):
            continue  # unchanged: keep the old fetch time, so the diff stays empty
        merged[arxiv_id] = new
    return merged


def to_fetch(papers: Mapping[str, Record], ids: Iterable[str], refresh: bool = False) -> list[str]:
    """Ids to ask arXiv for (every id with ``refresh``): absent records, incomplete ones, and
    records seeded from elsewhere that arXiv has not confirmed yet."""
    return [i for i in dict.fromkeys(ids) if refresh or not is_complete(papers.get(i))]


def is_complete(record: Mapping[str, Any] | None) -> bool:
    return bool(record) and record.get("source") == SOURCE_API and not record.get("incomplete")
