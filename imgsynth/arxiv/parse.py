"""Parse an arXiv API answer (Atom) into records, by namespace.

Works with both response shapes: the old backend (namespaces declared per element, wrapped
title/abstract lines, ``arxiv:doi``/``arxiv:journal_ref``) and the current one (since
2025-11: https links, ``arxiv:`` declared on the feed). Values are kept as arXiv wrote them
(LaTeX included) with whitespace normalised; rendering makes them readable and escapes them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from imgsynth.arxiv.errors import MalformedFeed
from imgsynth.arxiv.ids import split_abs_url

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"

Record = dict[str, Any]


@dataclass
class Feed:
    """What one answer holds: records by version-less id, or arXiv's error messages."""

    records: dict[str, Record] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    duplicates: dict[str, int] = field(default_factory=dict)
    """Ids that appear in more than one entry of the answer, with how many; never trusted."""


def clean(text: str | None) -> str:
    """Collapse runs of whitespace (arXiv wraps long titles and abstracts)."""
    return " ".join((text or "").split())


def _https(url: str) -> str:
    return "https://" + url[len("http://") :] if url.startswith("http://arxiv.org/") else url


def _date(text: str | None) -> str:
    return clean(text)[:10]


def parse_feed(body: bytes) -> Feed:
    """Parse a body; raise MalformedFeed for anything that is not an Atom feed."""
    if not body.strip():
        raise MalformedFeed("empty body")
    try:
        root = SafeET.fromstring(body)
    except (ET.ParseError, DefusedXmlException) as error:
        raise MalformedFeed(f"not well-formed XML ({error})") from None
    if root.tag != f"{ATOM}feed":
        raise MalformedFeed(f"not an Atom feed (root element {root.tag!r})")
    feed = Feed()
    for entry in root.findall(f"{ATOM}entry"):
        entry_id = clean(entry.findtext(f"{ATOM}id"))
        if clean(entry.findtext(f"{ATOM}title")) == "Error" and "/api/errors" in entry_id:
            feed.errors.append(clean(entry.findtext(f"{ATOM}summary")) or entry_id)
            continue
        record = parse_entry(entry)
        if record["id"] in feed.records:
            feed.duplicates[record["id"]] = feed.duplicates.get(record["id"], 1) + 1
        feed.records[record["id"]] = record
    return feed


def parse_entry(entry: ET.Element) -> Record:
    """One ``<entry>`` as a record (without ``fetched``/``source``, which the caller adds)."""
    arxiv_id, version = split_abs_url(clean(entry.findtext(f"{ATOM}id")))
    abs_url = pdf_url = ""
    for link in entry.findall(f"{ATOM}link"):
        href = _https(clean(link.get("href")))
        if link.get("rel") == "alternate" and not abs_url:
            abs_url = href
        elif link.get("title") == "pdf" and not pdf_url:
            pdf_url = href
    primary = entry.find(f"{ARXIV}primary_category")
    categories = [clean(c.get("term")) for c in entry.findall(f"{ATOM}category") if clean(c.get("term"))]
    return {
        "id": arxiv_id,
        "version": version,
        "title": clean(entry.findtext(f"{ATOM}title")),
        "authors": [clean(a.findtext(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author")],
        "published": _date(entry.findtext(f"{ATOM}published")),
        "updated": _date(entry.findtext(f"{ATOM}updated")),
        "primary_category": clean(primary.get("term")) if primary is not None else "",
        "categories": list(dict.fromkeys(categories)),
        "abstract": clean(entry.findtext(f"{ATOM}summary")),
        "comment": clean(entry.findtext(f"{ARXIV}comment")),
        "journal_ref": clean(entry.findtext(f"{ARXIV}journal_ref")),
        "doi": clean(entry.findtext(f"{ARXIV}doi")),
        "abs_url": abs_url,
        "pdf_url": pdf_url,
    }
