"""What the site publishes about itself: downloads with their dates, the data page, how to cite it.

Part of the plan (:class:`imgsynth.plan.Plan` delegates to it), engine-neutral:

* :meth:`Publication.dates` — when each entry file was added and last changed (git, read once);
* :meth:`Publication.updated` — when the site last changed (the current commit; the build date
  outside git), for "how to cite" and the dataset's ``dateModified``;
* :meth:`Publication.files` — a language's downloads (the feed takes the dates);
* :meth:`Publication.markers` — the data page's tables and the About page's citation;
* :meth:`Publication.dataset` — schema.org ``Dataset`` of the data page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imgsynth.content.history import FileDates, build_date, file_dates, head_date, work_tree
from imgsynth.content.load import Content
from imgsynth.downloads import FEED, PAPERS_BIB, TIMELINE_CSV, TIMELINE_JSON, TIMELINE_SCHEMA, Download
from imgsynth.downloads.files import downloads
from imgsynth.languages import DEFAULT, LANGUAGES, prefix
from imgsynth.render import strings
from imgsynth.render.datapage import FileRow, cite_section, entries_table, fields_table, files_table, preview_table
from imgsynth.render.jsonld import dataset_jsonld

DATA_FILES_MARKER = "<!-- data-files -->"
DATA_FIELDS_MARKER = "<!-- data-fields -->"
DATA_PREVIEW_MARKER = "<!-- data-preview -->"
DATA_ENTRIES_MARKER = "<!-- data-entries -->"
"""Where the data page (``docs/data.md``, ``data.en.md``) gets its files, fields, preview and table."""

CITE_MARKER = "<!-- cite -->"
"""Where the About page (``docs/about.md``, ``about.en.md``) gets "how to cite this site"."""

ORDER = (TIMELINE_CSV, TIMELINE_JSON, TIMELINE_SCHEMA, PAPERS_BIB, FEED)
"""The order of the data page's file table."""


@dataclass
class Publication:
    content: Content
    papers: Mapping[str, Any]
    _dates: dict[Path, FileDates] | None = field(default=None, repr=False)
    _updated: datetime.datetime | None = field(default=None, repr=False)
    _files: dict[tuple[str, str], list[Download]] = field(default_factory=dict, repr=False)

    def dates(self) -> dict[Path, FileDates]:
        if self._dates is None:
            self._dates = file_dates(entry.path for entry in self.content.entries)
        return self._dates

    def updated(self) -> datetime.datetime:
        """The date of the current commit of the content's repository, else the build date."""
        if self._updated is None:
            top = work_tree(Path(self.content.root))
            self._updated = (head_date(top) if top else None) or build_date()
        return self._updated

    def files(self, lang: str, site_url: str) -> list[Download]:
        key = (lang, site_url)
        if key not in self._files:
            self._files[key] = downloads(self.content, self.papers, lang, site_url, dates=self.dates())
        return self._files[key]

    def data_files(self, lang: str, site_url: str) -> list[FileRow]:
        """The files a language's data page lists: its own and the shared ones, hrefs from that page."""
        t = strings()[lang]
        to_root = "../" * (1 + prefix(lang).count("/"))
        own = {item.path: ("../" + item.path, item) for item in self.files(lang, site_url)}
        shared = {item.path: (to_root + item.path, item) for item in self.files(DEFAULT, site_url)}
        listed = {**shared, **own}
        rows = []
        for name in ORDER:
            if name in listed:
                href, item = listed[name]
                key = "data_desc_" + name.replace(".", "_")
                rows.append(FileRow(name, href, len(item.content.encode("utf-8")), item.media_type, t.get(key, "")))
        return rows

    def markers(self, lang: str, site_url: str, project: str) -> dict[str, Callable[[], str]]:
        """``project``: the repository's name (``imgsynth/ten-years``), whose contributors are the authors."""
        titles = {code: strings()[code]["site_title"] for code in LANGUAGES}
        return {
            DATA_FILES_MARKER: lambda: files_table(self.data_files(lang, site_url), lang),
            DATA_FIELDS_MARKER: lambda: fields_table(self.content, self.papers, lang),
            DATA_PREVIEW_MARKER: lambda: preview_table(self.content, self.papers, lang),
            DATA_ENTRIES_MARKER: lambda: entries_table(self.content, lang, "../"),
            CITE_MARKER: lambda: cite_section(lang, site_url, self.updated(), project, titles),
        }

    def dataset(self, lang: str, site_url: str, project: str) -> dict[str, Any]:
        """schema.org ``Dataset`` of the data page: every download, absolute URLs."""
        t = strings()[lang]
        root = site_url.rstrip("/") + "/" if site_url else ""
        files = [
            (root + prefix(code) + item.path, item.media_type)
            for code in LANGUAGES
            for item in self.files(code, site_url)
            if code == lang or item.path not in (FEED, TIMELINE_CSV)
        ]
        unique = list(dict.fromkeys(files))
        return dataset_jsonld(
            name=t["site_title"],
            description=t["data_dataset_description"],
            files=unique,
            updated=self.updated().date().isoformat(),
            creator=strings()["en"]["cite_authors"].format(project=project or "imgsynth"),
        )
