"""The generated parts of the data page and of the About page's "How to cite this site".

* :func:`files_table` — each download with what it holds and its size (as published);
* :func:`fields_table` — the columns of ``timeline.csv`` with their meaning and an example;
* :func:`preview_table` — the first rows of ``timeline.csv``;
* :func:`entries_table` — every entry in one table (read without JavaScript; the site's script
  makes the column headings sort it);
* :func:`cite_section` — a BibTeX record and a plain-text citation of the site.

Everything goes through Jinja2's autoescaping (``render``): titles and values are text.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from imgsynth.content import entry_url
from imgsynth.content.dates import PartialDate
from imgsynth.content.load import Content
from imgsynth.downloads.timeline_csv import COLUMNS, rows
from imgsynth.languages import prefix
from imgsynth.render import render, strings
from imgsynth.render.bibtex import bibtex_value

PREVIEW_ROWS = 5


@dataclass(frozen=True)
class FileRow:
    """A download as the data page lists it."""

    name: str
    href: str
    size: int
    """Bytes, as published."""
    media_type: str
    description: str


def human_size(size: int, lang: str) -> str:
    """``12.3 KB`` (1 KB = 1,000 bytes, as file managers count), with the exact bytes."""
    if size < 1000:
        short = f"{size} B"
    elif size < 1_000_000:
        short = f"{size / 1000:.1f} KB"
    else:
        short = f"{size / 1_000_000:.2f} MB"
    exact = f"{size:,}"
    return f"{short}（{exact} 字节）" if lang == "zh" else f"{short} ({exact} bytes)"


def files_table(files: Sequence[FileRow], lang: str) -> str:
    t = strings()[lang]
    return render("data_files.md.j2", files=files, t=t, size=lambda n: human_size(n, lang), lang=lang)


def fields_table(content: Content, papers: Mapping[str, Any], lang: str) -> str:
    t = strings()[lang]
    first = rows(content, papers, lang)[:1]
    example = first[0] if first else dict.fromkeys(COLUMNS, "")
    fields = [(name, t[f"data_field_{name}"], example[name]) for name in COLUMNS]
    return render("data_fields.md.j2", fields=fields, t=t)


def preview_table(content: Content, papers: Mapping[str, Any], lang: str) -> str:
    t = strings()[lang]
    return render("data_preview.md.j2", columns=COLUMNS, rows=rows(content, papers, lang)[:PREVIEW_ROWS], t=t)


def entries_table(content: Content, lang: str, root: str) -> str:
    """Every entry, in time order; ``root`` is the relative URL of the language's home (``../``)."""
    t = strings()[lang]
    kinds = {kind.id: kind.name[lang] for kind in content.kinds}
    eras = {era.id: (number, era.name[lang]) for number, era in enumerate(content.eras)}
    items = [
        {
            "entry": entry,
            "order": number,
            "url": root + entry_url(entry.id),
            "kind": kinds[entry.kind],
            "era": eras[entry.era][1],
            "era_order": eras[entry.era][0],
            "origin": t[f"origin_{entry.origin}"],
        }
        for number, entry in enumerate(content.entries)
    ]
    return render("data_entries.md.j2", items=items, t=t, lang=lang)


def display_day(moment: datetime.datetime, lang: str) -> str:
    """``2026年12月1日`` / ``1 December 2026``."""
    return PartialDate(moment.year, moment.month, moment.day).display(lang)


def cite_section(lang: str, site_url: str, updated: datetime.datetime, project: str, title: dict[str, str]) -> str:
    """A BibTeX record and a plain-text citation of the whole site, in ``lang``: its authors are the
    contributors to ``project`` (the repository), its date the last update."""
    t = strings()[lang]
    project = project or "imgsynth"
    authors = t["cite_authors"].format(project=project)
    corporate = strings()["en"]["cite_authors"].format(project=project)
    url = site_url.rstrip("/") + "/" + prefix(lang) if site_url else ""
    both = f"{title['zh']} · {title['en']}"
    record = "\n".join(
        [
            f"@misc{{imgsynth-ten-years-{updated.year},",
            f"  title = {{{bibtex_value(both)}: {{A}} bilingual annotated timeline of deep-learning image synthesis}},",
            f"  author = {{{{{bibtex_value(corporate)}}}}},",
            f"  year = {{{updated.year}}},",
            *([f"  howpublished = {{\\url{{{url}}}}},", f"  url = {{{url}}},"] if url else []),
            f"  note = {{Last updated {updated.date().isoformat()}}},",
            "  language = {Chinese and English}",
            "}",
        ]
    )
    plain = (
        t["cite_plain"]
        .format(authors=authors, year=updated.year, title=both, updated=display_day(updated, lang), url=url)
        .strip()
    )
    return render("cite.md.j2", t=t, record=record, plain=plain, updated=updated.date().isoformat())
