"""Sources as numbered notes: ``sources:`` in the front matter, ``[^id]`` in the prose of both
languages; FILE:LINE for every mistake, notes in citation order on the page, no markers in summaries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import markdown
import pytest

from imgsynth.content.load import Content, load_content
from imgsynth.downloads.feeds import atom_feed
from imgsynth.downloads.timeline_json import timeline_json
from imgsynth.errors import ContentErrors
from imgsynth.render.notes import note_definitions
from imgsynth.render.pagemeta import entry_meta
from imgsynth.render.pages import SiteGenerator

ROOT = Path(__file__).resolve().parents[2]
M = "content/milestones"

SOURCES = """\
sources:
  - id: openai-post
    url: https://openai.com/index/example/
    title: "Example: *a* post [1]"
    publisher: OpenAI
    date: "2021-01-05"
  - id: press
    url: https://example.org/news
    title: A press release
"""

PROSE_ZH = "第一句。[^press] 第二句。[^openai-post]\n\n第二段，再引一次。[^press]"
PROSE_EN = "First sentence.[^openai-post] Second.[^press]\n\nSecond paragraph."


def entry_text(
    entry_id: str = "event-x",
    *,
    kind: str = "event",
    arxiv: str = "",
    sources: str = SOURCES,
    zh: str = PROSE_ZH,
    en: str = PROSE_EN,
    extra: str = "",
) -> str:
    head = (
        f'---\nid: {entry_id}\ndate: "2021-01-05"\nera: transformers\nkind: {kind}\n'
        "title:\n  zh: 测试条目\n  en: A test entry\norigin: site\n"
    )
    if arxiv:
        head += f'arxiv: "{arxiv}"\n'
    return f"{head}{sources}{extra}---\n<!-- lang: zh -->\n{zh}\n\n<!-- lang: en -->\n{en}\n"


def site(tmp_path: Path, **entries: str) -> Path:
    content = tmp_path / "content"
    (content / "milestones").mkdir(parents=True)
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    for entry_id, text in entries.items():
        (content / "milestones" / f"{entry_id}.md").write_text(text, encoding="utf-8")
    return content


def problems(tmp_path: Path, **entries: str) -> list[str]:
    content = site(tmp_path, **entries)
    with pytest.raises(ContentErrors) as raised:
        load_content(content, project_root=tmp_path)
    return [str(error) for error in raised.value.errors]


def loaded(tmp_path: Path, **entries: str) -> Content:
    return load_content(site(tmp_path, **entries), project_root=tmp_path)


def test_valid_sources_are_loaded(tmp_path: Path) -> None:
    content = loaded(tmp_path, **{"event-x": entry_text()})
    (entry,) = content.entries
    assert [(s.id, s.publisher, s.date) for s in entry.sources] == [
        ("openai-post", "OpenAI", "2021-01-05"),
        ("press", "", ""),
    ]


def test_marker_naming_no_source(tmp_path: Path) -> None:
    text = entry_text(en=PROSE_EN + " Third.[^opneai-post] Fourth.[^nobody]")
    assert problems(tmp_path, **{"event-x": text}) == [
        f"{M}/event-x.md:28: the footnote [^nobody] names no source; add a source with 'id: nobody' "
        "under 'sources:' (with its url and title), or cite an id listed there. The sources are: openai-post, press.",
        f"{M}/event-x.md:28: the footnote [^opneai-post] names no source; add a source with 'id: opneai-post' "
        "under 'sources:' (with its url and title), or cite an id listed there. Did you mean '[^openai-post]'?",
    ]


def test_source_never_cited_in_one_language(tmp_path: Path) -> None:
    text = entry_text(en="Only the press is cited here.[^press]")
    assert problems(tmp_path, **{"event-x": text}) == [
        f"{M}/event-x.md:11: the source 'openai-post' is never cited in the English prose; put [^openai-post] "
        "after the sentence it supports (both languages cite the same sources), or remove the source.",
    ]


def test_duplicate_source_ids(tmp_path: Path) -> None:
    doubled = SOURCES + "  - id: press\n    url: https://example.org/other\n    title: Another\n"
    assert problems(tmp_path, **{"event-x": entry_text(sources=doubled)}) == [
        f"{M}/event-x.md:19: duplicate source id 'press' (the first is at line 16); give each source its own id.",
    ]


def test_footnote_definition_written_into_the_prose(tmp_path: Path) -> None:
    text = entry_text(en=PROSE_EN + "\n\n[^press]: https://example.org/news")
    assert problems(tmp_path, **{"event-x": text}) == [
        f"{M}/event-x.md:30: a footnote definition in the prose; list the source under 'sources:' in the front "
        "matter (id, url, title) and keep only the marker [^id] in the text: the notes are generated.",
    ]


def test_markers_in_code_are_text(tmp_path: Path) -> None:
    text = entry_text(en=PROSE_EN + " Markdown writes a note as `[^note]`.")
    assert [e.id for e in loaded(tmp_path, **{"event-x": text}).entries] == ["event-x"]


def test_marker_in_an_annotation(tmp_path: Path) -> None:
    annotation = (
        "annotations:\n  - zh: 更正。\n    en: A correction.[^press]\n"
        '    sources: [https://example.org/news]\n    date: "2026-11-24"\n'
    )
    assert problems(tmp_path, **{"event-x": entry_text(extra=annotation)}) == [
        f"{M}/event-x.md:21: a footnote marker in an annotation; a correction lists the URLs that support it "
        "under its own 'sources:', so remove the marker.",
    ]


@pytest.mark.parametrize("kind", ["event", "artwork", "post", "dataset", "model", "software", "paper"])
def test_entry_without_arxiv_needs_a_source(tmp_path: Path, kind: str) -> None:
    text = entry_text(kind=kind, sources="", zh="没有来源。", en="No source.")
    assert problems(tmp_path, **{"event-x": text}) == [
        f"{M}/event-x.md:5: this {kind} has no arXiv id, so it needs at least one published source (the "
        "company's announcement, the auction house, the proceedings page...): add 'sources:' with its id, url "
        "and title, and cite it in both languages with [^id] after the sentence it supports.",
    ]


def test_arxiv_paper_needs_no_source(tmp_path: Path) -> None:
    text = entry_text(kind="paper", arxiv="2102.12092", sources="", zh="论文。", en="A paper.")
    assert [e.id for e in loaded(tmp_path, **{"event-x": text}).entries] == ["event-x"]


def test_notes_are_numbered_in_the_page_language_citation_order(tmp_path: Path) -> None:
    (entry,) = loaded(tmp_path, **{"event-x": entry_text()}).entries
    assert note_definitions(entry, "zh").splitlines() == [
        "[^press]: [A press release](<https://example.org/news>)",
        r"[^openai-post]: [Example: \*a\* post \[1\]](<https://openai.com/index/example/>)，OpenAI，2021年1月5日",
    ]
    assert note_definitions(entry, "en").splitlines() == [
        r"[^openai-post]: [Example: \*a\* post \[1\]](<https://openai.com/index/example/>), OpenAI, 5 January 2021",
        "[^press]: [A press release](<https://example.org/news>)",
    ]


def test_entry_page_shows_the_notes_under_sources_linked_from_the_sentences(tmp_path: Path) -> None:
    content = loaded(tmp_path, **{"event-x": entry_text()})
    page, _meta = SiteGenerator(content).entry_page(content.entries[0], "en", None, None)
    html = markdown.markdown(page, extensions=["footnotes", "attr_list", "admonition", "md_in_html"])
    body, notes = html.split('<h2 id="sources">Sources</h2>')
    assert '<sup id="fnref:openai-post"><a class="footnote-ref" href="#fn:openai-post">1</a></sup>' in body
    assert '<sup id="fnref:press"><a class="footnote-ref" href="#fn:press">2</a></sup>' in body
    assert notes.index('<li id="fn:openai-post">') < notes.index('<li id="fn:press">')
    assert '<a href="https://openai.com/index/example/">Example: *a* post [1]</a>, OpenAI, 5 January 2021' in notes


def test_summaries_away_from_the_notes_have_no_markers(tmp_path: Path) -> None:
    content = loaded(tmp_path, **{"event-x": entry_text()})
    site_generator = SiteGenerator(content)
    timeline = site_generator.timeline("zh")
    # the page shows the summary with the Chinese typography (imgsynth.render.typography): no space after '。'
    assert "第一句。第二句。" in timeline and "[^" not in timeline
    entry = content.entries[0]
    assert entry_meta(entry, None, "en")["description"] == "First sentence. Second."
    feed = atom_feed(content, "en", "https://example.org/", "Title")
    assert "<summary>First sentence. Second.</summary>" in feed and "[^" not in feed
    data = json.loads(timeline_json(content, {}, "https://example.org/"))["entries"][0]
    assert data["summary"] == {"zh": "第一句。 第二句。", "en": "First sentence. Second."}
    assert data["text"]["en"] == PROSE_EN  # the whole prose keeps its markers, resolved by 'sources'
    assert data["sources"][1] == {"id": "press", "url": "https://example.org/news", "title": "A press release"}
