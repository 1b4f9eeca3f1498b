"""Headings never break inside a date or a date range (``2012–2022``, ``2012年12月``, ``August 2022–``).

On a phone a heading such as "图像合成十年（2012–2022）" may wrap between "2012–" and "2022)"
or between "2012年" and "12月". :func:`nowrap_headings` wraps each date, range or bracketed
range in the text of the ``<h1>``–``<h6>`` elements of a page's HTML in
``<span class="ty-nowrap">`` (``white-space: nowrap`` in the site's style sheet). Attributes
and tags are left alone; only text between tags is changed.
"""

from __future__ import annotations

import re

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = (
    r"(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?"  # 2012年 / 2012年12月 / 2012年12月3日
    rf"|(?:\d{{1,2}}\s)?{_MONTH}\s\d{{4}}"  # 3 December 2012 / December 2012
    r"|\d{4}(?:-\d{2}(?:-\d{2})?)?)"  # 2012 / 2012-12 / 2012-12-03
)
_RANGE = rf"(?:{_DATE}\s?[–—]\s?(?:{_DATE})?|[–—]\s?{_DATE}|{_DATE})"
_TOKEN = re.compile(rf"[（(]\s?{_RANGE}\s?[)）]|{_RANGE}")
_HEADING = re.compile(r"(<h([1-6])\b[^>]*>)(.*?)(</h\2>)", re.S)
_TEXT = re.compile(r"(>|^)([^<>]+)(?=<|$)")

CLASS = "ty-nowrap"


def _wrap_text(text: str) -> str:
    return _TOKEN.sub(lambda m: f'<span class="{CLASS}">{m.group(0)}</span>', text)


_DIGIT = re.compile(r"\d")
"""Every date has digits: a heading without one is left as it is, unread."""


def _wrap_heading(inner: str) -> str:
    if CLASS in inner or not _DIGIT.search(inner):  # already wrapped (a template did it), or no date
        return inner
    return _TEXT.sub(lambda m: m.group(1) + _wrap_text(m.group(2)), inner)


def nowrap_headings(html: str) -> str:
    """``html`` with every date and date range inside a heading wrapped in a nowrap span."""
    if "<h" not in html:
        return html
    return _HEADING.sub(lambda m: m.group(1) + _wrap_heading(m.group(3)) + m.group(4), html)
