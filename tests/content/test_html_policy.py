"""What contributors' text may contain (imgsynth/content/html_policy.py): unit level.

The end-to-end proof (hostile entries through `make check` and a real build) is
tests/content/test_hostile_content.py.
"""

from __future__ import annotations

import pytest

from imgsynth.content.html_policy import markdown_problems, normalise_url, plain_text_problems, url_problem

ALLOWED = 'Allowed tags: <sup>, <sub>, <kbd>, <br>, <abbr title="…">.'


def messages(text: str, first_line: int = 10) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in markdown_problems(text, first_line, "the English prose")]


def test_harmless_markdown_passes():
    text = (
        'E = mc<sup>2</sup>, H<sub>2</sub>O, <kbd>Ctrl</kbd>,<br>\n<abbr title="Generative adversarial network">GAN</abbr>.\n\n'
        "A [link](https://example.com/a_(b)?q=1#x), a [page](../gan/), an [anchor](#links), "
        "<https://arxiv.org/abs/1406.2661>, x < y, 3 <4, `code`, a note[^paper].\n\n"
        "![diagram](../../figures/gan.png)\n"
    )
    assert messages(text) == []


def test_raw_html_is_refused_once_per_tag_with_its_line():
    assert messages("First line.\n\n<script>alert(1)</script>") == [
        (12, f"the English prose: raw HTML '<script>' is not allowed; write Markdown instead. {ALLOWED}")
    ]


def test_event_handler_on_an_allowed_tag():
    assert messages("x <sup onclick=alert(1)>1</sup>") == [
        (10, "the English prose: '<sup onclick=alert(1)>' may not have the attribute onclick; write <sup>.")
    ]


def test_unclosed_tag_that_markdown_could_close_later():
    assert messages("a\n<img src=x onerror=alert(1)") == [
        (
            11,
            "the English prose: '<img src=x onerror=a' starts an HTML tag that is never closed; "
            "write '&lt;' for a literal '<', or put a space after it.",
        )
    ]


def test_comments_are_refused():
    assert messages("text\n<!-- note -->")[0] == (
        11,
        "the English prose: HTML comments are not allowed here; remove it (notes for reviewers belong in the "
        "pull request; the only comments are the '<!-- lang: xx -->' markers, each on a line of its own).",
    )


def test_tags_inside_code_are_refused_too():
    # checked on the text as written: no reading of Markdown of ours can differ from Markdown's
    assert len(messages("`<b>` and\n\n```\n<script>\n```")) == 2


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[a](javascript:alert(1))", 10, "the link 'javascript:alert(1)' uses 'javascript:'"),
        ("[a](jav&#x61;script:alert(1))", 10, "the link 'javascript:alert(1)' uses 'javascript:'"),
        ("[a](JaVaScRiPt:alert(1))", 10, "the link 'JaVaScRiPt:alert(1)' uses 'javascript:'"),
        ("[a](<javascript:alert(1)>)", 10, "the link 'javascript:alert(1)' uses 'javascript:'"),
        ("[a]( vbscript:msgbox(1) )", 10, "the link 'vbscript:msgbox(1)' uses 'vbscript:'"),
        ("x\n\n[a][r]\n\n[r]: data:text/html,x", 14, "the link 'data:text/html,x' uses 'data:'"),
        ("[r]:\n  javascript:alert(1)", 10, "the link 'javascript:alert(1)' uses 'javascript:'"),
        (
            "[a](https://user:pw@example.com/)",
            10,
            "the link 'https://user:pw@example.com/' contains a user name or password",
        ),
        ("[a](//evil.example/)", 10, "the link '//evil.example/' starts with '//'"),
        ("[a](/\\evil.example/)", 10, "the link '/\\evil.example/' starts with '//'"),
        ("![x](https://example.com/t.png)", 10, "the image 'https://example.com/t.png' is an image from another site"),
        ("![x](data:image/svg+xml,<svg/onload=alert(1)>)", 10, "'data:'"),
        ("<javascript:alert(1)>", 10, "raw HTML '<javascript:alert(1)>' is not allowed"),
        ("<javascript://%0aalert(1)>", 10, "raw HTML '<javascript://%0aalert(1)>' is not allowed"),
        ("<https://u:p@example.com/>", 10, "the link <https://u:p@example.com/> contains a user name or password"),
        ("para\n{: onclick=alert(1)}", 11, "curly braces are not allowed"),
        ("<div markdown>*x*</div>", 10, "raw HTML '<div markdown>' is not allowed"),
    ],
)
def test_hostile_markdown(text, line, message):
    found = messages(text)
    assert any(at == line and message in said for at, said in found), found


def test_plain_text_allows_no_tag_but_allows_braces():
    problems = plain_text_problems("</title><script>alert(1)</script>", 3, "title.en")
    assert [(p.line, p.message) for p in problems] == [
        (
            3,
            "title.en: this is plain text; remove the HTML tag '</title>' (write '&lt;' for a literal '<', or put a space after it).",
        ),
        (
            3,
            "title.en: this is plain text; remove the HTML tag '<script>' (write '&lt;' for a literal '<', or put a space after it).",
        ),
    ]
    assert plain_text_problems("<sup>2</sup>", 3, "title.en")[0].message.startswith("title.en: this is plain text")
    assert plain_text_problems('"A photo of a {object}."', 3, "figures[0].alt.en") == []


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("jav&#x61;script:x", "javascript:x"),
        ("java\tscript:x", "javascript:x"),
        ("java\nscript:x", "javascript:x"),
        ("\x01 javascript:x \x00", "javascript:x"),
        ("&#106;&#97;vascript:x", "javascript:x"),
    ],
)
def test_urls_are_read_as_browsers_read_them(url, clean):
    assert normalise_url(url) == clean
    assert url_problem(url) == "uses 'javascript:'; links may only be https://, http:// or relative to the site."


def test_good_urls():
    for url in ("https://arxiv.org/abs/1406.2661", "http://example.com", "../gan/", "#x", "?q=1", "figures/a.png"):
        assert url_problem(url) is None, url
    assert url_problem("https:///x") == "has no host; write the full address, https://host/path."
