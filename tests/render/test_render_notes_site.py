"""On the built site: entry pages show their sources as numbered notes linked from the
sentences; the annotations page lists every correction with its sources (links) and the day it
was added, in the page's language; no summary shows a raw ``[^id]`` marker."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_support import PREFIX, real_plan, soup_of

from imgsynth.content.dates import PartialDate
from imgsynth.content.sources import cited_ids
from imgsynth.languages import LANGUAGES
from imgsynth.plan import Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return real_plan()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_entry_pages_show_sources_as_numbered_notes(real_site: Path, plan: Plan, lang: str) -> None:
    with_sources = [entry for entry in plan.content.entries if entry.sources]
    assert with_sources
    for entry in with_sources:
        soup = soup_of(real_site, f"{PREFIX[lang]}milestones/{entry.id}")
        heading = soup.find("h2", id="sources")
        assert heading is not None, entry.id
        notes = heading.find_next_sibling("div", class_="footnote")
        items = notes.select("ol > li")
        order = cited_ids(entry.prose[lang])
        assert [li["id"] for li in items] == [f"fn:{source_id}" for source_id in order], entry.id
        by_id = {source.id: source for source in entry.sources}
        for li, source_id in zip(items, order, strict=True):
            link = li.find("a")
            assert link["href"] == by_id[source_id].url and link.get_text() == by_id[source_id].title
        for number, source_id in enumerate(order, start=1):
            ref = soup.find("sup", id=f"fnref:{source_id}")
            assert ref is not None and ref.a["href"] == f"#fn:{source_id}" and ref.a.get_text() == str(number)
        assert "[^" not in soup.select_one("article").get_text(), entry.id


@pytest.mark.parametrize("lang", LANGUAGES)
def test_annotations_page_gives_every_correction_its_sources_and_date(real_site: Path, plan: Plan, lang: str) -> None:
    soup = soup_of(real_site, f"{PREFIX[lang]}annotations")
    for entry in (entry for entry in plan.content.entries if entry.annotations):
        heading = soup.find(attrs={"data-entry": entry.id})
        callouts = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            if "correction" in sibling.get("class", []):
                callouts.append(sibling)
        assert len(callouts) == len(entry.annotations), entry.id
        for callout, annotation in zip(callouts, entry.annotations, strict=True):
            meta = callout.select_one(".ty-annotation__meta")
            assert [a["href"] for a in meta.find_all("a")] == annotation.sources, entry.id
            time = meta.find("time")
            assert time["datetime"] == annotation.date
            assert time.get_text() == PartialDate.parse(annotation.date).display(lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_summaries_show_no_markers(real_site: Path, lang: str) -> None:
    soup = soup_of(real_site, PREFIX[lang].rstrip("/") or ".")
    summaries = soup.select(".ty-entry__summary")
    assert summaries
    assert not [s.get_text() for s in summaries if "[^" in s.get_text()]
    assert "[^" not in (real_site / PREFIX[lang] / "feed.xml").read_text(encoding="utf-8")
