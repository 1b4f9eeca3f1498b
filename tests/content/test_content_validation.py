"""Every mistake a contributor can make is reported as FILE:LINE: what is wrong and how to fix it.

The corpus in ``tests/bad_entries/`` holds one small variant of a valid entry per mistake, named
by the mistake (its id is its file name, so the only problem is the one it is named after).
Each case is loaded in a content folder of its own, next to the valid ``gan.md``, and the test
asserts the exact list of reported lines.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from content_support import gan_content

from imgsynth.content.load import load_content
from imgsynth.errors import ContentErrors

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parents[1] / "bad_entries"
M = "content/milestones"

_FIX_YAML = "Check indentation, colons and quotes (quote values that contain ': ' or start with a special character)."
_LINK = "is not a valid http(s) link; write the full address starting with https://."
_ARXIV = (
    "is malformed; write it like 1406.2661 (no 'arXiv:' prefix, no version suffix such as v2) or like hep-th/9901001."
)
_PDF = "https://proceedings.neurips.cc/paper/2014/file/5ca3e9b122f61f8f06494c97b1afccf3-Paper.pdf"

# case (file name without .md) -> the exact lines of the report
EXPECTED: dict[str, list[str]] = {
    "invalid-yaml-indent": [
        f"{M}/invalid-yaml-indent.md:8: invalid YAML: mapping values are not allowed in this context. {_FIX_YAML}"
    ],
    "invalid-yaml-unclosed-quote": [
        f'{M}/invalid-yaml-unclosed-quote.md:3: invalid YAML: the quote " opened on this line is never closed; '
        'add the closing " at the end of the value.'
    ],
    "duplicate-key": [f"{M}/duplicate-key.md:6: the key 'era' appears twice (first on line 4); keep only one."],
    "no-front-matter-opener": [
        f"{M}/no-front-matter-opener.md:1: the file must start with a line '---' that opens the YAML front matter."
    ],
    "unclosed-front-matter": [
        f"{M}/unclosed-front-matter.md:1: the front matter opened by '---' on this line is never closed; "
        "add a line '---' after the last key."
    ],
    "missing-zh-section": [
        f"{M}/missing-zh-section.md:19: the Chinese prose is missing; add a line '<!-- lang: zh -->' followed by the text."
    ],
    "empty-en-section": [
        f"{M}/empty-en-section.md:22: the English prose is empty; write it below '<!-- lang: en -->'."
    ],
    "unknown-language-marker": [
        f"{M}/unknown-language-marker.md:22: unknown language 'english' in the marker; "
        "use one of: <!-- lang: zh -->, <!-- lang: en -->."
    ],
    "text-before-marker": [
        f"{M}/text-before-marker.md:19: text before the first language marker; start the body with "
        "'<!-- lang: zh -->' and put the English after '<!-- lang: en -->'."
    ],
    "unknown-key-top": [f"{M}/unknown-key-top.md:6: unknown key 'tittle' in the front matter. Did you mean 'title'?"],
    "unknown-key-nested": [f"{M}/unknown-key-nested.md:13: unknown key 'lable' in links[0]. Did you mean 'label'?"],
    "unknown-era": [
        f"{M}/unknown-era.md:4: unknown era 'gan-year'; use one of: prehistory, origins, gan-years, transformers, "
        "photoshop-era (content/eras.yaml). Did you mean 'gan-years'?"
    ],
    "unknown-kind": [
        f"{M}/unknown-kind.md:5: unknown kind 'papers'; use one of: paper, model, dataset, event, artwork, post, "
        "software (content/kinds.yaml). Did you mean 'paper'?"
    ],
    "malformed-date": [
        f"{M}/malformed-date.md:3: date '10/06/2014' is not YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014-06 or 2014-06-10)."
    ],
    "impossible-day": [f"{M}/impossible-day.md:3: date '2014-02-30' does not exist: February 2014 has 28 days."],
    "impossible-month": [f"{M}/impossible-month.md:3: date '2014-13' has month 13; months run from 01 to 12."],
    "duplicate-id": [
        f"{M}/duplicate-id-copy.md:2: duplicate id 'duplicate-id': {M}/duplicate-id.md already uses it. "
        "Ids must be unique and match the file name; set 'id: duplicate-id-copy'."
    ],
    "arxiv-prefix": [f"{M}/arxiv-prefix.md:9: arxiv id 'arXiv:1406.2661' {_ARXIV}"],
    "arxiv-version": [f"{M}/arxiv-version.md:9: arxiv id '1406.2661v2' {_ARXIV}"],
    "link-ftp": [f"{M}/link-ftp.md:12: links[0].url '{_PDF.replace('https', 'ftp')}' {_LINK}"],
    "link-javascript": [f"{M}/link-javascript.md:12: links[0].url 'javascript:alert(1)' {_LINK}"],
    "link-no-host": [f"{M}/link-no-host.md:12: links[0].url '{_PDF.replace('proceedings.neurips.cc', '')}' {_LINK}"],
    "link-spaces": [
        f"{M}/link-spaces.md:12: links[0].url 'https://proceedings.neurips.cc/paper/2014/NIPS 2014 paper.pdf' "
        "contains a space, which a link may not contain; percent-encode it (%20) or remove it."
    ],
    "file-name-mismatch": [
        f"{M}/file-name-mismatch.md:2: the file name must match the id: rename the file to "
        "'generative-adversarial-networks.md' or set 'id: file-name-mismatch'."
    ],
    "title-as-string": [
        f"{M}/title-as-string.md:6: title must give the Chinese and the English text: write 'zh: ...' and "
        "'en: ...' on indented lines below 'title:'."
    ],
    "missing-required-key": [
        f"{M}/missing-required-key.md:2: missing required key 'origin' in the front matter; "
        "add 'origin: ...' with one of: article, reader, site."
    ],
    "annotation-without-sources": [
        f"{M}/annotation-without-sources.md:19: missing required key 'sources' in annotations[0]; add 'sources:' "
        "with at least one URL that proves the correction (for a claim about the translation, the translation itself)."
    ],
    "annotation-without-date": [
        f"{M}/annotation-without-date.md:19: missing required key 'date' in annotations[0]; "
        "add 'date: \"YYYY-MM-DD\"', the day the correction was added to the site."
    ],
    "builds-on-unknown": [
        f"{M}/builds-on-unknown.md:17: builds_on names 'gann', which is not an entry id. Did you mean 'gan'?"
    ],
    "alias-bomb": [
        f"{M}/alias-bomb.md:18: YAML anchors and aliases ('&name', '*name') are not allowed in entries; "
        "write the value out in full."
    ],
    "python-tag": [
        f"{M}/python-tag.md:18: YAML tags such as '!!python/object/apply:os.system' are not allowed in entries; "
        "remove it."
    ],
    "non-utf8": [f"{M}/non-utf8.md:23: byte 0xe9 is not valid UTF-8; save the file as UTF-8."],
}
COMPANIONS = {"duplicate-id": ["duplicate-id-copy"]}
"""Cases made of several files: the extra files loaded with the case."""


def make_content(tmp_path: Path, files: dict[str, bytes]) -> Path:
    """A content folder with the real eras and kinds, the valid gan.md and ``files`` (name -> bytes)."""
    content = gan_content(tmp_path)
    for name, data in files.items():
        (content / "milestones" / name).write_bytes(data)
    return content


def reported(content: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    return [str(error) for error in caught.value.errors]


def corpus_files(case: str) -> dict[str, bytes]:
    names = [case, *COMPANIONS.get(case, [])]
    return {f"{name}.md": (CORPUS / f"{name}.md").read_bytes() for name in names}


def test_corpus_and_table_agree() -> None:
    on_disk = {path.stem for path in CORPUS.glob("*.md")}
    listed = set(EXPECTED) | {name for extra in COMPANIONS.values() for name in extra}
    assert on_disk == listed
    assert len(EXPECTED) >= 22


def test_valid_control_loads(tmp_path: Path) -> None:
    content = load_content(make_content(tmp_path, {}))
    assert [entry.id for entry in content.entries] == ["gan"]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_entry_is_reported(case: str, tmp_path: Path) -> None:
    started = time.perf_counter()
    assert reported(make_content(tmp_path, corpus_files(case))) == EXPECTED[case]
    assert time.perf_counter() - started < 1.0


def test_alias_bomb_fails_fast_without_expanding(tmp_path: Path) -> None:
    # 9 levels of 9 aliases: 9**9 (387 million) strings if it were expanded
    started = time.perf_counter()
    reported(make_content(tmp_path, corpus_files("alias-bomb")))
    assert time.perf_counter() - started < 1.0


def test_file_over_256_kib_is_refused_fast(tmp_path: Path) -> None:
    base = (CORPUS / "duplicate-id.md").read_bytes().replace(b"id: duplicate-id", b"id: too-large")
    data = base + b"A very long paragraph. " * 12_000  # 276,661 bytes in all
    started = time.perf_counter()
    assert reported(make_content(tmp_path, {"too-large.md": data})) == [
        f"{M}/too-large.md:1: the file is {len(data):,} bytes; an entry may be at most 262,144 bytes. "
        "Shorten the prose or split it into several entries."
    ]
    assert len(data) == 276_661
    assert time.perf_counter() - started < 1.0


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    base = (CORPUS / "duplicate-id.md").read_text(encoding="utf-8").replace("id: duplicate-id", "id: deep")
    data = base.replace("builds_on: [gan]\n", "builds_on: [gan]\nx: " + "[" * 5000 + "]" * 5000 + "\n")
    assert reported(make_content(tmp_path, {"deep.md": data.encode()})) == [
        f"{M}/deep.md:18: the front matter is nested too deeply; keep to the documented keys."
    ]


def test_many_mistakes_in_many_files_are_reported_in_one_run(tmp_path: Path) -> None:
    cases = ["unknown-era", "impossible-day", "link-javascript", "non-utf8", "invalid-yaml-indent"]
    files = {name: data for case in cases for name, data in corpus_files(case).items()}
    # one file with three mistakes at once
    three = (CORPUS / "unknown-kind.md").read_text(encoding="utf-8")
    three = three.replace("id: unknown-kind", "id: three-mistakes").replace('"1406.2661"', '"arXiv:1406.2661"')
    three = three.replace("tags: [", "tagz: [")
    files["three-mistakes.md"] = three.encode()
    content = make_content(tmp_path, files)
    lines = reported(content)
    assert lines == [
        EXPECTED["impossible-day"][0],
        EXPECTED["invalid-yaml-indent"][0],
        EXPECTED["link-javascript"][0],
        EXPECTED["non-utf8"][0],
        f"{M}/three-mistakes.md:5: unknown kind 'papers'; use one of: paper, model, dataset, event, artwork, "
        "post, software (content/kinds.yaml). Did you mean 'paper'?",
        f"{M}/three-mistakes.md:9: arxiv id 'arXiv:1406.2661' {_ARXIV}",
        f"{M}/three-mistakes.md:16: unknown key 'tagz' in the front matter. Did you mean 'tags'?",
        EXPECTED["unknown-era"][0],
    ]
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    assert caught.value.report().splitlines()[0] == "8 problems in the content:"


def test_builds_on_a_broken_entry_is_not_reported_twice(tmp_path: Path) -> None:
    child = (CORPUS / "builds-on-unknown.md").read_text(encoding="utf-8").replace("[gann]", "[unknown-era]")
    files = {**corpus_files("unknown-era"), "builds-on-unknown.md": child.encode()}
    assert reported(make_content(tmp_path, files)) == EXPECTED["unknown-era"]


def test_benchmark_entries_are_valid(tmp_path: Path) -> None:
    from synthetic_site import write_entries

    content = make_content(tmp_path, {})
    write_entries(content / "milestones", 60)
    loaded = load_content(content)
    assert len(loaded.entries) == 61
    assert {entry.era for entry in loaded.entries} == {era.id for era in loaded.eras}
