"""``timeline.json``: every entry in both languages, with dates, eras, links and arXiv metadata.

The format is described by ``timeline.schema.json`` (published beside it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

from imgsynth.content import entry_url
from imgsynth.content.entries import Entry
from imgsynth.content.lineage import lineage
from imgsynth.content.load import Content
from imgsynth.languages import LANGUAGES, prefix
from imgsynth.render.markdown import first_paragraph

FORMAT_VERSION = 1


def schema_text() -> str:
    """The JSON Schema of ``timeline.json``, as published."""
    return resources.files(__package__).joinpath("timeline.schema.json").read_text(encoding="utf-8")


def entry_facts(entry: Entry) -> dict[str, str]:
    """What both downloads (this file and ``timeline.csv``) give first: id, date and its precision,
    era, kind and origin."""
    return {
        "id": entry.id,
        "date": entry.date.iso(),
        "precision": entry.date.precision,
        "era": entry.era,
        "kind": entry.kind,
        "origin": entry.origin,
    }


def _entry(entry: Entry, paper: Mapping[str, Any] | None, site_url: str, led_to: list[str]) -> dict[str, Any]:
    urls = {lang: f"{site_url}{prefix(lang)}{entry_url(entry.id)}" for lang in LANGUAGES}
    data: dict[str, Any] = {
        **entry_facts(entry),
        "title": {lang: entry.title[lang] for lang in LANGUAGES},
        "summary": {lang: first_paragraph(entry.prose[lang]) for lang in LANGUAGES},
        "text": {lang: entry.prose[lang] for lang in LANGUAGES},
        "url": urls,
        "tags": list(entry.tags),
        "builds_on": list(entry.builds_on),
        "led_to": led_to,
        "links": [{"url": link.url, "label": {lang: link.label[lang] for lang in LANGUAGES}} for link in entry.links],
        "annotations": [
            {"text": {lang: a.text[lang] for lang in LANGUAGES}, "sources": list(a.sources), "date": a.date}
            for a in entry.annotations
        ],
        "sources": [{key: value for key, value in vars(source).items() if value} for source in entry.sources],
        "source_file": entry.source_path,
    }
    if entry.raised_by:
        data["raised_by"] = entry.raised_by
    if entry.arxiv:
        data["arxiv"] = entry.arxiv
    if entry.work:
        data["work"] = json.loads(json.dumps(entry.work, default=str))
    if paper:
        data["paper"] = json.loads(json.dumps(dict(paper), default=str))
    return data


def timeline_json(content: Content, papers: Mapping[str, Any], site_url: str) -> str:
    """The whole timeline as JSON text (stable: same content, same bytes)."""
    site_url = site_url.rstrip("/") + "/" if site_url else ""
    reverse = lineage(content.entries)
    document = {
        "$schema": f"{site_url}timeline.schema.json" if site_url else "timeline.schema.json",
        "version": FORMAT_VERSION,
        "languages": list(LANGUAGES),
        "eras": [
            {
                "id": era.id,
                "name": {lang: era.name[lang] for lang in LANGUAGES},
                **({"span": str(era.span)} if getattr(era, "span", None) else {}),
            }
            for era in content.eras
        ],
        "kinds": [{"id": kind.id, "name": {lang: kind.name[lang] for lang in LANGUAGES}} for kind in content.kinds],
        "entries": [
            _entry(
                entry,
                papers.get(entry.arxiv) if entry.arxiv else None,
                site_url,
                [e.id for e in reverse[entry.id].led_to],
            )
            for entry in content.entries
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
