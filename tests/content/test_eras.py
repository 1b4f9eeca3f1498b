"""Eras are contiguous date ranges kept as data; an entry's date must fall inside its era."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imgsynth.content.dates import PartialDate, display_range
from imgsynth.content.load import load_content
from imgsynth.errors import ContentErrors

ROOT = Path(__file__).resolve().parents[2]

ERAS = """\
- id: early
  end: "2011"
  name: {zh: 早期, en: Early}
- id: middle
  start: "2012"
  end: "2022-07"
  name: {zh: 中期, en: Middle}
- id: late
  start: "2022-08"
  name: {zh: 晚期, en: Late}
"""


def entry(entry_id: str, date: str, era: str, until: str = "") -> str:
    return (
        f'---\nid: {entry_id}\ndate: "{date}"\nera: {era}\nkind: paper\narxiv: "1406.2661"\n'
        f"title: {{zh: 标题, en: Title}}\norigin: site\n"
        + (f'until: "{until}"\n' if until else "")
        + "---\n<!-- lang: zh -->\n中文。\n\n<!-- lang: en -->\nEnglish.\n"
    )


def content(tmp_path: Path, eras: str, entries: dict[str, str]) -> Path:
    folder = tmp_path / "content"
    (folder / "milestones").mkdir(parents=True)
    (folder / "eras.yaml").write_text(eras, encoding="utf-8")
    shutil.copyfile(ROOT / "content" / "kinds.yaml", folder / "kinds.yaml")
    for name, text in entries.items():
        (folder / "milestones" / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_content(folder, project_root=folder.parent)
    return [str(error) for error in caught.value.errors]


def test_spans_are_derived_from_the_data():
    assert display_range(None, PartialDate(2011), "zh") == "–2011"
    assert display_range(PartialDate(2012), PartialDate(2014), "zh") == "2012–2014"
    assert display_range(PartialDate(2012), PartialDate(2014), "en") == "2012–2014"
    assert display_range(PartialDate(2020, 1), PartialDate(2022, 7), "zh") == "2020年1月–2022年7月"
    assert display_range(PartialDate(2020, 1), PartialDate(2022, 7), "en") == "January 2020 – July 2022"
    assert display_range(PartialDate(2022, 8), None, "zh") == "2022年8月–"
    assert display_range(PartialDate(2022, 8), None, "en") == "August 2022–"


def test_entries_inside_their_eras_load(tmp_path):
    folder = content(
        tmp_path,
        ERAS,
        {
            "a": entry("a", "2011-12-31", "early"),
            "b": entry("b", "2012", "middle"),
            "c": entry("c", "2022-07", "middle"),
            "d": entry("d", "2022-08-01", "late"),
            "span": entry("span", "2015", "middle", until="2020"),
        },
    )
    loaded = load_content(folder, project_root=tmp_path)
    assert [e.id for e in loaded.entries] == ["a", "b", "span", "c", "d"]
    assert [era.span_in("zh") for era in loaded.eras] == ["–2011", "2012–2022年7月", "2022年8月–"]
    span = {entry.id: entry for entry in loaded.entries}["span"]
    assert (span.when("zh"), span.when("en")) == ("2015–2020", "2015–2020")
    assert {entry.id: entry for entry in loaded.entries}["d"].when("zh") == "2022年8月1日"


def test_an_entry_outside_its_era_names_the_range(tmp_path):
    folder = content(
        tmp_path,
        ERAS,
        {"vae": entry("vae", "2013-12-20", "early"), "late": entry("late", "2022-06", "late")},
    )
    assert problems(folder) == [
        "content/milestones/late.md:4: the date 2022-06 is outside era 'late', which covers August 2022– "
        "(content/eras.yaml); set 'era: middle' (2012 – July 2022), or correct the date.",
        "content/milestones/vae.md:4: the date 2013-12-20 is outside era 'early', which covers –2011 "
        "(content/eras.yaml); set 'era: middle' (2012 – July 2022), or correct the date.",
    ]


def test_until_before_the_date(tmp_path):
    folder = content(tmp_path, ERAS, {"a": entry("a", "2015", "middle", until="2014")})
    assert problems(folder) == [
        "content/milestones/a.md:9: until '2014' is before the date '2015'; a span ends after it starts."
    ]


@pytest.mark.parametrize(
    ("eras", "expected"),
    [
        (
            ERAS.replace('start: "2022-08"', 'start: "2022-09"'),
            "content/eras.yaml:8: era 'late' starts 2022-09, but 'middle' ends 2022-07: the eras leave a gap; "
            "start 'late' on 2022-08-01 (or end 'middle' later).",
        ),
        (
            ERAS.replace('start: "2022-08"', 'start: "2022-03"'),
            "content/eras.yaml:8: era 'late' starts 2022-03, before 'middle' ends (2022-07): eras must not overlap "
            "and must be listed in time order.",
        ),
        (
            ERAS.replace('  end: "2022-07"\n', ""),
            "content/eras.yaml:4: era 'middle' needs an 'end' (only the last era may leave it open).",
        ),
        (
            ERAS.replace('  start: "2012"\n', ""),
            "content/eras.yaml:4: era 'middle' needs a 'start' (only the first era may leave it open).",
        ),
        (
            ERAS.replace('start: "2012"', 'start: "2012-13"'),
            "content/eras.yaml:5: 'middle' start: date '2012-13' has month 13; months run from 01 to 12.",
        ),
    ],
    ids=["gap", "overlap", "open-end", "open-start", "bad-date"],
)
def test_eras_must_be_contiguous_and_ordered(tmp_path, eras, expected):
    folder = content(tmp_path, eras, {"b": entry("b", "2012", "middle")})
    assert expected in problems(folder)


def test_the_real_eras_are_the_decided_ranges():
    from imgsynth.content.vocabulary import era_problems, load_terms

    eras, errors = load_terms(ROOT / "content" / "eras.yaml", ROOT)
    assert errors == [] and era_problems(eras, "content/eras.yaml") == []
    assert [(era.id, era.span_in("en")) for era in eras] == [
        ("prehistory", "–2011"),
        ("origins", "2012–2014"),
        ("gan-years", "2015–2019"),
        ("transformers", "January 2020 – July 2022"),
        ("photoshop-era", "August 2022–"),
    ]
