"""Atom feeds of the entries, one per language (``feed.xml``, ``en/feed.xml``).

A feed announces what is new on the site: an entry's ``<published>`` is when its file was added
to the repository and its ``<updated>`` when the file last changed there, both from the git
history (:mod:`imgsynth.content.history`), so a given commit always gives the same feed. The
milestone's own date (when the paper appeared, when the event happened) is part of the entry's
text, as precise as it is known: never padded with an invented day. The feed's ``<updated>``
is the newest entry's; entries come newest change first.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from html import escape
from pathlib import Path

from imgsynth.content import entry_url
from imgsynth.content.history import FileDates, file_dates
from imgsynth.content.load import Content
from imgsynth.languages import prefix
from imgsynth.render.markdown import first_paragraph
from imgsynth.render.pagemeta import plain_text

ATOM = "http://www.w3.org/2005/Atom"


def timestamp(moment: datetime.datetime) -> str:
    """RFC 3339 in UTC, whole seconds: ``2026-11-24T19:06:41Z``."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _content_html(iso: str, shown: str, kind: str, summary: str) -> str:
    """The entry's content: its date and kind, then its summary (HTML, escaped by the XML writer)."""
    lead = f'<p><time datetime="{escape(iso)}">{escape(shown)}</time>' + (f" · {escape(kind)}" if kind else "") + "</p>"
    return f"{lead}<p>{escape(summary)}</p>"


def atom_feed(
    content: Content,
    lang: str,
    site_url: str,
    title: str,
    subtitle: str = "",
    dates: Mapping[Path, FileDates] | None = None,
) -> str:
    """The Atom feed of a language: one ``<entry>`` per milestone, linking to its page.

    ``dates`` maps each entry's file (resolved) to its dates; read from git when not given.
    """
    site_url = site_url.rstrip("/") + "/"
    base = site_url + prefix(lang)
    if dates is None:
        dates = file_dates(entry.path for entry in content.entries)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})

    def add(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text:
            element.text = text
        return element

    resolved = {entry.id: dates[Path(entry.path).resolve()] for entry in content.entries}  # one resolve() each

    def when(entry) -> FileDates:
        return resolved[entry.id]

    entries = sorted(content.entries, key=lambda e: (when(e).changed, when(e).added, e.id), reverse=True)
    add(feed, "id", base)
    add(feed, "title", title)
    if subtitle:
        add(feed, "subtitle", subtitle)
    add(feed, "link", rel="alternate", type="text/html", href=base)
    add(feed, "link", rel="self", type="application/atom+xml", href=base + "feed.xml")
    add(feed, "updated", timestamp(when(entries[0]).changed) if entries else "1970-01-01T00:00:00Z")
    author = add(feed, "author")
    add(author, "name", title)
    kinds = {kind.id: kind.name[lang] for kind in content.kinds}
    for entry in entries:
        url = base + entry_url(entry.id)
        item = add(feed, "entry")
        add(item, "id", url)
        add(item, "title", entry.title[lang])
        add(item, "link", rel="alternate", type="text/html", href=url)
        add(item, "published", timestamp(when(entry).added))
        add(item, "updated", timestamp(when(entry).changed))
        add(item, "category", term=entry.era)
        add(item, "category", term=entry.kind, label=kinds.get(entry.kind, entry.kind))
        summary = plain_text(first_paragraph(entry.prose[lang]), limit=1000)
        add(item, "summary", summary)
        # the milestone's own date, as precise as it is known (2014年6月 / June 2014: no invented day)
        add(
            item,
            "content",
            _content_html(entry.date.iso(), entry.date.display(lang), kinds.get(entry.kind, ""), summary),
            type="html",
        )
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
