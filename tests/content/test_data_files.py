"""Eras and kinds go through the hardened reader: every hostile or malformed file is a FILE:LINE
problem, never a traceback, a hang or a memory blow-up (issue 13)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from imgsynth.content.vocabulary import load_terms

KINDS = """\
- id: paper
  name: {zh: 论文, en: Paper}
- id: model
  name: {zh: 模型, en: Model}
"""


def problems(tmp_path: Path, text: str | bytes, name: str = "kinds.yaml") -> list[str]:
    path = tmp_path / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    terms, errors = load_terms(path, tmp_path)
    return [str(error) for error in errors]


def test_valid_kinds_load(tmp_path):
    path = tmp_path / "kinds.yaml"
    path.write_text(KINDS, encoding="utf-8")
    terms, errors = load_terms(path, tmp_path)
    assert errors == [] and [t.id for t in terms] == ["paper", "model"]
    assert terms[1].name == {"zh": "模型", "en": "Model"} and terms[1].line == 3


def test_alias_bomb_in_eras_fails_fast(tmp_path):
    lines = ['- id: a\n  name: {zh: 甲, en: A}\n  x0: &x0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    for level in range(1, 9):
        lines.append(f"  x{level}: &x{level} [" + ",".join([f"*x{level - 1}"] * 9) + "]\n")
    started = time.perf_counter()
    assert problems(tmp_path, "".join(lines), "eras.yaml") == [
        "content/eras.yaml:3: YAML anchors and aliases ('&name', '*name') are not allowed in this file; "
        "write the value out in full."
    ]
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: paper\n", ["content/kinds.yaml:1: expected a list of items with 'id' and 'name'."]),
        (
            "- paper\n- model\n",
            ["content/kinds.yaml:1: item 1 needs an 'id'.", "content/kinds.yaml:2: item 2 needs an 'id'."],
        ),
        (
            KINDS + "- id: paper\n  name: {zh: 又一个, en: Again}\n",
            ["content/kinds.yaml:5: the id 'paper' is already used on line 1; ids must be unique."],
        ),
        ("- id: paper\n  name: Paper\n", ["content/kinds.yaml:2: 'paper' needs a name in: zh, en."]),
        (
            "- id: paper\n  name: {zh: 论文, en: [Paper]}\n",
            ["content/kinds.yaml:2: 'paper' name.en must be text."],
        ),
        (
            "- id: paper\n  name: {zh: 论文, en: Paper}\n  summary: short\n",
            [
                "content/kinds.yaml:3: 'paper' summary must give the text in each language: "
                "'zh: ...' and 'en: ...' on indented lines."
            ],
        ),
        (
            "- id: Paper Kind\n  name: {zh: 论文, en: Paper}\n",
            ["content/kinds.yaml:1: id 'Paper Kind' must be lower-case words joined by hyphens, e.g. 'gan-years'."],
        ),
        (
            "- id: paper\n  name: {zh: 论文, en: Paper}\n  nmae: x\n",
            ["content/kinds.yaml:3: unknown key 'nmae' in 'paper'. Did you mean 'name'?"],
        ),
        (
            "- id: paper\n  name: {zh: 论文, en: Paper}\n  start: [2012]\n",
            ["content/kinds.yaml:3: 'paper' start must be a date, YYYY or YYYY-MM."],
        ),
        (
            "- id: paper\n  name:\n    zh: 论文\n    yes: Paper\n",
            [
                "content/kinds.yaml:4: the key 'yes' is read as true/false, not as text; keys must be words: "
                "rename it, or quote it ('\"yes\":') if it is meant."
            ],
        ),
        (
            "- id: paper\n  <<: {name: {zh: 论文, en: Paper}}\n",
            ["content/kinds.yaml:2: YAML merge keys ('<<:') are not allowed in this file; write the keys out in full."],
        ),
        (
            b"- id: paper\n  name: {zh: \xe8\xae\xba\xe6\x96\x87, en: Pa\x00per}\n",
            [
                "content/kinds.yaml:2: the control character U+0000 (NUL) is not allowed; "
                "delete it (retype the line if you cannot see it)."
            ],
        ),
        (
            "- id: paper\n  name:\n    zh: 论文\n    en: <img src=x onerror=alert(1)>\n",
            [
                "content/kinds.yaml:4: 'paper' name.en: this is plain text; remove the HTML tag "
                "'<img src=x onerror=alert(1)>' (write '&lt;' for a literal '<', or put a space after it)."
            ],
        ),
        (
            "- id: paper\n  name: {zh: 论文, en: Paper}\n  summary:\n    zh: 说明\n    en: see [here](javascript:alert(1))\n",
            [
                "content/kinds.yaml:5: 'paper' summary.en: the link 'javascript:alert(1)' uses 'javascript:'; "
                "links may only be https://, http:// or relative to the site."
            ],
        ),
    ],
)
def test_malformed_or_hostile_kinds(tmp_path, text, expected):
    assert problems(tmp_path, text) == expected


def test_a_link_to_dev_zero_is_not_read(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "eras.yaml").symlink_to("/dev/zero")
    started = time.perf_counter()
    terms, errors = load_terms(tmp_path / "content" / "eras.yaml", tmp_path)
    assert [str(e) for e in errors] == [
        "content/eras.yaml:1: this is a symbolic link to '/dev/zero', outside the repository; "
        "put the file itself here (links may only point inside the repository)."
    ]
    assert time.perf_counter() - started < 1.0


def test_missing_file(tmp_path):
    terms, errors = load_terms(tmp_path / "content" / "kinds.yaml", tmp_path)
    assert [str(e) for e in errors] == ["content/kinds.yaml:1: this file is missing; it lists the allowed ids."]
