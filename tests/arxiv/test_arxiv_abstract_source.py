"""The paper card says where its abstract was read: arXiv, arXiv's text on a mirror, or the CVF
open access page. Seeding carries the reference file's ``abstract_source`` into the record."""

from __future__ import annotations

from pathlib import Path

import pytest

from imgsynth.arxiv.seed import abstract_origin, record_from_reference
from imgsynth.arxiv.store import SOURCE_API, load_papers, merge_papers
from imgsynth.content.dates import PartialDate
from imgsynth.content.entries import Entry
from imgsynth.render.card import render_card

ROOT = Path(__file__).resolve().parents[2]

FACT = {
    "arxiv_id": "1812.04948",
    "title": "A Style-Based Generator Architecture for Generative Adversarial Networks",
    "authors": ["Tero Karras", "Samuli Laine", "Timo Aila"],
    "published": "2018-12-12",
    "latest_version": 3,
    "latest_version_date": "2019-03-29",
    "primary_category": "cs.NE",
    "categories": ["cs.NE", "cs.LG", "stat.ML"],
    "abstract": "We propose an alternative generator architecture.",
    "abstract_source": "CVF open access page (publisher) https://openaccess.thecvf.com/x.html; identical on mirrors",
}


@pytest.mark.parametrize(
    ("note", "origin"),
    [
        ("CVF open access page (publisher) https://openaccess.thecvf.com/x.html", "cvf"),
        ("http://export.arxiv.org/abs/1406.2661 (identical on https://huggingface.co/papers/1406.2661)", "arxiv"),
        ("proxied copy of arxiv.org/abs/2112.10752 (https://proxy.example/)", "arxiv"),
        ("saved copy of the arXiv abs page (https://files.example/x.zip)", "arxiv"),
        ("copy of the arXiv listing in GitHub index file id 1 (section 2021-11-04)", "arxiv"),
        ("https://huggingface.co/papers/1912.04958", "arxiv-mirror"),
        ("arXiv-fed mirrors that agree verbatim: https://papers.cool/arxiv/2207.12598", "arxiv-mirror"),
        ("", ""),
    ],
)
def test_abstract_origin_reads_the_page_named_first(note: str, origin: str) -> None:
    assert abstract_origin(note) == origin


def test_seeding_carries_the_abstract_source() -> None:
    assert record_from_reference(FACT)["abstract_source"] == "cvf"
    assert "abstract_source" not in record_from_reference({**FACT, "abstract": ""})


def entry() -> Entry:
    return Entry(
        id="stylegan",
        date=PartialDate.parse("2018-12"),
        era="gan-years",
        kind="paper",
        title={"zh": "StyleGAN", "en": "StyleGAN"},
        origin="article",
        prose={"zh": "文字。", "en": "Text."},
        path=Path("content/milestones/stylegan.md"),
        source_path="content/milestones/stylegan.md",
        arxiv="1812.04948",
    )


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("en", "<summary>The authors&#39; abstract: CVF open access</summary>"),
        ("zh", "作者摘要（英文原文）：CVF 开放获取页面"),
    ],
)
def test_card_names_the_cvf_page(lang: str, label: str) -> None:
    assert label in render_card(entry(), record_from_reference(FACT), lang)


def test_card_of_an_arxiv_answer_says_arxiv_and_of_an_unlabelled_record_claims_nothing() -> None:
    seeded = record_from_reference(FACT)
    fetched = merge_papers({}, {"1812.04948": {**seeded, "abstract_source": "cvf"}}, "2026-12-01T00:00:00Z")
    assert fetched["1812.04948"]["source"] == SOURCE_API
    assert "<summary>The authors&#39; abstract: arXiv</summary>" in render_card(entry(), fetched["1812.04948"], "en")
    unlabelled = {key: value for key, value in seeded.items() if key != "abstract_source"}
    assert "<summary>The authors&#39; abstract</summary>" in render_card(entry(), unlabelled, "en")


def test_stored_stylegan_abstract_is_labelled_cvf() -> None:
    papers = load_papers(ROOT / "content" / "arxiv.json")
    assert papers["1812.04948"]["abstract_source"] == "cvf"
    seeded = [record for record in papers.values() if record["source"] != SOURCE_API and record["abstract"]]
    assert seeded and all(record.get("abstract_source") for record in seeded)
