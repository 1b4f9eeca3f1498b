"""The glossary on the site: the Glossary page of a language, and the first use of each term on
an entry page linked to its definition there.

Linking (:func:`link_first_uses`): in the page's language, the first use of each term (its
preferred form or an accepted one, see :mod:`imgsynth.content.glossary`) in running prose
becomes a link to ``glossary/#<id>``, once per page. Never linked: headings, existing links and
their targets, code, footnote markers and definitions, raw HTML, quotations and titles. Where
two terms overlap (``潜在扩散模型`` holds ``扩散模型``) the longer one wins.
"""

from __future__ import annotations

import re

from markupsafe import escape

from imgsynth.content.glossary import PROTECTED, GlossaryTerm
from imgsynth.render import markdown_escape

GLOSSARY_URL = "glossary.md"
"""The Glossary page as a Markdown link target (the site generator resolves it to the page of the language
being built and checks it; a link to ``glossary/`` would be an unrecognised link, a warning that fails a strict build)."""

_NOT_PROSE = re.compile(r"^\s*(?:#|\[\^[^\]]*\]:|<|```|~~~|    )")
_WHOLE_LINKS = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|<(\w+)\b[^>]*>.*?</\1>|\[[^\]\n]*\]\[[^\]\n]*\]")


def _protected(line: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in PROTECTED.finditer(line)]
    spans += [m.span() for m in _WHOLE_LINKS.finditer(line)]
    return spans


def link_first_uses(prose: str, terms: list[GlossaryTerm], lang: str, base: str) -> str:
    """``prose`` with the first use of each term linked to ``{base}glossary/#<id>``."""
    if not terms:
        return prose
    linked: set[str] = set()
    lines = prose.split("\n")
    fenced = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or _NOT_PROSE.match(line) or len(linked) == len(terms):
            continue
        lowered = line.lower() if line.isascii() else None
        present = [term for term in terms if term.may_occur(line, lang, lowered)]
        if not present:
            continue
        blocked = _protected(line)
        candidates = []
        for term in present:
            for match in term.patterns[lang].finditer(line):
                start, end = match.span()
                if not blocked or not any(start < b_end and b_start < end for b_start, b_end in blocked):
                    candidates.append((start, -(end - start), end, term))
        chosen: list[tuple[int, int, GlossaryTerm]] = []
        taken_end = -1  # uses taken so far, in order of their starts, never overlap: the last ends last
        for start, _length, end, term in sorted(candidates, key=lambda c: (c[0], c[1])):
            if start < taken_end:
                continue  # inside a longer term's use
            taken_end = end
            if term.id not in linked:
                linked.add(term.id)
                chosen.append((start, end, term))
        for start, end, term in sorted(chosen, key=lambda c: c[0], reverse=True):
            title = term.definition[lang].replace('"', "'")
            link = f'[{line[start:end]}]({base}{GLOSSARY_URL}#{term.id} "{title}"){{ .ty-term }}'
            line = line[:start] + link + line[end:]
        lines[index] = line
    return "\n".join(lines)


def glossary_markdown(terms: list[GlossaryTerm], lang: str, t: dict[str, str]) -> str:
    """The list of the Glossary page: one section per term (anchor = its id), in file order."""
    other = "en" if lang != "en" else "zh"
    parts = []
    for term in terms:
        heading = f'{markdown_escape(term.term[lang])} · <span lang="{other}">{escape(term.term[other])}</span>'
        parts.append(f"### {heading} {{#{term.id} .ty-glossary__term}}\n")
        parts.append(markdown_escape(term.definition[lang]) + "\n")
        avoid = term.avoid.get(lang)
        if avoid:
            separator = "、" if lang == "zh" else ", "
            forms = separator.join(str(escape(form)) for form in avoid)
            parts.append(
                f'<p class="ty-glossary__avoid"><small>{t["glossary_avoid"]}{t["annotation_colon"]}{forms}</small></p>\n'
            )
    return "\n".join(parts)
