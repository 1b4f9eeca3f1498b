"""The pages the site generates from the content, per language: the timeline, the entry pages,
the annotations and the translation status (Markdown strings; :mod:`imgsynth.plan` hands them out).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import groupby
from typing import Any

from markupsafe import Markup

from imgsynth.content import MILESTONES_DIR, entry_src_uri, entry_url, translation
from imgsynth.content.entries import Entry
from imgsynth.content.lineage import Lineage, lineage
from imgsynth.content.load import Content
from imgsynth.content.tags import tag_names
from imgsynth.languages import name as language_name
from imgsynth.languages import prefix
from imgsynth.render import figures as fig
from imgsynth.render import render, strings
from imgsynth.render.card import render_card
from imgsynth.render.glossary import glossary_markdown, link_first_uses
from imgsynth.render.markdown import first_paragraph, inline_html
from imgsynth.render.notes import PLACE_MARKER, annotation_view, note_definitions
from imgsynth.render.overview import overview_svg
from imgsynth.render.pagemeta import entry_meta
from imgsynth.render.repo import RepoLinks
from imgsynth.render.typography import tidy

ORIGINS = ("article", "reader", "site")
"""Where an entry comes from (``origin:``): named in the article, raised by a reader of the article,
added by this site. The order of the filter's options and of the legend."""


class SiteGenerator:
    """Renders the timeline and the entry pages of one content tree."""

    def __init__(self, content: Content, papers: Mapping[str, Any] | None = None) -> None:
        self.content = content
        self.papers = papers or {}
        self._cache: dict[tuple[str, str], str] = {}
        self.lineage: dict[str, Lineage] = lineage(content.entries)
        self._translation: dict[str, dict[str, translation.LanguageStatus]] = {}
        self.renditions: dict[str, fig.Rendition] = {
            figure.file: fig.plan(figure) for entry in content.entries for figure in entry.figures
        }
        """The copies of every figure file, planned (named and sized) but not encoded."""

    def page_prose(self, entry: Entry, lang: str) -> str:
        """The entry's prose as its page shows it: the first use of each glossary term linked."""
        return link_first_uses(tidy(entry.prose[lang], lang), self.content.glossary, lang, "../")

    def glossary(self, lang: str) -> str:
        """Markdown of the Glossary page's list: every term with its anchor, definition and avoided forms."""
        return glossary_markdown(self.content.glossary, lang, strings()[lang])

    def translation_state(self, entry: Entry) -> dict[str, translation.LanguageStatus]:
        """The entry's translation status per language, hashed once per content load."""
        if entry.id not in self._translation:
            self._translation[entry.id] = translation.entry_status(entry)
        return self._translation[entry.id]

    @staticmethod
    def root(lang: str, depth: int) -> str:
        """Relative URL from a page ``depth`` folders below its language's home to the site root."""
        return "../" * (depth + prefix(lang).count("/"))

    def figure_html(self, entry: Entry, index: int, lang: str, eager: bool) -> Markup:
        """One figure of an entry page: ``<figure>`` with ``<picture>``, caption and credit."""
        figure = entry.figures[index]
        rendition = self.renditions[figure.file]
        first = rendition.page[0]
        scale = 2 if rendition.largest.width < fig.SMALL_WIDTH else 1  # small images are shown twice as large
        html = render(
            "figure.html.j2",
            figure=figure,
            rendition=rendition,
            display=(first.width * scale, first.height * scale),
            lang=lang,
            t=strings()[lang],
            base=self.root(lang, 2),
            number=index + 1,
            eager=eager,
            sizes=fig.PAGE_SIZES,
            srcset=fig.srcset,
            credits_url="../../credits/",
            anchor=fig.credit_anchor(figure),
        )
        return Markup("\n".join(line for line in html.splitlines() if line.strip()))

    def thumbnail(self, entry: Entry, lang: str, base: str) -> dict[str, Any] | None:
        """The first figure of an entry as a timeline thumbnail (a still), or None."""
        if not entry.figures:
            return None
        figure = entry.figures[0]
        thumbs = self.renditions[figure.file].thumb
        return {
            "src": base + thumbs[0].path,
            "srcset": fig.density_srcset(thumbs, base) if len(thumbs) > 1 else "",
            "width": thumbs[0].width,
            "height": thumbs[0].height,
            "alt": figure.alt[lang],
        }

    def social_image(self, entry: Entry) -> dict[str, Any] | None:
        """The ``og:image`` of an entry page (path from the site root), when it has a figure."""
        if not entry.figures:
            return None
        copy = self.renditions[entry.figures[0].file].social
        return {"path": copy.path, "width": copy.width, "height": copy.height, "alt": entry.figures[0].alt}

    def credits(self, lang: str) -> str:
        """Markdown of the credits page: every image, its entries, credit, licence, source and changes."""
        t = strings()[lang]
        items: dict[str, dict[str, Any]] = {}
        for entry in self.content.entries:
            for figure in entry.figures:
                item = items.setdefault(
                    figure.file,
                    {
                        "figure": figure,
                        "rendition": self.renditions[figure.file],
                        "anchor": fig.credit_anchor(figure),
                        "entries": [],
                    },
                )
                if entry not in item["entries"]:
                    item["entries"].append(entry)
        for item in items.values():
            item["changes"] = fig.changes(item["figure"], item["rendition"], t, lang)
        summary = t["credits_summary"].format(
            count=len(items), entries=len({entry.id for item in items.values() for entry in item["entries"]})
        )
        return render(
            "credits.md.j2",
            items=list(items.values()),
            summary=summary,
            lang=lang,
            t=t,
            base=self.root(lang, 1),
            entry_base=f"../{MILESTONES_DIR}/",
            density_srcset=fig.density_srcset,
        )

    def incomplete_papers(self) -> list[dict[str, Any]]:
        """Entries whose arXiv record is missing or lists fields still ``incomplete``."""
        rows = []
        for entry in self.content.entries:
            if not entry.arxiv:
                continue
            record = self.papers.get(entry.arxiv)
            missing = [str(name) for name in (record or {}).get("incomplete") or []]
            if record is None or missing:
                rows.append({"entry": entry, "arxiv": entry.arxiv, "missing": missing or ["(no record)"]})
        return rows

    def papers_status(self, lang: str) -> str:
        """Markdown for maintainers: the papers whose arXiv metadata is incomplete (``make papers``)."""
        t = strings()[lang]
        rows = self.incomplete_papers()
        if not rows:
            return t["papers_status_none"]
        lines = [t["papers_status_summary"].format(count=len(rows)), ""]
        lines += [f"| {t['translation_status_entry']} | arXiv | {t['papers_status_fields']} |", "| --- | --- | --- |"]
        for row in rows:
            entry = row["entry"]
            lines.append(
                f'| <a href="../{MILESTONES_DIR}/{entry.id}/">{entry.title[lang]}</a> | '
                f"`{row['arxiv']}` | {', '.join(f'`{name}`' for name in row['missing'])} |"
            )
        return "\n".join(lines) + "\n"

    def timeline(self, lang: str) -> str:
        """Markdown of the whole timeline: eras as sections, year markers, entries in order."""
        key = ("timeline", lang)
        if key not in self._cache:
            self._cache[key] = self._render_timeline(lang)
        return self._cache[key]

    def _render_timeline(self, lang: str) -> str:
        t = strings()[lang]
        kinds = {term.id: term.name[lang] for term in self.content.kinds}
        sections = []
        years: list[tuple[int, str]] = []
        seen_years: set[int] = set()
        by_era = {era.id: [e for e in self.content.entries if e.era == era.id] for era in self.content.eras}
        for era in self.content.eras:
            groups = []
            for year, items in groupby(by_era[era.id], key=lambda e: e.date.year):
                anchor = f"y{year}" if year not in seen_years else f"y{year}-{era.id}"
                if year not in seen_years:
                    years.append((year, anchor))
                    seen_years.add(year)
                groups.append(
                    {
                        "year": year,
                        "anchor": anchor,
                        "entries": [self._timeline_item(entry, lang, kinds) for entry in items],
                    }
                )
            if groups:
                sections.append({"era": era, "years": groups})
        years.sort()
        return render(
            "timeline.md.j2",
            sections=sections,
            years=years,
            lang=lang,
            t=t,
            overview=overview_svg(self.content, lang),
            filters=self._filters(lang),
        )

    def tag_names(self, lang: str) -> dict[str, str]:
        """``{tag id: its name in lang}`` (content/tags.yaml; a tag it does not list shows its id)."""
        return tag_names(self.content.tags, lang)

    def _filters(self, lang: str) -> dict[str, list[tuple[str, str, int]]]:
        """Options of the timeline filters: (value, label, number of entries) of the eras, kinds,
        provenances and tags in use, in the order of their files (provenance: article, reader, site)."""
        t = strings()[lang]
        entries = self.content.entries
        count = Counter()
        for e in entries:
            count.update([("era", e.era), ("kind", e.kind), ("origin", e.origin)] + [("tag", tag) for tag in e.tags])
        names = self.tag_names(lang)
        tags = [tag.id for tag in self.content.tags] or sorted({tag for e in entries for tag in e.tags})
        return {
            "era": [(e.id, e.name[lang], count["era", e.id]) for e in self.content.eras if count["era", e.id]],
            "kind": [(k.id, k.name[lang], count["kind", k.id]) for k in self.content.kinds if count["kind", k.id]],
            "origin": [(o, t[f"origin_{o}"], count["origin", o]) for o in ORIGINS if count["origin", o]],
            "tag": [(tag, names.get(tag, tag), count["tag", tag]) for tag in tags if count["tag", tag]],
        }

    def annotations(self, lang: str) -> str:
        """Markdown of every correction, grouped by entry in time order, linking to the entries."""
        t = strings()[lang]
        entries = [
            (entry, [annotation_view(annotation, lang) for annotation in entry.annotations])
            for entry in self.content.entries
            if entry.annotations
        ]
        return render("annotations.md.j2", entries=entries, lang=lang, t=t, entry_base=f"../{MILESTONES_DIR}/")

    def translation_status(self, lang: str) -> str:
        """Markdown table of every entry language that is stale or has no translation record."""
        t = strings()[lang]
        rows = []
        for entry in self.content.entries:
            statuses = self.translation_state(entry).values()
            for state in (translation.STALE, translation.MISSING):
                langs = [status.lang for status in statuses if status.state == state]
                if langs:
                    rows.append(
                        {
                            "entry": entry,
                            "language": ", ".join(language_name(lang) for lang in langs),
                            "state": state,
                            "state_label": t[f"translation_status_{state}"],
                            "command": f"make translated ID={entry.id}"
                            + (f" LANG={langs[0]}" if len(langs) == 1 else ""),
                        }
                    )
        summary = t["translation_status_summary"].format(
            count=len(self.content.entries), open=len({row["entry"].id for row in rows})
        )
        return render(
            "translation_status.md.j2", rows=rows, summary=summary, lang=lang, t=t, entry_base=f"../{MILESTONES_DIR}/"
        )

    def _timeline_item(self, entry: Entry, lang: str, kinds: dict[str, str]) -> dict[str, Any]:
        t = strings()[lang]
        return {
            "entry": entry,
            "url": entry_url(entry.id),
            "kind": kinds[entry.kind],
            "origin": t[f"origin_{entry.origin}"],
            "summary": inline_html(tidy(first_paragraph(entry.prose[lang]), lang)),
            "thumb": self.thumbnail(entry, lang, self.root(lang, 0)),
        }

    def entry_pages(self, lang: str, repo: RepoLinks | None = None) -> list[tuple[str, str, dict[str, Any]]]:
        """``(src_uri, markdown, meta)`` of one page per entry, with prev/next in time order;
        ``repo`` adds edit and issue links."""
        entries = self.content.entries
        pages = []
        for index, entry in enumerate(entries):
            previous = entries[index - 1] if index > 0 else None
            following = entries[index + 1] if index + 1 < len(entries) else None
            markdown, meta = self.entry_page(entry, lang, previous, following, repo)
            pages.append((entry_src_uri(entry.id), markdown, meta))
        return pages

    def entry_page(
        self, entry: Entry, lang: str, previous: Entry | None, following: Entry | None, repo: RepoLinks | None = None
    ) -> tuple[str, dict[str, Any]]:
        """The Markdown body of an entry's page and its metadata (description, edit link, citation)."""
        t = strings()[lang]
        paper = self.papers.get(entry.arxiv) if entry.arxiv else None
        edit_url = repo.edit_url(entry.source_path) if repo else ""
        suggest_url = (
            repo.issue_url(
                t["issue_title"].format(title=entry.title[lang]),
                t["issue_body"].format(title=entry.title[lang], id=entry.id, file=entry.source_path),
            )
            if repo
            else ""
        )
        meta = entry_meta(entry, paper, lang, edit_url=edit_url)
        if entry.tags:  # schema.org keywords: the tags' names in the page's language
            names = self.tag_names(lang)
            meta["jsonld"] = {**meta["jsonld"], "keywords": [names.get(tag, tag) for tag in entry.tags]}
        image = self.social_image(entry)
        if image:
            meta["image"] = {**image, "alt": image["alt"][lang]}
        first, _, rest = self.page_prose(entry, lang).strip().partition("\n\n")
        figures = [self.figure_html(entry, index, lang, eager=index == 0) for index in range(len(entry.figures))]
        return render(
            "entry.md.j2",
            entry=entry,
            lang=lang,
            t=t,
            era=self.content.era(entry.era),
            kind=self.content.kind(entry.kind),
            origin=t[f"origin_{entry.origin}"],
            tag_names=self.tag_names(lang),
            prose_first=Markup(first),
            prose_rest=Markup(rest.strip()),
            figures=figures,
            stale=self.translation_state(entry)[lang].state == translation.STALE,
            annotations=[annotation_view(annotation, lang) for annotation in entry.annotations],
            notes=Markup(note_definitions(entry, lang)),
            notes_marker=PLACE_MARKER,
            card=render_card(entry, paper, lang),
            previous=previous,
            next=following,
            home_url="../../",
            lineage=self.lineage.get(entry.id, Lineage()),
            edit_url=edit_url,
            suggest_url=suggest_url,
        ), meta
