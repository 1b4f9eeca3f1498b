"""Load and validate the whole content tree: eras, kinds and every milestone entry."""

from __future__ import annotations

import difflib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imgsynth.content import MILESTONES_DIR, datafile
from imgsynth.content.datafile import DataError, content_files
from imgsynth.content.dates import PartialDate
from imgsynth.content.entries import Annotation, Entry, Link, placeholder_problems, prose_first_lines, split_prose
from imgsynth.content.entry_checks import front_matter_problems, lineage_checks, prose_problems
from imgsynth.content.figures import FIGURES_DIR, check_figures
from imgsynth.content.frontmatter import MAX_FILE_BYTES, FrontMatterError, read_entry
from imgsynth.content.glossary import GLOSSARY_FILE, GlossaryTerm, load_glossary
from imgsynth.content.schema import schema_problems
from imgsynth.content.sources import source_problems, sources_of
from imgsynth.content.tags import load_tags, shown_path, tag_problems
from imgsynth.content.vocabulary import Term, era_problems, load_terms
from imgsynth.errors import ContentErrors, EntryError, display_path
from imgsynth.languages import LANGUAGES
from imgsynth.languages import label as language_label

_NUMBER_AS_TEXT = (("date",), ("work", "year"), ("work", "volume"), ("work", "issue"))


@dataclass
class Content:
    """Everything under ``content/``, validated; entries sorted by date."""

    root: Path
    eras: list[Term]
    kinds: list[Term]
    entries: list[Entry]
    tags: list[Term] = field(default_factory=list)
    """The tags of ``content/tags.yaml``, with their names in each language (file order)."""
    glossary: list[GlossaryTerm] = field(default_factory=list)
    """The terms of ``content/glossary.yaml`` (file order); none when the file is absent."""

    def era(self, era_id: str) -> Term:
        return next(term for term in self.eras if term.id == era_id)

    def kind(self, kind_id: str) -> Term:
        return next(term for term in self.kinds if term.id == kind_id)


def load_content(content_dir: Path, project_root: Path | None = None) -> Content:
    """Load ``content_dir``; raise ContentErrors listing every problem found."""
    root = project_root or content_dir.parent
    errors: list[EntryError] = []
    eras, era_errors = load_terms(content_dir / "eras.yaml", root)
    kinds, kind_errors = load_terms(content_dir / "kinds.yaml", root)
    errors += era_errors + kind_errors
    tags, tag_errors = load_tags(content_dir, root)
    errors += tag_errors
    glossary, glossary_errors = load_glossary(content_dir / GLOSSARY_FILE, root)
    errors += glossary_errors
    if not era_errors:
        errors += era_problems(eras, display_path(content_dir / "eras.yaml", root))
    entries: list[Entry] = []
    seen: dict[str, Entry] = {}
    milestones = content_dir / MILESTONES_DIR
    paths = list(content_files(milestones, ".md"))  # not hidden files, editor locks or backups
    if not paths:
        errors.append(EntryError(display_path(milestones, root), 1, "no entries found; add <id>.md files here."))
    files = {path.stem: display_path(path, root) for path in paths}
    context = _context(eras, kinds, files, content_dir / FIGURES_DIR, root)
    for path in paths:
        entry, problems = _load_entry_cached(path, eras, kinds, root, files, context)
        errors += problems
        if entry is None:
            continue
        if entry.id in seen:
            first = seen[entry.id]
            errors.append(
                EntryError(
                    entry.source_path,
                    2,
                    f"duplicate id '{entry.id}': {first.source_path} "
                    "already uses it. Ids must be unique; choose another.",
                )
            )
            continue
        seen[entry.id] = entry
        entries.append(entry)
    errors += _lineage_problems(entries, set(files))
    if tags is not None and not tag_errors:
        errors += tag_problems(entries, tags, shown_path(content_dir, root))
    if errors:
        raise ContentErrors(errors)
    entries.sort(key=lambda entry: entry.sort_key)
    return Content(root=content_dir, eras=eras, kinds=kinds, entries=entries, tags=tags or [], glossary=glossary)


_parsed: dict[Path, tuple[tuple[str, str], tuple[Entry | None, list[EntryError]]]] = {}
"""Each entry file as last loaded, reused while the file and what its checks read are unchanged
(a server rebuilding after one edit parses that one file again, not every entry)."""


def _context(eras: list[Term], kinds: list[Term], files: dict[str, str], figures: Path, root: Path) -> str:
    """What an entry's checks read besides its own file: the vocabularies, the other entry files
    (duplicate ids) and the figure files (sizes and times)."""
    figure_files = []
    if figures.is_dir():
        for item in os.scandir(figures):
            if item.is_file():
                stat = item.stat()
                figure_files.append((item.name, stat.st_size, stat.st_mtime_ns))
    seen = (repr(eras), repr(kinds), sorted(files.items()), sorted(figure_files), str(root))
    return hashlib.sha256(repr(seen).encode("utf-8")).hexdigest()


def _load_entry_cached(
    path: Path, eras: list[Term], kinds: list[Term], root: Path, files: dict[str, str], context: str
) -> tuple[Entry | None, list[EntryError]]:
    try:  # the bytes, not the modification time: two quick edits of the same size are told apart
        # read as load_entry reads it (links outside the repository, devices, FIFOs and oversized
        # files refused): a link to /dev/zero must not be read to the end
        digest = hashlib.sha256(datafile.read_bytes(path, limit=MAX_FILE_BYTES, root=root)).hexdigest()
    except (DataError, OSError):
        return load_entry(path, eras, kinds, root, files)
    key = (digest, context)
    cached = _parsed.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    result = load_entry(path, eras, kinds, root, files)
    _parsed[path] = (key, result)
    return result


def load_entry(
    path: Path, eras: list[Term], kinds: list[Term], root: Path | None = None, files: dict[str, str] | None = None
) -> tuple[Entry | None, list[EntryError]]:
    """Load one entry file; returns the entry (None when unusable) and all its problems.

    ``files`` maps the stem of every entry file to its shown path, to name the owner of a duplicate id.
    """
    shown = display_path(path, root)
    try:
        document = read_entry(path, root)
    except FrontMatterError as error:
        return None, [EntryError(shown, error.line, error.message)]
    except OSError as error:
        return None, [EntryError(shown, 1, f"cannot read the file: {error.strerror}.")]
    data = document.data
    for key_path in _NUMBER_AS_TEXT:
        _number_to_text(data, key_path)
    problems = [EntryError(shown, document.line_of(where), message) for where, message in schema_problems(data)]

    def add(where: tuple[Any, ...], message: str) -> None:
        problems.append(EntryError(shown, document.line_of(where), message))

    entry_id = data.get("id")
    owner = (files or {}).get(entry_id) if isinstance(entry_id, str) else None
    if owner and path.stem != entry_id:
        add(
            ("id",),
            f"duplicate id '{entry_id}': {owner} already uses it. Ids must be unique "
            f"and match the file name; set 'id: {path.stem}'.",
        )
    elif isinstance(entry_id, str) and path.stem != entry_id:
        add(("id",), f"the file name must match the id: rename the file to '{entry_id}.md' or set 'id: {path.stem}'.")
    date: PartialDate | None = None
    if isinstance(data.get("date"), str):
        try:
            date = PartialDate.parse(data["date"])
        except ValueError as error:
            if not any(e.line == document.line_of(("date",)) for e in problems):
                add(("date",), str(error))
    _check_term(data, "era", eras, add)
    _check_term(data, "kind", kinds, add)
    if date is not None:
        _check_era_range(data.get("era"), date, eras, add)
    until: PartialDate | None = None
    if isinstance(data.get("until"), str):
        try:
            until = PartialDate.parse(data["until"])
        except ValueError as error:
            if not any(e.line == document.line_of(("until",)) for e in problems):
                add(("until",), str(error).replace("date '", "until '", 1))
        else:
            if date is not None and until.last_day() < date.first_day():
                add(
                    ("until",),
                    f"until '{data['until']}' is before the date '{data['date']}'; a span ends after it starts.",
                )
    figures_dir = path.parent.parent / FIGURES_DIR
    figures, figure_problems = check_figures(
        data.get("figures"), figures_dir, display_path(figures_dir, root).rstrip("/") + "/"
    )
    for where, message in figure_problems:
        add(where, message)
    prose, _markers, body_problems = split_prose(document.body, document.body_start_line)
    problems += [EntryError(shown, line, message) for line, message in body_problems]
    problems += [
        EntryError(shown, line, message) for _, line, message in front_matter_problems(data, document.text_line)
    ]
    first_lines = prose_first_lines(document.body, document.body_start_line, _markers)
    labels = {lang: f"the {language_label(lang)} prose" for lang in prose}
    problems += [EntryError(shown, line, message) for line, message in prose_problems(prose, first_lines, labels)]
    problems += [
        EntryError(shown, line, message)
        for line, message in source_problems(data, document.body, document.body_start_line, document.line_of)
    ]
    for lang in LANGUAGES:
        if lang not in prose and not body_problems:
            where = min(document.body_start_line, document.end_line) if lang == LANGUAGES[0] else document.end_line
            problems.append(
                EntryError(
                    shown,
                    where,
                    f"the {language_label(lang)} prose is missing; "
                    f"add a line '<!-- lang: {lang} -->' followed by the text.",
                )
            )
        elif lang in prose and not prose[lang]:
            problems.append(
                EntryError(
                    shown,
                    _markers[lang],
                    f"the {language_label(lang)} prose is empty; write it below '<!-- lang: {lang} -->'.",
                )
            )
    problems += [
        EntryError(shown, line, message)
        for line, message in placeholder_problems(document.body, document.body_start_line)
    ]
    if problems or date is None:
        return None, problems
    return Entry(
        id=data["id"],
        date=date,
        era=data["era"],
        kind=data["kind"],
        title=dict(data["title"]),
        origin=data["origin"],
        prose=prose,
        path=path,
        source_path=shown,
        arxiv=data.get("arxiv", ""),
        raised_by=data.get("raised_by", ""),
        work=dict(data.get("work") or {}),
        links=[Link(url=item["url"], label=dict(item["label"])) for item in data.get("links", [])],
        tags=list(data.get("tags", [])),
        builds_on=list(data.get("builds_on", [])),
        annotations=[
            Annotation(
                text={lang: item[lang] for lang in LANGUAGES},
                sources=list(item.get("sources", [])),
                date=item.get("date", ""),
            )
            for item in data.get("annotations", [])
        ],
        translation=dict(data.get("translation") or {}),
        facts=data,
        sources=sources_of(data),
        until=until,
        figures=figures,
    ), []


def _number_to_text(data: dict[str, Any], key_path: tuple[str, ...]) -> None:
    """Accept ``date: 2006`` or ``year: 2012`` written without quotes."""
    parent: Any = data
    for key in key_path[:-1]:
        parent = parent.get(key) if isinstance(parent, dict) else None
    last = key_path[-1]
    if isinstance(parent, dict) and isinstance(parent.get(last), int) and not isinstance(parent.get(last), bool):
        parent[last] = str(parent[last])


def _check_term(data: dict[str, Any], key: str, terms: list[Term], add: Any) -> None:
    value = data.get(key)
    ids = [term.id for term in terms]
    if isinstance(value, str) and ids and value not in ids:
        close = difflib.get_close_matches(value, ids, n=1, cutoff=0.5)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        add((key,), f"unknown {key} '{value}'; use one of: {', '.join(ids)} (content/{key}s.yaml).{hint}")


def _check_era_range(era_id: Any, date: PartialDate, eras: list[Term], add: Any) -> None:
    """An entry's date must fall inside its era's range (content/eras.yaml)."""
    era = next((term for term in eras if term.id == era_id), None)
    if era is None or era.contains(date):
        return
    right = next((term for term in eras if term.contains(date)), None)
    hint = f"set 'era: {right.id}' ({right.span_in('en')})" if right else "no era covers it; extend content/eras.yaml"
    add(
        ("era",),
        f"the date {date.iso()} is outside era '{era.id}', which covers {era.span_in('en')} "
        f"(content/eras.yaml); {hint}, or correct the date.",
    )


def _lineage_problems(entries: list[Entry], file_ids: set[str]) -> list[EntryError]:
    known = {entry.id for entry in entries} | file_ids  # a broken file reports its own problems
    errors, _later = lineage_checks(entries, lambda entry: _line_of_key(entry, "builds_on"))
    problems = [EntryError(entry.source_path, line, message) for entry, line, message in errors]
    for entry in entries:
        for target in entry.builds_on:
            if target not in known:
                close = difflib.get_close_matches(target, sorted(known), n=1, cutoff=0.6)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                problems.append(
                    EntryError(
                        entry.source_path,
                        _line_of_key(entry, "builds_on"),
                        f"builds_on names '{target}', which is not an entry id.{hint}",
                    )
                )
    return problems


def lineage_warnings(entries: list[Entry]) -> list[str]:
    """``FILE:LINE: message`` for each entry that builds on a later one (a warning, not an error)."""
    return lineage_checks(entries, lambda entry: _line_of_key(entry, "builds_on"))[1]


def _line_of_key(entry: Entry, key: str) -> int:
    for number, line in enumerate(entry.path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 2
