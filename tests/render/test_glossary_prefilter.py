"""The glossary's substring test (GlossaryTerm.may_occur) never skips a line its pattern matches.

Linking the first use of each term (imgsynth/render/glossary.py) runs a term's pattern only on
lines where one of its forms occurs as text; the test must be sure, in every case spelling and
script the patterns accept (ignoring case under Unicode: 'ſ' is an 's', 'K' a 'k').
"""

from __future__ import annotations

import random
from pathlib import Path

from imgsynth.content.glossary import GlossaryTerm, load_glossary
from imgsynth.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]


def _terms() -> list[GlossaryTerm]:
    terms, errors = load_glossary(ROOT / "content" / "glossary.yaml", ROOT)
    assert not errors and terms
    extra = GlossaryTerm(  # forms of every kind: non-ASCII Latin, capitals, digits
        id="extra",
        term={"zh": "扩散", "en": "naïve"},
        definition={"zh": "定义", "en": "definition"},
        also={"zh": ["Été", "x2"], "en": ["Kernel", "stage2", "ſtyle"]},
    )
    return [*terms, extra]


def _lines(terms: list[GlossaryTerm], count: int) -> list[str]:
    rng = random.Random(2014)
    forms = [form for term in terms for lang in LANGUAGES for form in term.forms(lang)]
    pieces = [*forms, *(f.upper() for f in forms), *(f.title() for f in forms), *(f.swapcase() for f in forms)]
    pieces += ["s", "es", "-", "_", " ", "，", "“", "”", "`", "[^a]", "](x)", "ſ", "K", "İ", "ı", "é", "ß", "x"]
    lines = []
    for _ in range(count):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        if rng.random() < 0.3:  # a form with one letter in another case or script
            i = rng.randrange(len(line))
            line = line[:i] + rng.choice("ſKİıSsKk") + line[i + 1 :]
        lines.append(line)
    return lines


def test_may_occur_is_true_wherever_the_pattern_matches():
    terms = _terms()
    matched = skipped = 0
    for line in _lines(terms, 6000):
        lowered = line.lower() if line.isascii() else None
        for term in terms:
            for lang in LANGUAGES:
                found = term.patterns[lang].search(line) is not None
                may = term.may_occur(line, lang, lowered)
                assert may or not found, (term.id, lang, line)
                matched += found
                skipped += not may
    assert matched > 1000 and skipped > 10000  # both sides were exercised


def test_may_occur_skips_lines_without_any_form():
    term = next(t for t in _terms() if t.id == "latent-space")
    assert not term.may_occur("A generator and a discriminator.", "en", "a generator and a discriminator.")
    assert term.may_occur("The LATENT SPACE of a GAN.", "en", "the latent space of a gan.")
    assert term.may_occur("Ein ſchöner latent ſpace.", "en")  # not ASCII: only the pattern can tell
    assert not term.may_occur("生成器和判别器", "zh")
    assert term.may_occur("模型的潜空间", "zh")
