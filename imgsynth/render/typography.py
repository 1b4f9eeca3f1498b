"""Typography of the prose as shown: one date format per language, no stray spaces in Chinese.

Contributors write Chinese dates either way (``2014 年 6 月 10 日`` or ``2014年6月10日``); the
pages show one form, the one the generated parts use (:meth:`PartialDate.display`). Spaces next
to full-width punctuation are dropped (``GAN （生成` → ``GAN（生成``). Nothing else changes:
the space between Chinese and Latin text stays as written. Applied to the rendered text only;
the files keep what the contributor wrote.
"""

from __future__ import annotations

import re

_DATE = re.compile(r"(\d{4}) *年(?: *(\d{1,2}) *月(?: *(\d{1,2}) *日)?)?")
"""``2014 年 6 月 10 日`` (a year of four digits, then month and day): a date, written with spaces."""

_FULL_WIDTH = "，。、；：！？（）《》〈〉「」『』【】“”‘’…～"
_AROUND_PUNCTUATION = re.compile(rf" +(?=[{_FULL_WIDTH}])|(?<=[{_FULL_WIDTH}]) +")

_CODE = re.compile(r"(`+)(?:(?!\1).)+\1|\]\([^)]*\)|<[^>]+>", re.S)
"""Inline code, link targets and HTML tags: left exactly as written."""


def tidy(text: str, lang: str) -> str:
    """``text`` with the language's typography applied (Chinese only; other languages unchanged)."""
    if lang != "zh" or not text:
        return text
    parts, last = [], 0
    for match in _CODE.finditer(text):
        parts.append(_tidy_zh(text[last : match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append(_tidy_zh(text[last:]))
    return "".join(parts)


_MONTH_DAY = re.compile(r"(?<![\d.])(\d{1,2}) *月(?: *(\d{1,2}) *日)?")
"""``9 月 2 日``, ``12 月``: a month (and day) without the year."""


def _tidy_zh(text: str) -> str:
    text = _DATE.sub(_joined_date, text)
    text = _MONTH_DAY.sub(lambda m: f"{m.group(1)}月" + (f"{m.group(2)}日" if m.group(2) else ""), text)
    return _AROUND_PUNCTUATION.sub("", text)


def _joined_date(match: re.Match[str]) -> str:
    year, month, day = match.groups()
    return f"{year}年" + (f"{month}月" if month else "") + (f"{day}日" if day else "")
