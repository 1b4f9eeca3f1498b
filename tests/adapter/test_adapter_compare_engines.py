"""scripts/compare_engines.py: only the generator tag may differ between two builds."""

from __future__ import annotations

from pathlib import Path

from compare_engines import differences


def site(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


PAGE = '<html><head><meta name="generator" content="{}"></head><body>{}</body></html>\n'


def test_the_generator_tag_is_the_only_allowed_difference(tmp_path: Path) -> None:
    first = site(tmp_path / "a", {"index.html": PAGE.format("mkdocs-1.6.1, mkdocs-material", "same")})
    second = site(tmp_path / "b", {"index.html": PAGE.format("mkdocs-ProperDocs 1.6.7, mkdocs-material", "same")})
    assert differences(first, second, ("MkDocs", "ProperDocs")) == []


def test_other_differences_and_missing_files_are_listed(tmp_path: Path) -> None:
    first = site(tmp_path / "a", {"index.html": PAGE.format("x", "one"), "feed.xml": "<feed/>"})
    second = site(tmp_path / "b", {"index.html": PAGE.format("y", "two"), "extra/index.html": "<p></p>"})
    assert differences(first, second, ("MkDocs", "ProperDocs")) == [
        "only in the MkDocs build: feed.xml",
        "only in the ProperDocs build: extra/index.html",
        "differs: index.html\n"
        '    -<html><head><meta name="generator" content=""></head><body>one</body></html>\n'
        '    +<html><head><meta name="generator" content=""></head><body>two</body></html>',
    ]
