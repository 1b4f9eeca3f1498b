"""The hostile-content corpus (issue 13): each case is the real GAN entry with ONE mutation.

Everything else of the entry stays valid, so a case tests exactly one attack. A case either
expects ``make check`` to refuse it with an exact ``FILE:LINE: message`` (``refused``), or is
accepted and must build into pages with nothing active from it (``visible``: text the reader
must see, literally, proving the attack was shown as text and not dropped).

Used by tests/content/test_hostile_content.py (check, build, parsed HTML) and its browser test.
"""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from imgsynth.content.datafile import content_files
from imgsynth.content.entry_checks import year_max
from imgsynth.content.frontmatter import read_entry

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
BASE_ID = "gan"
ALLOWED = 'Allowed tags: <sup>, <sub>, <kbd>, <br>, <abbr title="…">.'
PLAIN = "(write '&lt;' for a literal '<', or put a space after it)."
SCHEMES = "links may only be https://, http:// or relative to the site."


@dataclass
class Entry:
    """An entry being mutated: its front matter as data and its body (the two language sections)."""

    data: dict[str, Any]
    body: str

    def add_prose(self, lang: str, text: str) -> None:
        """Append a paragraph to the prose of ``lang``."""
        zh, marker, en = self.body.partition("<!-- lang: en -->")
        if lang == "zh":
            self.body = zh.rstrip("\n") + "\n\n" + text + "\n\n" + marker + en
        else:
            self.body = zh + marker + en.rstrip("\n") + "\n\n" + text + "\n"

    def text(self) -> str:
        front = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, width=1_000_000)
        return f"---\n{front}---\n{self.body}"


@dataclass
class Case:
    name: str
    mutate: Callable[[Entry], None]
    refused: tuple[str, str] | None = None
    """(message, text on the line it names) when `make check` must refuse the case."""
    visible: str = ""
    """For an accepted case: text that must appear, literally, in its entry page (both languages)."""
    lang: str = "en"
    """The language whose page shows ``visible``; both are checked for active content anyway."""
    text_edit: Callable[[str], str] | None = None
    """A change to the written file's text (for what the data cannot express: YAML syntax)."""
    content_edit: Callable[[Path], None] | None = None
    """A change to the content folder instead of (or besides) the entry (eras, kinds, links)."""
    extra: dict[str, Callable[[Entry], None]] = field(default_factory=dict)
    """More entries the case needs (id -> mutation of a copy of the base entry)."""

    @property
    def entry_id(self) -> str:
        return f"hostile-{self.name}"


def base_entry() -> Entry:
    document = read_entry(CONTENT / "milestones" / f"{BASE_ID}.md", ROOT)
    return Entry(copy.deepcopy(document.data), document.body)


def set_path(*path: Any, value: Any) -> Callable[[Entry], None]:
    def mutate(entry: Entry) -> None:
        node = entry.data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return mutate


def prose(lang: str, text: str) -> Callable[[Entry], None]:
    return lambda entry: entry.add_prose(lang, text)


def raw_html(tag: str, hint: str = "write Markdown instead.", lang: str = "English") -> str:
    return f"the {lang} prose: raw HTML '{tag}' is not allowed; {hint} {ALLOWED}"


def link(url: str, scheme: str, lang: str = "English", kind: str = "link") -> str:
    return f"the {lang} prose: the {kind} '{url}' uses '{scheme}:'; {SCHEMES}"


def edit_yaml(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        target = content / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{path} no longer contains {old!r}; update the case"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def symlink(name: str, target: str) -> Callable[[Path], None]:
    def edit(content: Path) -> None:
        os.symlink(target, content / "milestones" / name)

    return edit


IMG = "<img src=x onerror=alert(1)>"
LATEST = year_max()

CASES: list[Case] = [
    # --- raw HTML in the prose -----------------------------------------------------------------
    Case("prose-script", prose("en", "<script>alert(1)</script>"), (raw_html("<script>"), "<script>")),
    Case(
        "prose-img-onerror",
        prose("zh", IMG),
        (
            raw_html(
                IMG,
                "add the image as a figure instead (figures: in the front matter, file in content/figures/).",
                "Chinese",
            ),
            IMG,
        ),
    ),
    Case(
        "prose-iframe",
        prose("en", '<iframe src="https://example.com/"></iframe>'),
        (raw_html('<iframe src="https://example.com/">'), "<iframe"),
    ),
    Case(
        "prose-base",
        prose("en", '<base href="https://evil.example/">'),
        (raw_html('<base href="https://evil.example/">'), "<base"),
    ),
    Case(
        "prose-meta-refresh",
        prose("en", '<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
        (raw_html('<meta http-equiv="refresh" content="0;url=https://evil.ex…'), "<meta"),
    ),
    Case(
        "prose-form",
        prose("en", '<form action="https://evil.example/"><input name="q"></form>'),
        (raw_html('<form action="https://evil.example/">'), "<form"),
    ),
    Case("prose-style", prose("en", "<style>p{display:none}</style>"), (raw_html("<style>"), "<style>")),
    Case("prose-object", prose("en", '<object data="x.swf"></object>'), (raw_html('<object data="x.swf">'), "<object")),
    Case("prose-embed", prose("en", '<embed src="x.swf">'), (raw_html('<embed src="x.swf">'), "<embed")),
    Case(
        "prose-onclick",
        prose("en", '<a href="#" onclick="alert(1)">x</a>'),
        (
            raw_html('<a href="#" onclick="alert(1)">', "write a Markdown link instead: [text](https://…)."),
            'onclick="alert',
        ),
    ),
    Case(
        "prose-allowed-tag-handler",
        prose("en", "E = mc<sup onmouseover=alert(1)>2</sup>"),
        (
            "the English prose: '<sup onmouseover=alert(1)>' may not have the attribute onmouseover; write <sup>.",
            "onmouseover",
        ),
    ),
    Case("prose-svg-script", prose("en", "<svg><script>alert(1)</script></svg>"), (raw_html("<svg>"), "<svg>")),
    Case("prose-svg-onload", prose("en", "<svg/onload=alert(1)>"), (raw_html("<svg/onload=alert(1)>"), "<svg/")),
    Case(
        "prose-md-in-html",
        prose("en", '<div markdown="1">*x* [y](javascript:alert(1))</div>'),
        (raw_html('<div markdown="1">'), "<div markdown"),
    ),
    Case(
        "prose-comment",
        prose("en", "<!-- a note for reviewers -->"),
        (
            "the English prose: HTML comments are not allowed here; remove it (notes for reviewers belong in the "
            "pull request; the only comments are the '<!-- lang: xx -->' markers, each on a line of its own).",
            "<!-- a note",
        ),
    ),
    Case(
        "prose-attr-list",
        prose("en", 'Clicking this paragraph does nothing.\n{: onclick="alert(1)" }'),
        (
            "the English prose: curly braces are not allowed: the site's Markdown reads '{…}' as HTML attributes. "
            "Use ( ) or the full-width ｛ ｝ instead.",
            '{: onclick="alert(1)" }',
        ),
    ),
    # --- links and images in the prose ---------------------------------------------------------
    Case(
        "prose-js-link",
        prose("en", "[read more](javascript:alert(1))"),
        (link("javascript:alert(1)", "javascript"), "(javascript:"),
    ),
    Case(
        "prose-js-entity",
        prose("en", "[read more](jav&#x61;script:alert(1))"),
        (link("javascript:alert(1)", "javascript"), "jav&#x61;script"),
    ),
    Case(
        "prose-js-newline",
        prose("en", "[read more](java\nscript:alert(1))"),
        (link("java\\nscript:alert(1)", "javascript"), "(java"),
    ),
    Case(
        "prose-js-tab",
        prose("zh", "[更多](java\tscript:alert(1))"),
        (
            f"the Chinese prose: the link 'java   script:alert(1)' looks like a scheme ('name:'); {SCHEMES}",
            "[更多]",
        ),
    ),
    Case(
        "prose-js-mixed-case",
        prose("en", "[read more](JaVaScRiPt:alert(1))"),
        (link("JaVaScRiPt:alert(1)", "javascript"), "JaVaScRiPt"),
    ),
    Case(
        "prose-js-angle",
        prose("en", "[read more](<javascript:alert(1)>)"),
        (link("javascript:alert(1)", "javascript"), "(<javascript"),
    ),
    Case(
        "prose-data-link",
        prose("en", "[read more](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
        (link("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data"), "(data:"),
    ),
    Case(
        "prose-vbscript",
        prose("en", "[read more](vbscript:msgbox(1))"),
        (link("vbscript:msgbox(1)", "vbscript"), "(vbscript:"),
    ),
    Case(
        "prose-autolink-js",
        prose("en", "<javascript:alert(1)>"),
        (raw_html("<javascript:alert(1)>"), "<javascript:"),
    ),
    Case(
        "prose-autolink-js-slashes",
        prose("en", "<javascript://%0aalert(1)>"),
        (raw_html("<javascript://%0aalert(1)>"), "<javascript://"),
    ),
    Case(
        "prose-reference-js",
        prose("en", "[read more][more]\n\n[more]: javascript:alert(1)"),
        (link("javascript:alert(1)", "javascript"), "[more]:"),
    ),
    Case(
        "prose-data-image",
        prose("en", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
        (link("data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+", "data", kind="image"), "![x]"),
    ),
    Case(
        "prose-protocol-relative",
        prose("en", "[read more](//evil.example/)"),
        (
            "the English prose: the link '//evil.example/' starts with '//' or contains a backslash, which "
            "browsers read as another host; write https://host/path.",
            "//evil.example/",
        ),
    ),
    Case(
        "prose-lang-marker-in-code",
        prose("en", "```\n<!-- lang: zh -->\n```"),
        (
            "a language marker inside the code block opened on line {line_before}; "
            "close the block with a line '```' before the marker.",
            "<!-- lang: zh -->\n```",
        ),
    ),
    # --- front matter ----------------------------------------------------------------------------
    Case(
        "link-url-attr-list",
        set_path("links", 0, "url", value="https://example.com/){onclick=alert(1)}"),
        (
            "links[0].url 'https://example.com/){onclick=alert(1)}' contains '{', which a link may not contain; "
            "percent-encode it (%7B) or remove it.",
            "- url: https://example.com/)",
        ),
    ),
    Case(
        "link-url-javascript",
        set_path("links", 0, "url", value="javascript:alert(1)"),
        (
            "links[0].url 'javascript:alert(1)' is not a valid http(s) link; write the full address starting with https://.",
            "- url: javascript:",
        ),
    ),
    Case(
        "link-url-credentials",
        set_path("links", 0, "url", value="https://user:secret@example.com/"),
        ("links[0].url contains a user name or password ('user:password@'); remove it.", "user:secret@"),
    ),
    Case(
        "link-url-newline",
        set_path("links", 0, "url", value="https://example.com/\n"),
        ("links[0].url ends with a line break; remove it (write the value on one line, without '|' or '>').", "- url:"),
    ),
    Case(
        "link-label-html",
        set_path("links", 0, "label", "en", value=IMG),
        (f"links[0].label.en: this is plain text; remove the HTML tag '{IMG}' {PLAIN}", "en: <img"),
    ),
    Case(
        "title-closes-title",
        set_path("title", "en", value="</title><script>alert(1)</script>"),
        (f"title.en: this is plain text; remove the HTML tag '</title>' {PLAIN}", "</title>"),
    ),
    Case(
        "title-bidi",
        set_path("title", "en", value="GAN\u202egnp.exe"),
        (
            "the invisible direction control U+202E (RIGHT-TO-LEFT OVERRIDE) changes how the text around "
            "it is displayed; delete it (retype the line if you cannot see it).",
            "en: GAN",
        ),
    ),
    Case(
        "title-bidi-escaped",
        set_path("title", "en", value="GAN\u202egnp.exe"),
        (
            "title.en: the invisible direction control U+202E (RIGHT-TO-LEFT OVERRIDE) changes how the text around "
            "it is displayed; delete it (retype the line if you cannot see it).",
            'en: "GAN',
        ),
        text_edit=lambda text: text.replace("en: GAN\u202egnp.exe", 'en: "GAN\\u202Egnp.exe"', 1),
    ),
    Case(
        "title-control",
        set_path("title", "zh", value="生成\x07对抗网络"),
        (
            "title.zh: the control character U+0007 is not allowed; delete it (retype the line if you cannot see it).",
            'zh: "生成',
        ),
    ),
    Case(
        "id-newline",
        set_path("id", value="hostile-id-newline\n"),
        ("id ends with a line break; remove it (write the value on one line, without '|' or '>').", "id:"),
    ),
    Case(
        "date-newline",
        set_path("date", value="2014-06-10\n"),
        ("date ends with a line break; remove it (write the value on one line, without '|' or '>').", "date:"),
    ),
    Case(
        "year-too-early",
        set_path("date", value="1900"),
        (
            f"date '1900': the year 1900 is outside 1940–{LATEST}; correct the date "
            "(this timeline has nothing earlier, and nothing later than next year).",
            "date:",
        ),
    ),
    Case(
        "year-far-future",
        set_path("date", value="2999-01"),
        (
            f"date '2999-01': the year 2999 is outside 1940–{LATEST}; correct the date "
            "(this timeline has nothing earlier, and nothing later than next year).",
            "date:",
        ),
    ),
    Case(
        "builds-on-itself",
        set_path("builds_on", value=["hostile-builds-on-itself"]),
        (
            "builds_on names the entry itself ('hostile-builds-on-itself'); remove it (an entry cannot build on itself).",
            "builds_on:",
        ),
    ),
    Case(
        "lineage-cycle",
        set_path("builds_on", value=["hostile-lineage-cycle-b"]),
        (
            "builds_on makes a cycle: hostile-lineage-cycle → hostile-lineage-cycle-b → hostile-lineage-cycle; "
            "an entry cannot (even indirectly) build on itself. Remove one of these links.",
            "builds_on:",
        ),
        extra={"hostile-lineage-cycle-b": set_path("builds_on", value=["hostile-lineage-cycle"])},
    ),
    Case(
        "annotation-script",
        set_path("annotations", 0, "en", value="<script>alert(1)</script>"),
        (
            f"annotations[0].en: raw HTML '<script>' is not allowed; write Markdown instead. {ALLOWED}",
            "en: <script>",
        ),
    ),
    Case(
        "annotation-js-link",
        set_path("annotations", 0, "zh", value="见[此处](javascript:alert(1))。"),
        (f"annotations[0].zh: the link 'javascript:alert(1)' uses 'javascript:'; {SCHEMES}", "zh: 见"),
    ),
    Case(
        "annotation-attr-list",
        set_path("annotations", 0, "en", value="A correction. {: onclick=alert(1) }"),
        (
            "annotations[0].en: curly braces are not allowed: the site's Markdown reads '{…}' as HTML attributes. "
            "Use ( ) or the full-width ｛ ｝ instead.",
            "en: 'A correction.",
        ),
    ),
    Case(
        "annotation-source-quote",
        set_path("annotations", 0, "sources", 0, value='https://example.com/"onmouseover="alert(1)'),
        (
            "annotations[0].sources[0] 'https://example.com/\"onmouseover=\"alert(1)' contains '\"', which a link "
            "may not contain; percent-encode it (%22) or remove it.",
            "onmouseover",
        ),
    ),
    Case(
        "figure-caption-html",
        set_path("figures", 0, "caption", "en", value=IMG),
        (f"figures[0].caption.en: this is plain text; remove the HTML tag '{IMG}' {PLAIN}", "en: <img"),
    ),
    Case(
        "work-title-html",
        set_path("work", "title", value="</title><script>alert(1)</script>"),
        (f"work.title: this is plain text; remove the HTML tag '</title>' {PLAIN}", "title: </title>"),
    ),
    Case(
        "raised-by-html",
        lambda e: e.data.update(origin="reader", raised_by="<b onmouseover=alert(1)>a reader</b>"),
        (
            f"raised_by: this is plain text; remove the HTML tag '<b onmouseover=alert(1)>' {PLAIN}",
            "raised_by:",
        ),
    ),
    Case(
        "tag-html",
        set_path("tags", value=["<script>"]),
        ("tags[0] '<script>' must be lower-case words joined by hyphens, e.g. 'stable-diffusion'.", "- <script>"),
    ),
    Case(
        "non-text-key",
        lambda e: None,
        (
            "the key 'yes' is read as true/false, not as text; keys must be words: rename it, "
            "or quote it ('\"yes\":') if it is meant.",
            "  yes: x",
        ),
        text_edit=lambda text: text.replace("title:\n", "title:\n  yes: x\n", 1),
    ),
    Case(
        "merge-key",
        lambda e: None,
        ("YAML merge keys ('<<:') are not allowed in entries; write the keys out in full.", "<<:"),
        text_edit=lambda text: text.replace("work:\n", "work:\n  <<: {title: x}\n", 1),
    ),
    # --- data files and the folder ---------------------------------------------------------------
    Case(
        "era-name-html",
        lambda e: None,
        (
            "'origins' name.en: this is plain text; remove the HTML tag '<img src=x onerror=alert(1)>' " + PLAIN,
            "en: <img",
        ),
        content_edit=edit_yaml("eras.yaml", "    en: Origins\n", f"    en: {IMG}\n"),
    ),
    Case(
        "kind-name-html",
        lambda e: None,
        (
            "'paper' name.en: this is plain text; remove the HTML tag '<script>' " + PLAIN,
            "<script>",
        ),
        content_edit=edit_yaml("kinds.yaml", "en: Paper}", "en: <script>alert(1)</script>}"),
    ),
    Case(
        "symlink-dangling",
        lambda e: None,
        (
            "this is a symbolic link to 'nowhere.md', which does not exist; remove the link or restore its target.",
            "",
        ),
        content_edit=symlink("hostile-symlink-dangling-link.md", "nowhere.md"),
    ),
    Case(
        "symlink-dev-zero",
        lambda e: None,
        (
            "this is a symbolic link to '/dev/zero', outside the repository; "
            "put the file itself here (links may only point inside the repository).",
            "",
        ),
        content_edit=symlink("hostile-symlink-dev-zero-link.md", "/dev/zero"),
    ),
    Case(
        "figure-symlink-outside",
        set_path("figures", 0, "file", value="hostile-outside.png"),
        (
            "figures[0].file 'hostile-outside.png': this is a symbolic link to '/dev/zero', outside the repository; "
            "put the file itself here (links may only point inside the repository).",
            "file: hostile-outside.png",
        ),
        content_edit=lambda content: os.symlink("/dev/zero", content / "figures" / "hostile-outside.png"),
    ),
    Case(
        "figure-fifo",
        set_path("figures", 0, "file", value="hostile-pipe.png"),
        (
            "figures[0].file 'hostile-pipe.png' is not a regular file (a device, a pipe or a folder).",
            "file: hostile-pipe.png",
        ),
        content_edit=lambda content: os.mkfifo(content / "figures" / "hostile-pipe.png"),
    ),
    # --- accepted: shown as text, nothing active -------------------------------------------------
    Case(
        "title-braces",
        set_path("title", "en", value="GAN {: onclick=alert(1) } {#x .y}"),
        visible="GAN {: onclick=alert(1) } {#x .y}",
    ),
    Case(
        # Material's <title> block un-escaped this (striptags) into a real </title><script>
        "title-entities",
        set_path("title", "en", value="&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        visible="&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    ),
    Case(
        "title-quotes",
        set_path("title", "zh", value='" onmouseover="alert(1)" x="'),
        visible='" onmouseover="alert(1)" x="',
        lang="zh",
    ),
    Case(
        "link-label-markdown",
        set_path("links", 0, "label", "en", value="x](javascript:alert(1)) [y"),
        visible="x](javascript:alert(1)) [y",
    ),
    Case(
        "link-label-quotes",
        set_path("links", 0, "label", "zh", value='" onfocus="alert(1)" autofocus="'),
        visible='" onfocus="alert(1)" autofocus="',
        lang="zh",
    ),
    Case(
        "prose-entities",
        prose(
            "en",
            "Entities stay text: &lt;img src=x onerror=alert(1)&gt; and &#60;script&#62;alert(1)&#60;/script&#62;.",
        ),
        visible="<img src=x onerror=alert(1)> and <script>alert(1)</script>",
    ),
    Case(
        "prose-link-title-quotes",
        prose("en", '[a safe link](https://example.com/ "t\\" onmouseover=\\"alert(1)")'),
        visible="a safe link",
    ),
    Case(
        "prose-allowed-tags",
        prose("en", 'E = mc<sup>2</sup>, <abbr title="x onmouseover=alert(1)">GAN</abbr>, <kbd>Ctrl</kbd>.'),
        visible="E = mc2, GAN, Ctrl.",
    ),
    Case(
        "annotation-entities",
        set_path("annotations", 0, "en", value="Shown as text: &lt;script&gt;alert(1)&lt;/script&gt;"),
        # the annotation template escapes before Markdown, so an entity is shown as written
        visible="Shown as text: &lt;script&gt;alert(1)&lt;/script&gt;",
    ),
    Case(
        "figure-alt-quotes",
        set_path("figures", 0, "alt", "en", value='" onerror="alert(1)'),
    ),
    Case(
        "work-venue-braces",
        set_path("work", "venue", value="NIPS {#x onclick=alert(1)}"),
        visible="NIPS {#x onclick=alert(1)}",
    ),
    Case(
        "era-name-braces",
        lambda e: None,
        content_edit=edit_yaml("eras.yaml", "    en: Origins\n", "    en: 'Origins {: onclick=alert(1) }'\n"),
        visible="Origins {: onclick=alert(1) }",
    ),
]


def make_entry(case: Case) -> Entry:
    entry = base_entry()
    entry.data["id"] = case.entry_id
    entry.data.pop("translation", None)
    if not case.name.startswith(("figure-", "prose-allowed")):
        entry.data.pop("figures", None)  # one entry with figures (the base) is enough
    case.mutate(entry)
    return entry


def write_case(case: Case, content: Path) -> Path:
    """Write the case's entry (and any extra entries) into ``content/milestones``; returns the entry file."""
    milestones = content / "milestones"
    path = milestones / f"{case.entry_id}.md"
    text = make_entry(case).text()
    if case.text_edit:
        text = case.text_edit(text)
    path.write_text(text, encoding="utf-8")
    for entry_id, mutate in case.extra.items():
        extra = base_entry()
        extra.data["id"] = entry_id
        extra.data.pop("translation", None)
        extra.data.pop("figures", None)
        mutate(extra)
        (milestones / f"{entry_id}.md").write_text(extra.text(), encoding="utf-8")
    if case.content_edit:
        case.content_edit(content)
    return path


def content_copy(destination: Path, with_base: bool = True) -> Path:
    """A content folder: the real data files and figures, and (``with_base``) the base entry only."""
    destination.mkdir(parents=True)
    for item in CONTENT.iterdir():
        if item.is_file():
            shutil.copy2(item, destination / item.name)
    shutil.copytree(CONTENT / "figures", destination / "figures")
    (destination / "milestones").mkdir()
    if with_base:
        shutil.copy2(CONTENT / "milestones" / f"{BASE_ID}.md", destination / "milestones" / f"{BASE_ID}.md")
    return destination


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    index = text.find(needle)
    assert index >= 0, f"{needle!r} is not in {path.name}"
    return text.count("\n", 0, index) + 1


def expected_problem(case: Case, content: Path, shown_dir: str) -> str:
    """The exact ``FILE:LINE: message`` ``make check`` must print for a refused case."""
    assert case.refused
    message, needle = case.refused
    if case.name.startswith("symlink-"):
        return f"{shown_dir}/milestones/{case.entry_id}-link.md:1: {message}"
    if case.name.startswith(("era-", "kind-")):
        data_file = "eras.yaml" if "era" in case.name else "kinds.yaml"
        return f"{shown_dir}/{data_file}:{line_of(content / data_file, needle)}: {message}"
    path = content / "milestones" / f"{case.entry_id}.md"
    line = line_of(path, needle)
    if "{line_before}" in message:  # the marker's line, and the fence just before it
        message = message.format(line_before=line - 1)
    return f"{shown_dir}/milestones/{path.name}:{line}: {message}"


def entries_in(content: Path) -> list[str]:
    return [p.stem for p in content_files(content / "milestones", ".md")]
