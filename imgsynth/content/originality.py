"""Originality: does an entry's English prose copy or track its paper's abstract?

The abstracts are the ones the site stores (``content/arxiv.json``, read through the store's
reader); only the English prose is compared, since the abstracts are English. Two measures,
each reported as a warning at the line where the problem starts (``make check``; with
``--strict`` or ``CI=true`` they fail the check):

**A shared run of words.** The prose and the abstract share a run of :data:`RUN_WORDS` (6) or
more consecutive words. Both texts are normalised first: Markdown markup, footnote markers
and link targets removed, case folded, every character that is not a letter or a digit is a
word break (so punctuation, hyphens and line breaks do not hide a copy). Words inside
quotation marks in the prose are left out: a quoted title or phrase is attributed, not copied.

**Sentence by sentence.** The prose follows the abstract's sentences in order. Each sentence
is reduced to its content words (stop words and the words every abstract uses about itself
dropped; a light suffix stemmer, so ``models`` and ``modeling`` are ``model``). A prose sentence
*matches* the abstract sentence that holds the largest share of its content words, when that
share is at least :data:`SENTENCE_COVERAGE` (0.3). The prose *tracks* the abstract when the
longest chain of matches whose abstract positions strictly increase has at least
:data:`TRACK_MIN_SENTENCES` (3) sentences and covers at least :data:`TRACK_SHARE` (half) of the
prose's sentences. The warning names the chain (prose sentence → abstract sentence, counted
from 1).

Calibrated on this repository's history: the measure flags the versions of GLIDE, Parti and
Imagen that the fact check found tracking their abstracts, and none of the rewritten entries
except Parti (which still follows three of its abstract's sentences in order). It does not
catch a paraphrase that changes the words but keeps the abstract's order of ideas (the old
DreamBooth, VQGAN and DALL·E): a reviewer still reads for that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from imgsynth.content.entries import LANGUAGE_MARKER, Entry

RUN_WORDS = 6
SENTENCE_COVERAGE = 0.3
TRACK_SHARE = 0.5
TRACK_MIN_SENTENCES = 3
LANG = "en"

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MARKER = re.compile(r"\[\^[^\]\s]*\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>]*>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_CODE = re.compile(r"`+")
_LATEX = re.compile(r"\$|\\[A-Za-z]+")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|‘[^’]*’|(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "Fig.", "fig.", "No.", "approx.")

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    one two three new use used using show shows shown paper work approach method model models
    propose proposed present presents""".split()
)
"""Words that carry no content of their own; so do the words every abstract uses about itself."""


@dataclass(frozen=True)
class Word:
    text: str
    line: int


@dataclass(frozen=True)
class Finding:
    """One originality problem: where it starts and what it is."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def plain(markdown: str) -> str:
    """Markdown reduced to its words: no markers, link targets, tags, code ticks or LaTeX commands."""
    text = _MARKER.sub(" ", markdown)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _CODE.sub(" ", text)
    return _LATEX.sub(" ", text)


def words(text: str, line: int = 0) -> list[Word]:
    return [Word(match.group().casefold(), line) for match in _WORD.finditer(text)]


def prose_lines(text: str, lang: str = LANG) -> list[tuple[int, str]]:
    """``(file line, text)`` of the prose of ``lang`` in an entry file's text."""
    lines: list[tuple[int, str]] = []
    current = None
    in_front = False
    for number, line in enumerate(text.split("\n"), start=1):
        if number == 1 and line.rstrip() == "---":
            in_front = True
            continue
        if in_front:
            in_front = line.rstrip() != "---"
            continue
        match = LANGUAGE_MARKER.match(line.strip())
        if match:
            current = match.group("lang")
            continue
        if current == lang:
            lines.append((number, line))
    return lines


def shared_runs(prose: list[Word], abstract: list[Word], length: int = RUN_WORDS) -> list[tuple[int, int]]:
    """Maximal runs (start, end) of ``prose`` words, at least ``length`` long, that also occur
    consecutively in ``abstract``."""
    grams = {tuple(w.text for w in abstract[i : i + length]) for i in range(len(abstract) - length + 1)}
    hits = [tuple(w.text for w in prose[i : i + length]) in grams for i in range(len(prose) - length + 1)]
    runs: list[tuple[int, int]] = []
    start = None
    for index, hit in enumerate(hits + [False]):
        if hit and start is None:
            start = index
        elif not hit and start is not None:
            runs.append((start, index - 1 + length))
            start = None
    return runs


def sentences(text: str) -> list[str]:
    """Split running text into sentences (abbreviations such as 'e.g.' and 'et al.' do not end one)."""
    protected = text
    for abbreviation in _ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation.replace(".", "\x00"))
    protected = re.sub(r"(?<=\d)\.(?=\d)", "\x00", protected)
    parts = _SENTENCE_END.split(" ".join(protected.split()))
    return [part.replace("\x00", ".").strip() for part in parts if _WORD.search(part)]


def stem(word: str) -> str:
    """A light suffix stemmer: enough for 'models'/'modeling'/'modelled' to meet."""
    for suffix in ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word[-1] == word[-2]:
        word = word[:-1]  # modell -> model
    return word.rstrip("e") if len(word) > 4 else word


def content_words(sentence: str) -> frozenset[str]:
    return frozenset(stem(w.text) for w in words(sentence) if w.text not in STOP_WORDS and not w.text.isdigit())


def coverage(prose: frozenset[str], abstract: frozenset[str]) -> float:
    """The share of a prose sentence's content words that an abstract sentence also has."""
    return len(prose & abstract) / len(prose) if prose else 0.0


def tracking_chain(prose: list[str], abstract: list[str]) -> list[tuple[int, int, float]]:
    """The longest chain (prose index, abstract index, coverage) of matching sentences whose
    abstract positions strictly increase."""
    abstract_sets = [content_words(s) for s in abstract]
    matches: list[tuple[int, int, float]] = []
    for index, sentence in enumerate(prose):
        mine = content_words(sentence)
        scored = [(coverage(mine, theirs), position) for position, theirs in enumerate(abstract_sets)]
        if scored:
            best, position = max(scored, key=lambda item: (item[0], -item[1]))
            if best >= SENTENCE_COVERAGE:
                matches.append((index, position, best))
    # longest strictly increasing subsequence of abstract positions (prose order is given)
    best_chain: list[list[tuple[int, int, float]]] = []
    for match in matches:
        candidates = [chain for chain in best_chain if chain[-1][1] < match[1]]
        chain = max(candidates, key=len, default=[]) + [match]
        best_chain.append(chain)
    return max(best_chain, key=len, default=[])


def check_text(text: str, abstract: str, path: str) -> list[Finding]:
    """The originality findings of an entry file's text against its paper's abstract."""
    if not abstract.strip():
        return []
    findings: list[Finding] = []
    lines = prose_lines(text)
    prose_words: list[Word] = []
    for number, line in lines:
        unquoted = _QUOTED.sub(" \x00 ", plain(line))  # a quote breaks a run; its words are left out
        for index, piece in enumerate(unquoted.split("\x00")):
            if index:
                prose_words.append(Word("\x00", number))  # no run goes across a quotation
            prose_words += words(piece, number)
    abstract_words = words(plain(abstract))
    for start, end in shared_runs(prose_words, abstract_words):
        run = " ".join(w.text for w in prose_words[start:end])
        findings.append(
            Finding(
                path,
                prose_words[start].line,
                f"the English prose shares a run of {end - start} words with the paper's abstract "
                f'(content/arxiv.json): "{run}"; say it in your own words (a quotation in quotation marks is fine).',
            )
        )
    paragraphs = "\n".join(line for _number, line in lines)
    prose_sentences = sentences(plain(paragraphs))
    abstract_sentences = sentences(plain(abstract))
    chain = tracking_chain(prose_sentences, abstract_sentences)
    if len(chain) >= TRACK_MIN_SENTENCES and len(chain) >= TRACK_SHARE * len(prose_sentences):
        pairs = ", ".join(f"{p + 1}→{a + 1}" for p, a, _score in chain)
        first_line = _line_of_sentence(lines, prose_sentences[chain[0][0]])
        findings.append(
            Finding(
                path,
                first_line,
                f"the English prose follows the paper's abstract sentence by sentence: {len(chain)} of its "
                f"{len(prose_sentences)} sentences match abstract sentences in the same order (prose→abstract: "
                f"{pairs}); tell it in your own order and words (content/arxiv.json holds the abstract).",
            )
        )
    return findings


def _line_of_sentence(lines: list[tuple[int, str]], sentence: str) -> int:
    head = words(sentence)[:4]
    target = " ".join(w.text for w in head)
    for number, line in lines:
        if target and target in " ".join(w.text for w in words(plain(line))):
            return number
    return lines[0][0] if lines else 1


def check(entries: list[Entry], papers: Mapping[str, Mapping[str, Any]]) -> Iterator[Finding]:
    """Findings for every entry with an arXiv id whose stored record has an abstract."""
    for entry in entries:
        record = papers.get(entry.arxiv) if entry.arxiv else None
        abstract = str((record or {}).get("abstract") or "")
        if abstract.strip():
            yield from check_text(entry.path.read_text(encoding="utf-8"), abstract, entry.source_path)
