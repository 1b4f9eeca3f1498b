"""Where a link sits, as the link check reports it: its innermost <li id> and whether it is in an <article>."""

from __future__ import annotations

from imgsynth.links.htmlscan import scan_html, without_chrome

PAGE = """<!doctype html><html><body>
<header><a href="/chrome/">home</a></header>
<ul>
  <li id="outer"><a href="/a/">a</a>
    <ul><li id="inner"><a href="/b/">b</a><img src="/i.png"></li>
        <li id=""><a href="/c/">c</a></li>
        <li><a href="/d/">d</a></li></ul>
    <a href="/e/">e</a>
  </li>
</ul>
<article><p><a href="/f/">f</a></p><article><a href="/g/" name="here">g</a></article><a href="/h/">h</a></article>
<!-- <a href="/commented/"> -->
<footer><a href="/i/" hreflang="en">English</a><link rel="preconnect" href="https://x.org"></footer>
</body></html>"""


def test_each_link_knows_its_innermost_item_and_whether_it_is_in_an_article():
    page = scan_html(PAGE)
    found = {link.target: (link.item, link.in_article) for link in page.links}
    assert found == {
        "/chrome/": (None, False),
        "/a/": ("outer", False),
        "/b/": ("inner", False),
        "/i.png": ("inner", False),
        "/c/": ("outer", False),  # an empty id names no item: the enclosing one counts
        "/d/": ("outer", False),
        "/e/": ("outer", False),
        "/f/": (None, True),
        "/g/": (None, True),
        "/h/": (None, True),
        "/i/": (None, False),
    }
    assert page.has_article
    assert {"outer", "inner", "here"} <= page.ids
    assert [link.line for link in page.links if link.target == "/b/"] == [5]
    hreflang = next(link for link in page.links if link.target == "/i/")
    assert hreflang.hreflang == "en" and not page.is_chrome(hreflang)


THEMED = """<!doctype html><html><head>
<link rel="alternate" href="../en/x/" hreflang="en">
</head><body>
<header id="__header"><a href="../">home</a>
<a class="md-select__link" href="../en/x/"
   hreflang="en">English</a></header>
<nav><a href="../about/">about</a></nav>
<article><h1 id="t">T</h1>
<a href="#t">top</a></article>
<footer><a href="../next/">next</a></footer>
</body></html>"""


def test_without_chrome_keeps_the_head_the_article_and_the_language_switch_on_their_lines():
    whole, lean = scan_html(THEMED), scan_html(without_chrome(THEMED) or "")
    kept = {(link.target, link.line, link.hreflang) for link in lean.links}
    assert kept == {("../en/x/", 2, "en"), ("../en/x/", 6, "en"), ("#t", 9, None)}
    assert kept <= {(link.target, link.line, link.hreflang) for link in whole.links}
    assert lean.ids == {"t"} and whole.ids == {"t", "__header"}
    assert lean.has_article


def test_without_chrome_leaves_pages_without_one_article_whole():
    assert without_chrome("<html><body><p>no article</p></body></html>") is None
    assert without_chrome("<article>a</article><article>b</article>") is None
    assert without_chrome("<ARTICLE>as the theme never writes it</ARTICLE>") is None
