"""The committed arXiv metadata file (``content/arxiv.json``): the only module that reads or writes it.

Data, not a throw-away cache: one record per version-less id, sorted, stable formatting, so a
refresh that changes nothing is an empty diff (a record whose facts did not change keeps its
old ``fetched`` time). Written to a temporary file in the same folder, then ``os.replace``d:
after a failure or Ctrl-C the file is either what it was or the complete new version, and the
temporary file is removed. The file keeps its permissions. Runs that change the file hold
:func:`locked` (an ``flock`` on ``.arxiv.json.lock`` beside it) from reading to writing, so two
runs at once cannot lose each other's records.

It never loses a good record: the file is read through the hardened data-file reader (size,
depth and repeated keys checked, ``FILE:LINE`` messages), every record is checked on reading
and before writing (:func:`record_problems`), and an answer from arXiv replaces a record only
when it is complete (a title, authors and both dates) and within the size limits.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from imgsynth.arxiv.parse import Record
from imgsynth.content.datafile import DataError, load_json_file
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

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_TITLE_BYTES = 1024
MAX_ABSTRACT_BYTES = 10 * 1024
MAX_AUTHORS = 500
MAX_TEXT_BYTES = 2048
"""Any other text value: an author's name, a comment, a journal reference, a DOI, a link."""
MAX_CATEGORIES = 50
REQUIRED = ("title", "authors", "published", "updated")
"""What an answer from arXiv must hold before it may replace a record."""
LOCK_TIMEOUT = 600.0

_ID = re.compile(r"^(?:[0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})$")
_TEXT = ("title", "published", "updated", "primary_category", "abstract", "comment", "journal_ref", "doi")
_LIMITS = {"title": MAX_TITLE_BYTES, "abstract": MAX_ABSTRACT_BYTES}


class StoreError(ImgsynthError):
    """The metadata file cannot be read or is not in the expected format."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def record_problems(record: object, *, complete: bool = False) -> list[str]:
    """What is wrong with a record (empty when nothing is): types, the size limits, dates.

    With ``complete`` (an answer from arXiv), a title, at least one author and both dates are
    required too; a stored record may lack them when its ``incomplete`` list names them.
    """
    if not isinstance(record, dict):
        return ["a record must be an object of facts"]
    problems = []
    missing = [key for key in FIELDS if key not in record]
    if missing:
        problems.append(f"it lacks {', '.join(missing)}")
    arxiv_id = record.get("id")
    if not isinstance(arxiv_id, str) or not _ID.match(arxiv_id):
        problems.append(f"'id' is not an arXiv id: {arxiv_id!r}")
    version = record.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool) or version < 1):
        problems.append(f"'version' must be a whole number from 1, or null: {version!r}")
    for key in _TEXT + ("abs_url", "pdf_url"):
        value = record.get(key, "")
        if not isinstance(value, str):
            problems.append(f"'{key}' must be text")
        elif len(value.encode("utf-8")) > _LIMITS.get(key, MAX_TEXT_BYTES):
            problems.append(
                f"'{key}' is {len(value.encode('utf-8')):,} bytes, more than {_LIMITS.get(key, MAX_TEXT_BYTES):,}"
            )
    for key in ("published", "updated"):
        value = record.get(key)
        if isinstance(value, str) and value and not _is_date(value):
            problems.append(f"'{key}' is not a date (YYYY-MM-DD): {value!r}")
    for key in ("abs_url", "pdf_url"):
        value = record.get(key)
        if isinstance(value, str) and value and not value.startswith(("https://arxiv.org/", "http://arxiv.org/")):
            problems.append(f"'{key}' is not an arxiv.org link: {value!r}")
    authors = record.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(name, str) and name.strip() for name in authors):
        problems.append("'authors' must be a list of names")
    elif len(authors) > MAX_AUTHORS:
        problems.append(f"it names {len(authors):,} authors, more than {MAX_AUTHORS}")
    elif any(len(name.encode("utf-8")) > MAX_TEXT_BYTES for name in authors):
        problems.append(f"an author's name is longer than {MAX_TEXT_BYTES:,} bytes")
    categories = record.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) and len(c) <= 64 for c in categories):
        problems.append("'categories' must be a list of category names")
    elif len(categories) > MAX_CATEGORIES:
        problems.append(f"it has {len(categories)} categories, more than {MAX_CATEGORIES}")
    for key in set(record) - set(FIELDS) - {"fetched", "source", "incomplete"}:
        value = record[key]
        if not isinstance(value, str) or len(value.encode("utf-8")) > MAX_TEXT_BYTES:
            problems.append(f"'{key}' must be text of at most {MAX_TEXT_BYTES:,} bytes")
    if complete and not problems:
        lacking = [key for key in REQUIRED if not record.get(key) or (key == "title" and not record[key].strip())]
        if lacking:
            problems.append(f"the answer has no {', '.join(lacking)}")
    return problems


def _is_date(text: str) -> bool:
    try:
        return len(text) == 10 and bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


def _stored_problems(key: str, record: object) -> list[str]:
    problems = record_problems(record)
    if not isinstance(record, dict):
        return problems
    if record.get("id") != key and not any(p.startswith("'id'") for p in problems):
        problems.append(f"its 'id' is {record.get('id')!r}, not {key!r}")
    incomplete = record.get("incomplete", [])
    if not isinstance(incomplete, list) or not set(incomplete) <= set(FIELDS):
        problems.append("'incomplete' must list field names")
    for name in ("fetched", "source"):
        if not isinstance(record.get(name, ""), str) or len(str(record.get(name, ""))) > 100:
            problems.append(f"'{name}' must be short text")
    return problems


def load_papers(path: Path, root: Path | None = None) -> dict[str, Record]:
    """Records by id; an absent file is an empty store. Raises StoreError with the line.

    ``root`` is the repository: a symbolic link is followed only inside it.
    """
    try:
        document = load_json_file(path, root=root, limit=MAX_FILE_BYTES, max_depth=8)
    except FileNotFoundError:
        return {}
    except DataError as error:
        raise StoreError(path, error.line, error.message) from None
    data = document.data
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("papers"), dict):
        raise StoreError(path, 1, f'expected {{"format": {FORMAT}, "papers": {{id: record}}}}')
    papers = data["papers"]
    for key, record in papers.items():
        problems = _stored_problems(key, record)
        if problems:
            raise StoreError(
                path,
                document.line_of_key("papers", key),
                f"the record '{key}' is malformed: {'; '.join(problems)}. Fix it or delete the record, then "
                f"fetch it again: python scripts/fetch_papers.py --ids {key}",
            )
    return papers


@contextmanager
def locked(
    path: Path, *, timeout: float = LOCK_TIMEOUT, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the store's lock (``flock`` on ``.arxiv.json.lock`` beside ``path``) while changing it.

    Waits for another run to finish (saying so through ``waiting``), at most ``timeout``
    seconds. The lock goes with the process: a killed run never leaves it held.
    """
    lock_path = path.with_name(f".{path.name}.lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting(f"waiting for another run that is changing {path.name} (it holds {lock_path.name})")
            give_up = time.monotonic() + timeout
            while True:
                time.sleep(0.1)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > give_up:
                        raise StoreError(
                            path, 1, f"another run has been changing this file for {timeout:g} s; wait for it to finish"
                        ) from None
        yield
    finally:
        os.close(fd)


def dumps(papers: Mapping[str, Record]) -> str:
    """The file's exact text: sorted ids and keys, two-space indent, UTF-8, final newline."""
    data = {"format": FORMAT, "papers": {key: papers[key] for key in sorted(papers)}}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_papers(path: Path, papers: Mapping[str, Record]) -> bool:
    """Write atomically, keeping the file's mode; returns False (and leaves the file alone) when
    nothing changed. Raises ValueError, writing nothing, when a record is malformed."""
    for key, record in papers.items():
        problems = _stored_problems(key, record)
        if problems:
            raise ValueError(f"refusing to write the malformed record {key!r}: {'; '.join(problems)}")
    text = dumps(papers)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
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
    """``old`` updated with freshly fetched records (complete, from the API).

    Raises ValueError for a record that is not complete: the client reports those as failures
    and never hands them on, so a stored record is never replaced by a worse one.
    """
    merged = dict(old)
    for arxiv_id, record in fetched.items():
        problems = record_problems(record, complete=True)
        if problems:
            raise ValueError(f"refusing to store the answer for {arxiv_id}: {'; '.join(problems)}")
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
