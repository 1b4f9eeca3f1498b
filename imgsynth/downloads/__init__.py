"""Site-wide downloads built from the content: ``timeline.json`` (+ its JSON Schema),
``papers.bib``, and an Atom feed and ``timeline.csv`` per language (stage 4).
:mod:`imgsynth.plan` hands them to the adapter, which adds them to the site as generated files.
"""

from __future__ import annotations

from dataclasses import dataclass

TIMELINE_JSON = "timeline.json"
TIMELINE_CSV = "timeline.csv"
TIMELINE_SCHEMA = "timeline.schema.json"
PAPERS_BIB = "papers.bib"
FEED = "feed.xml"


@dataclass(frozen=True)
class Download:
    """One file to publish: its path under the site root (language prefix included) and content."""

    path: str
    content: str
    media_type: str
