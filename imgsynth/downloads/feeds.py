"""Atom feeds of the entries, one per language (``feed.xml``, ``en/feed.xml``).

Deterministic: an entry's ``updated`` is its (milestone) date, so the same content gives
the same bytes; the newest milestone comes first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from imgsynth.content import entry_url
from imgsynth.content.dates import PartialDate
from imgsynth.content.load import Content
from imgsynth.languages import prefix
from imgsynth.render.markdown import first_paragraph
from imgsynth.render.pagemeta import plain_text

ATOM = "http://www.w3.org/2005/Atom"


def _timestamp(date: PartialDate) -> str:
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"


def atom_feed(content: Content, lang: str, site_url: str, title: str, subtitle: str = "") -> str:
    """The Atom feed of a language: one ``<entry>`` per milestone, linking to its page."""
    site_url = site_url.rstrip("/") + "/"
    base = site_url + prefix(lang)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})

    def add(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text:
            element.text = text
        return element

    add(feed, "id", base)
    add(feed, "title", title)
    if subtitle:
        add(feed, "subtitle", subtitle)
    add(feed, "link", rel="alternate", type="text/html", href=base)
    add(feed, "link", rel="self", type="application/atom+xml", href=base + "feed.xml")
    entries = sorted(content.entries, key=lambda e: e.sort_key, reverse=True)
    add(feed, "updated", _timestamp(entries[0].date) if entries else "1970-01-01T00:00:00Z")
    author = add(feed, "author")
    add(author, "name", title)
    for entry in entries:
        url = base + entry_url(entry.id)
        item = add(feed, "entry")
        add(item, "id", url)
        add(item, "title", entry.title[lang])
        add(item, "link", rel="alternate", type="text/html", href=url)
        add(item, "updated", _timestamp(entry.date))
        add(item, "published", _timestamp(entry.date))
        add(item, "category", term=entry.era)
        add(item, "summary", plain_text(first_paragraph(entry.prose[lang]), limit=1000))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
