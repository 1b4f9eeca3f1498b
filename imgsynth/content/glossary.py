"""One vocabulary: ``content/glossary.yaml``, one record per term, and the check for avoided forms.

Each record (checked with its line, like the eras)::

    - id: latent-space                       # the anchor on the Glossary page
      term: {zh: 潜空间, en: latent space}    # the preferred form in each language
      definition:                            # one line each, plain text
        zh: ...
        en: ...
      avoid: {zh: [隐空间, 潜在空间]}          # forms to replace by the preferred one (optional)
      also: {zh: [GAN], en: [GAN]}            # other accepted forms that count as a use (optional)

:func:`avoided_forms` reports every avoided form in an entry (prose, and the ``zh:``/``en:``
values of its front matter such as captions and corrections) as ``FILE:LINE`` with the
preferred form; ``make check`` prints them as warnings. Words in quotation marks (“…”, "…",
《…》, 「…」), inline code and link targets are left alone: a quotation is a mention, not a use.

Matching: Chinese forms match anywhere; forms with Latin letters match whole words, ignoring case
unless the form has capitals (``GAN``, ``Transformer``), in English with an optional plural
``s``/``es``; an acronym inside a longer name (``VQ-VAE``, ``StyleGAN``) is not a use of ``VAE`` or
``GAN``. Where forms overlap, the longest counts (``变分自编码器`` is not also ``自编码器``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from imgsynth.content.entries import LANGUAGE_MARKER
from imgsynth.content.records import RecordFile
from imgsynth.errors import EntryError
from imgsynth.languages import LANGUAGES

GLOSSARY_FILE = "glossary.yaml"
_KEYS = ("id", "term", "definition", "avoid", "also")
_SIZE_LIMIT = 256 * 1024

PROTECTED = re.compile(
    r"“[^”\n]*”|\"[^\"\n]*\"|《[^》\n]*》|「[^」\n]*」|『[^』\n]*』"  # quotations and titles
    r"|`[^`\n]*`"  # inline code
    r"|\]\([^)\n]*\)|<[^>\n]*>|https?://\S+"  # link targets, tags and autolinks, bare URLs
    r"|\[\^[^\]\s]*\]"  # footnote markers
)
"""Spans of text that are not running prose: no glossary form is checked or linked there."""


@dataclass(frozen=True)
class GlossaryTerm:
    """One term: its preferred form, definition, avoided and other accepted forms per language."""

    id: str
    term: dict[str, str]
    definition: dict[str, str]
    avoid: dict[str, tuple[str, ...]] = field(default_factory=dict)
    also: dict[str, tuple[str, ...]] = field(default_factory=dict)
    line: int = 1

    def forms(self, lang: str) -> tuple[str, ...]:
        """The forms that count as a use of the term in ``lang``: the preferred one first."""
        return (self.term[lang], *self.also.get(lang, ()))

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """Per language, one pattern matching any accepted form (longest first)."""
        return {lang: form_pattern(self.forms(lang), lang) for lang in LANGUAGES}

    @cached_property
    def _needles(self) -> dict[str, tuple[tuple[str, bool], ...]]:
        return {lang: tuple(_needle(form) for form in self.forms(lang)) for lang in LANGUAGES}

    def may_occur(self, line: str, lang: str, lowered: str | None = None) -> bool:
        """False only when :attr:`patterns` cannot match anywhere in ``line`` (no form appears in it):
        a substring test, much cheaper than the pattern. ``lowered``: ``line.lower()`` of an ASCII
        line, computed once by a caller testing many terms."""
        for text, ignore_case in self._needles[lang]:
            if not ignore_case:
                if text in line:
                    return True
            elif text is None or not line.isascii():
                return True  # Unicode case folding: only the pattern knows
            elif text in (lowered if lowered is not None else line.lower()):
                return True
        return False


def _needle(form: str) -> tuple[str | None, bool]:
    """(text that must appear, whether case is ignored) for one form, as :func:`form_pattern`
    matches it; text None when no plain substring test is exact (a non-ASCII form matched
    ignoring case)."""
    if not re.search(r"[A-Za-z0-9]", form) or any(c.isupper() for c in form):
        return form, False  # matched exactly as written
    return (form.lower() if form.isascii() else None), True


def form_pattern(forms: tuple[str, ...], lang: str) -> re.Pattern[str]:
    """A pattern matching any of ``forms`` as used in ``lang`` (see the module's notes)."""
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        escaped = re.escape(form)
        if not re.search(r"[A-Za-z0-9]", form):
            parts.append(escaped)  # Chinese: no word boundaries
            continue
        flags = "" if any(c.isupper() for c in form) else "(?i:"
        plural = "(?:e?s)?" if lang == "en" else ""
        body = f"{flags}{escaped}{')' if flags else ''}{plural}"
        parts.append(rf"(?<![A-Za-z0-9_-]){body}(?![A-Za-z0-9_]|-[A-Za-z0-9])")
    return re.compile("|".join(parts))


def load_glossary(path: Path, root: Path | None = None) -> tuple[list[GlossaryTerm], list[EntryError]]:
    """The terms of ``content/glossary.yaml`` (none when the file is absent) and every problem."""
    file = RecordFile.read(
        path, root, limit=_SIZE_LIMIT, expected="expected a list of terms with 'id', 'term' and 'definition'."
    )
    problem = file.problem
    terms: list[GlossaryTerm] = []
    for index, item, term_id in file.records(keys=_KEYS, noun="term", example="latent-space"):
        before = len(file.errors)
        texts: dict[str, dict[str, str]] = {}
        for key in ("term", "definition"):
            value = item.get(key)
            if not isinstance(value, dict) or set(value) - set(LANGUAGES):
                problem(
                    (index, key),
                    f"'{term_id}' needs '{key}' in each language: 'zh: ...' and 'en: ...' on indented lines.",
                )
                continue
            texts[key] = {}
            for lang in LANGUAGES:
                text = value.get(lang)
                where = (index, key, lang)
                if not isinstance(text, str) or not text.strip():
                    problem(where, f"'{term_id}' {key}.{lang} must be text.")
                    continue
                if "\n" in text.strip():
                    problem(where, f"'{term_id}' {key}.{lang} must be one line.")
                    continue
                file.check_plain_text(where, text, f"'{term_id}' {key}.{lang}")
                texts[key][lang] = text.strip()
        lists: dict[str, dict[str, tuple[str, ...]]] = {}
        for key in ("avoid", "also"):
            value = item.get(key, {})
            if not isinstance(value, dict) or set(value) - set(LANGUAGES):
                problem((index, key), f"'{term_id}' {key} must map 'zh' and/or 'en' to a list of forms.")
                continue
            lists[key] = {}
            for lang, forms in value.items():
                if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
                    problem(
                        (index, key, lang),
                        f"'{term_id}' {key}.{lang} must be a list of forms, e.g. [隐空间, 潜在空间].",
                    )
                    continue
                lists[key][lang] = tuple(f.strip() for f in forms)
        preferred = texts.get("term", {})
        for lang, forms in lists.get("avoid", {}).items():
            for form in forms:
                if form == preferred.get(lang) or form in lists.get("also", {}).get(lang, ()):
                    problem(
                        (index, "avoid", lang),
                        f"'{term_id}' avoids '{form}', which is also one of its accepted forms; remove one of them.",
                    )
        if len(file.errors) > before:
            continue
        terms.append(
            GlossaryTerm(
                id=term_id,
                term=texts["term"],
                definition=texts["definition"],
                avoid=lists.get("avoid", {}),
                also=lists.get("also", {}),
                line=file.line_of((index,)),
            )
        )
    return terms, sorted(file.errors + _clash_problems(terms, file.shown))


def _clash_problems(terms: list[GlossaryTerm], shown: str) -> list[EntryError]:
    """A form may not be accepted for one term and avoided (or accepted) for another."""
    owner: dict[tuple[str, str], GlossaryTerm] = {}
    problems = []
    for term in terms:
        for lang in LANGUAGES:
            for form in term.forms(lang):
                other = owner.setdefault((lang, form), term)
                if other is not term:
                    problems.append(
                        EntryError(shown, term.line, f"'{term.id}' and '{other.id}' both use the form '{form}'.")
                    )
    for term in terms:
        for lang, forms in term.avoid.items():
            for form in forms:
                other = owner.get((lang, form))
                if other is not None:
                    problems.append(
                        EntryError(
                            shown,
                            term.line,
                            f"'{term.id}' avoids '{form}', which is the form of the term '{other.id}'.",
                        )
                    )
    return problems


@dataclass(frozen=True)
class Avoided:
    """An avoided form found in a file."""

    path: str
    line: int
    form: str
    term: GlossaryTerm
    lang: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: '{self.form}' is a form the glossary avoids for '{self.term.term['en']}'; "
            f"write '{self.term.term[self.lang]}' (content/{GLOSSARY_FILE})."
        )


_YAML_TEXT = re.compile(r"^\s*(?:-\s+)?(?P<lang>zh|en):\s*(?P<text>.*)$")


def text_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """``(line, language, text)`` of an entry file's prose and of its front matter's ``zh:``/``en:``
    values (titles, captions, corrections); a YAML file is read as front matter throughout."""
    lines = text.split("\n")
    front = bool(lines) and lines[0].rstrip() == "---"
    lang: str | None = None
    for number, line in enumerate(lines, start=1):
        if number == 1 and front:
            continue
        if front:
            if line.rstrip() == "---":
                front = False
                continue
            match = _YAML_TEXT.match(line)
            if match and match.group("text"):
                value = match.group("text").strip()
                if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
                    value = value[1:-1]  # YAML's own quotes, not a quotation
                yield number, match.group("lang"), value
            continue
        marker = LANGUAGE_MARKER.match(line.strip())
        if marker:
            lang = marker.group("lang") if marker.group("lang") in LANGUAGES else None
            continue
        if lang is not None and not line.lstrip().startswith("#"):
            yield number, lang, line


def avoided_forms(terms: list[GlossaryTerm], text: str, path: str, yaml_file: bool = False) -> list[Avoided]:
    """Every avoided form in a file's text (an entry, or with ``yaml_file`` a YAML file such as eras.yaml)."""
    patterns = {
        lang: [(term, form_pattern(term.avoid[lang], lang)) for term in terms if term.avoid.get(lang)]
        for lang in LANGUAGES
    }
    source = text if not yaml_file else "---\n" + text + "\n---"
    offset = -1 if yaml_file else 0
    found: list[Avoided] = []
    for number, lang, line in text_lines(source):
        prose = PROTECTED.sub(lambda m: " " * len(m.group()), line)
        hits = [
            (match.start(), match.end(), match.group(), term)
            for term, pattern in patterns.get(lang, [])
            for match in pattern.finditer(prose)
        ]
        for start, end, form, term in sorted(hits, key=lambda hit: hit[0]):
            if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _f, _t in hits):
                found.append(Avoided(path, number + offset, form, term, lang))
    return found


def check(terms: list[GlossaryTerm], files: list[tuple[str, Path, bool]]) -> list[Avoided]:
    """Avoided forms in ``(shown path, path, is a YAML file)`` files, in file and line order."""
    found: list[Avoided] = []
    for shown, path, yaml_file in files:
        found += avoided_forms(terms, path.read_text(encoding="utf-8"), shown, yaml_file)
    return found
