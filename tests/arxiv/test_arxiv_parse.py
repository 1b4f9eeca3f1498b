"""The feed parser on the real recorded answers (both backends) and on broken bodies."""

from __future__ import annotations

import pytest
from arxiv_server import fixture

from imgsynth.arxiv import MalformedFeed, parse_feed
from imgsynth.arxiv.ids import normalise_id, split_abs_url


def test_current_backend_recorded_answer() -> None:
    feed = parse_feed(fixture("new-backend-1706.03762.xml"))
    assert list(feed.records) == ["1706.03762"] and feed.errors == []
    record = feed.records["1706.03762"]
    assert record["version"] == 7
    assert record["title"] == "Attention Is All You Need"
    assert record["authors"][0] == "Ashish Vaswani" and record["authors"][-1] == "Illia Polosukhin"
    assert len(record["authors"]) == 8
    assert (record["published"], record["updated"]) == ("2017-06-12", "2023-08-02")
    assert record["primary_category"] == "cs.CL" and record["categories"] == ["cs.CL", "cs.LG"]
    assert record["comment"] == "15 pages, 5 figures"
    assert record["doi"] == "" and record["journal_ref"] == ""
    assert record["abs_url"] == "https://arxiv.org/abs/1706.03762v7"
    assert record["pdf_url"] == "https://arxiv.org/pdf/1706.03762v7"
    assert record["abstract"].startswith("The dominant sequence transduction models")


def test_old_backend_recorded_answer_namespaces_per_element_and_wrapped_lines() -> None:
    feed = parse_feed(fixture("old-backend-1601.00001-doi-journal.xml"))
    record = feed.records["1601.00001"]
    assert list(feed.records) == ["1601.00001"]
    assert record["title"] == "Inelastic effects in molecular transport junctions: The probe technique at high bias"
    assert "\n" not in record["abstract"] and "  " not in record["abstract"]
    assert record["abstract"].startswith('We extend the Landauer-B\\"uttiker probe')
    assert "$I$-$V$" in record["abstract"]  # kept as arXiv wrote it; the card makes it readable
    assert record["doi"] == "10.1063/1.4944470"
    assert record["journal_ref"] == "J. Chem. Phys. 144, 124107 (2016)"
    assert record["primary_category"] == "cond-mat.mes-hall"
    assert record["abs_url"] == "https://arxiv.org/abs/1601.00001v1"  # http -> https
    assert record["published"] == "2015-12-26"


def test_error_feed_gives_the_message() -> None:
    feed = parse_feed(fixture("error-400-incorrect-id.xml"))
    assert feed.records == {} and feed.errors == ["incorrect id format for abc"]


def test_no_entries() -> None:
    feed = parse_feed(fixture("empty-200-no-entries.xml"))
    assert feed.records == {} and feed.errors == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   \n",
        fixture("new-backend-1706.03762.xml")[:900],
        fixture("html-error-page.html"),
        b"<rss><channel/></rss>",
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol2;</title></feed>',
    ],
    ids=["empty", "blank", "truncated", "html", "not-atom", "entity-bomb"],
)
def test_unusable_bodies_raise(body: bytes) -> None:
    with pytest.raises(MalformedFeed):
        parse_feed(body)


def test_ids() -> None:
    assert normalise_id("arXiv:1706.03762v7") == "1706.03762"
    assert normalise_id(" hep-th/9901001v2 ") == "hep-th/9901001"
    assert normalise_id("abc") == "abc"
    assert split_abs_url("http://arxiv.org/abs/hep-th/9901001v3") == ("hep-th/9901001", 3)
