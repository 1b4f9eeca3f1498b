"""Which download files a language's build publishes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from imgsynth.content.history import FileDates
from imgsynth.content.load import Content
from imgsynth.downloads import FEED, PAPERS_BIB, TIMELINE_CSV, TIMELINE_JSON, TIMELINE_SCHEMA, Download
from imgsynth.downloads.bib import papers_bib
from imgsynth.downloads.feeds import atom_feed
from imgsynth.downloads.timeline_csv import timeline_csv
from imgsynth.downloads.timeline_json import schema_text, timeline_json
from imgsynth.languages import DEFAULT
from imgsynth.render import strings


def downloads(
    content: Content,
    papers: Mapping[str, Any],
    lang: str,
    site_url: str,
    dates: Mapping[Path, FileDates] | None = None,
) -> list[Download]:
    """The files of ``lang``'s build, paths relative to that language's root.

    The default language's build also publishes the language-neutral files
    (``timeline.json``, its schema and ``papers.bib``); every language has its own feed and
    ``timeline.csv``. ``dates``: when each entry file was added and changed (the feed).
    """
    t = strings()[lang]
    files = [
        Download(
            FEED,
            atom_feed(content, lang, site_url, t["site_title"], t.get("feed_subtitle", ""), dates=dates),
            "application/atom+xml",
        ),
        Download(TIMELINE_CSV, timeline_csv(content, papers, lang), "text/csv"),
    ]
    if lang == DEFAULT:
        header = f"{strings()['en']['site_title']}: every work in the timeline.\n{site_url}"
        files += [
            Download(TIMELINE_JSON, timeline_json(content, papers, site_url), "application/json"),
            Download(TIMELINE_SCHEMA, schema_text(), "application/schema+json"),
            Download(PAPERS_BIB, papers_bib(content, papers, header=header), "application/x-bibtex"),
        ]
    return files
