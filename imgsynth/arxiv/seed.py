"""Seed records from checked reference facts (``papers.yaml``) when arXiv cannot be reached.

Faithful conversion: a value the facts leave empty stays empty and is named in the record's
``incomplete`` list (so an online refresh completes it); nothing is guessed. Two derivations
follow arXiv's fixed rules and are not guesses: the abstract/PDF links of a known version, and
``journal_ref: "none shown"`` (the arXiv page was seen and had no such line) as a known empty
journal reference, comment and DOI.

Where the abstract was read is kept as the record's ``abstract_source`` (:func:`abstract_origin`),
so the page can say so: ``arxiv``, ``arxiv-mirror`` or ``cvf``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from imgsynth.arxiv.parse import Record, clean
from imgsynth.arxiv.store import FIELDS
from imgsynth.content.datafile import load_yaml_file

SOURCE_REFERENCE = "reference/papers.yaml"
NONE_SHOWN = "none shown"
ABSTRACT_SOURCES = ("arxiv", "arxiv-mirror", "cvf")
"""Where an abstract was read: an arXiv page (or a word-for-word copy of one), arXiv's text on a
site that republishes arXiv listings (Hugging Face papers, arXiv-fed mirrors), the CVF open access page."""

_ARXIV_PAGE = re.compile(r"arxiv\.org|arxiv (?:abs )?page|arxiv listing")


def abstract_origin(note: str) -> str:
    """The kind of page a reference abstract was read on, from its ``abstract_source`` note
    (one of :data:`ABSTRACT_SOURCES`; "" for no note). The note names the page first; what
    follows in parentheses is corroboration."""
    lead = note.split("(", 1)[0].casefold()
    if not lead.strip():
        return ""
    if "cvf" in lead or "openaccess.thecvf.com" in lead:
        return "cvf"
    if _ARXIV_PAGE.search(lead):
        return "arxiv"
    return "arxiv-mirror"


def load_reference(path: Path) -> dict[str, dict[str, Any]]:
    """The reference papers that have an arXiv id, by id (read by the hardened reader; DataError)."""
    data = load_yaml_file(path, limit=4 * 1024 * 1024, what="the reference file").data
    papers = data.get("papers", []) if isinstance(data, dict) else []
    return {str(p["arxiv_id"]): p for p in papers if isinstance(p, dict) and p.get("arxiv_id")}


def record_from_reference(fact: dict[str, Any], source: str = SOURCE_REFERENCE) -> Record:
    arxiv_id = str(fact["arxiv_id"])
    version = fact.get("latest_version") or None
    seen_page = str(fact.get("journal_ref") or "") == NONE_SHOWN
    record: Record = {
        "id": arxiv_id,
        "version": int(version) if version else None,
        "title": clean(fact.get("title")),
        "authors": [clean(a) for a in fact.get("authors") or []],
        "published": clean(str(fact.get("published") or "")),
        "updated": clean(str(fact.get("latest_version_date") or "")),
        "primary_category": clean(fact.get("primary_category")),
        "categories": [clean(c) for c in fact.get("categories") or []],
        "abstract": clean(fact.get("abstract")),
        "comment": clean(fact.get("comments")),
        "journal_ref": "" if seen_page else clean(fact.get("journal_ref")),
        "doi": clean(fact.get("doi")),
        "abs_url": f"https://arxiv.org/abs/{arxiv_id}v{version}" if version else "",
        "pdf_url": f"https://arxiv.org/pdf/{arxiv_id}v{version}" if version else "",
        "fetched": "",
        "source": source,
    }
    origin = abstract_origin(str(fact.get("abstract_source") or "")) if record["abstract"] else ""
    if origin:
        record["abstract_source"] = origin
    known_empty = {"comment", "journal_ref", "doi"} if seen_page else set()
    record["incomplete"] = sorted(key for key in FIELDS if record[key] in (None, "", []) and key not in known_empty)
    return record


def seed_records(reference: Path, ids: Iterable[str]) -> tuple[dict[str, Record], list[str]]:
    """Records for ``ids`` from the reference file, and the ids it has no facts for."""
    facts = load_reference(reference)
    source = f"reference/{reference.name}"
    records = {i: record_from_reference(facts[i], source) for i in ids if i in facts}
    return records, [i for i in ids if i not in facts]
