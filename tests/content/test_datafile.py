"""The one hardened reader of YAML and JSON files (imgsynth/content/datafile.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from imgsynth.content.datafile import (
    DataError,
    content_files,
    is_editor_file,
    load_json_file,
    load_yaml_file,
    parse_json,
    parse_yaml,
    read_bytes,
)


def error_of(call, *args, **kwargs) -> tuple[int, str]:
    with pytest.raises(DataError) as caught:
        call(*args, **kwargs)
    return caught.value.line, caught.value.message


# --- bytes --------------------------------------------------------------------------------------


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path):
    link = tmp_path / "eras.yaml"
    link.symlink_to("/dev/zero")
    assert error_of(read_bytes, link) == (
        1,
        "this is not a regular file (a device, a pipe or a folder); replace it with a file.",
    )


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "kinds.yaml"
    os.mkfifo(fifo)
    assert error_of(read_bytes, fifo)[1].startswith("this is not a regular file")


def test_size_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    assert error_of(read_bytes, path, limit=100) == (
        1,
        "the file is 101 bytes; it may be at most 100 bytes. Shorten it or split it.",
    )
    assert read_bytes(path, limit=101) == b"x" * 101


def test_dangling_symlink_names_its_target(tmp_path):
    link = tmp_path / ".#gan.md"
    link.symlink_to("someone@host.12345:1700000000")
    assert error_of(read_bytes, link) == (
        1,
        "this is a symbolic link to 'someone@host.12345:1700000000', which does not exist; "
        "remove the link or restore its target.",
    )


def test_symlink_only_inside_the_repository(tmp_path):
    repo = tmp_path / "repo"
    (repo / "content").mkdir(parents=True)
    outside = tmp_path / "secret.yaml"
    outside.write_text("a: 1\n")
    inside = repo / "content" / "real.yaml"
    inside.write_text("b: 2\n")
    (repo / "content" / "out.yaml").symlink_to(outside)
    (repo / "content" / "in.yaml").symlink_to(inside)
    assert error_of(read_bytes, repo / "content" / "out.yaml", root=repo) == (
        1,
        f"this is a symbolic link to '{outside}', outside the repository; "
        "put the file itself here (links may only point inside the repository).",
    )
    assert read_bytes(repo / "content" / "in.yaml", root=repo) == b"b: 2\n"
    # a linked folder counts too
    (repo / "linked").symlink_to(tmp_path)
    assert "outside the repository" in error_of(read_bytes, repo / "linked" / "secret.yaml", root=repo)[1]


def test_absent_file_is_left_to_the_caller(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_bytes(tmp_path / "missing.yaml")


# --- text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (
            b"a: 1\nb: \x00\n",
            2,
            "the control character U+0000 (NUL) is not allowed; delete it (retype the line if you cannot see it).",
        ),
        (
            b"a: 1\n\nb: \x1b[31m\n",
            3,
            "the control character U+001B (ESC) is not allowed; delete it (retype the line if you cannot see it).",
        ),
        (
            "title: abc\u202edef\n".encode(),
            1,
            "the invisible direction control U+202E (RIGHT-TO-LEFT OVERRIDE) changes how the text around it is "
            "displayed; delete it (retype the line if you cannot see it).",
        ),
        (b"a: 1\nb: \xff\n", 2, "byte 0xff is not valid UTF-8; save the file as UTF-8."),
    ],
)
def test_invisible_and_undecodable_characters(tmp_path, raw, line, message):
    path = tmp_path / "x.yaml"
    path.write_bytes(raw)
    assert error_of(load_yaml_file, path) == (line, message)


# --- YAML ---------------------------------------------------------------------------------------

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""


def test_alias_bomb_is_refused_at_its_first_anchor():
    assert error_of(parse_yaml, BOMB, what="eras.yaml") == (
        1,
        "YAML anchors and aliases ('&name', '*name') are not allowed in eras.yaml; write the value out in full.",
    )


def test_merge_key_without_alias_is_refused():
    text = "- id: a\n  <<: {name: x}\n"
    assert error_of(parse_yaml, text) == (
        2,
        "YAML merge keys ('<<:') are not allowed in this file; write the keys out in full.",
    )


@pytest.mark.parametrize(
    ("key", "kind"),
    [("1", "a number"), ("yes", "true/false"), ("~", "empty (null)"), ("1.5", "a number"), ("null", "empty (null)")],
)
def test_keys_must_be_text(key, kind):
    text = f"name:\n  zh: x\n  {key}: y\n"
    assert error_of(parse_yaml, text, first_line=5) == (
        7,
        f"the key '{key}' is read as {kind}, not as text; keys must be words: "
        f"rename it, or quote it ('\"{key}\":') if it is meant.",
    )


def test_quoted_number_key_is_text():
    assert parse_yaml('"1": a\n').data == {"1": "a"}


def test_tags_depth_and_duplicates():
    assert error_of(parse_yaml, "a: !!python/object:os.system x\n")[1] == (
        "YAML tags such as '!!python/object:os.system' are not allowed in this file; remove it."
    )
    deep = "a: " + "[" * 30 + "]" * 30 + "\n"
    assert error_of(parse_yaml, deep) == (1, "this file is nested too deeply; keep to the documented keys.")
    assert error_of(parse_yaml, "a: 1\nb: 2\na: 3\n") == (
        3,
        "the key 'a' appears twice (first on line 1); keep only one.",
    )


def test_lines_of_values_and_dates_kept_as_written():
    document = parse_yaml("- id: a\n  date: 2014-06-10\n- id: b\n", first_line=3)
    assert document.data == [{"id": "a", "date": "2014-06-10"}, {"id": "b"}]
    assert document.line_of((1, "id")) == 5
    assert document.line_of((0, "date")) == 4
    assert document.line_of((0, "missing")) == 3


def test_yaml_syntax_error_has_its_line():
    line, message = error_of(parse_yaml, "a: 1\nb: [1, 2\nc: 3\n")
    assert line == 3 and message.startswith("invalid YAML:")


# --- JSON ---------------------------------------------------------------------------------------


def test_json_depth_duplicates_and_constants():
    assert error_of(parse_json, "[" * 25 + "]" * 25, max_depth=20) == (
        1,
        "the JSON is nested more than 20 levels deep; this file never is.",
    )
    assert error_of(parse_json, '{\n "a": 1,\n "b": {"c": 1, "c": 2}\n}') == (
        3,
        "the key 'c' appears twice in one object; keep only one.",
    )
    assert error_of(parse_json, '{\n "a": NaN\n}') == (2, "'NaN' is not a JSON number; write a number or null.")
    assert error_of(parse_json, '{\n "a": 1,\n}')[0] == 3
    # brackets inside strings do not count as nesting
    assert parse_json('{"a": "' + "[" * 50 + '"}').data == {"a": "[" * 50}


def test_json_line_of_key():
    document = parse_json('{\n  "format": 1,\n  "papers": {\n    "1406.2661": {}\n  }\n}\n')
    assert document.line_of_key("papers", "1406.2661") == 4


def test_json_file_keeps_bidi_but_not_controls(tmp_path):
    path = tmp_path / "arxiv.json"
    path.write_text('{"t": "a\u202eb"}', encoding="utf-8")
    assert load_json_file(path).data == {"t": "a\u202eb"}
    path.write_bytes(b'{"t": "a\x01b"}')
    assert error_of(load_json_file, path)[1].startswith("the control character U+0001")


# --- folders ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [".#gan.md", "#gan.md#", "gan.md~", ".gan.md.swp", ".gan.md.swo", "gan.md.orig"])
def test_editor_files(name):
    assert is_editor_file(name)


def test_content_files_skip_hidden_and_editor_files(tmp_path):
    for name in ("gan.md", "vae.md", "gan.md~", "#gan.md#", "notes.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / ".#gan.md").symlink_to("user@host.1:2")
    assert [p.name for p in content_files(tmp_path, ".md")] == ["gan.md", "vae.md"]
    assert list(content_files(tmp_path / "missing", ".md")) == []


def test_whole_file_helpers(tmp_path: Path):
    path = tmp_path / "eras.yaml"
    path.write_text("- id: a\n  name: {zh: 甲, en: A}\n", encoding="utf-8")
    assert load_yaml_file(path).data == [{"id": "a", "name": {"zh": "甲", "en": "A"}}]


def test_the_content_fingerprint_survives_an_emacs_lock_file(tmp_path):
    """`mkdocs serve` rebuilds when the fingerprint changes; Emacs's lock (a dangling link) crashed it."""
    from imgsynth.plan import fingerprint

    (tmp_path / "gan.md").write_text("x")
    before = fingerprint(tmp_path)
    (tmp_path / ".#gan.md").symlink_to("someone@host.12345:1700000000")
    (tmp_path / "gan.md~").write_text("old")
    assert fingerprint(tmp_path) == before
    (tmp_path / "ghost.md").symlink_to("nowhere.md")  # a real dangling entry: seen, reported by the loader
    assert fingerprint(tmp_path) != before
