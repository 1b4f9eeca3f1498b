"""Dates with their precision kept: ``2014``, ``2014-06`` or ``2014-06-10``."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day. Sorts earliest first."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``text``; raises ValueError with a message a contributor can act on."""
        match = _DATE.match(text)
        if not match:
            raise ValueError(f"date '{text}' is not YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2014-06 or 2014-06-10).")
        year, month, day = (int(part) if part else 0 for part in match.groups())
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"date '{text}' has month {month:02d}; months run from 01 to 12.")
        if match.group(3):
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"date '{text}' does not exist: {_MONTHS_EN[month - 1]} {year} has {last} days.")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> datetime.date:
        """The first day the date can mean (``2014`` -> 1 January 2014)."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> datetime.date:
        """The last day the date can mean (``2014-06`` -> 30 June 2014)."""
        month = self.month or 12
        return datetime.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """The value for ``<time datetime>``: as precise as the date is."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self, lang: str) -> str:
        """Human form in a language: ``2014年6月10日`` / ``10 June 2014``."""
        if lang == "zh":
            text = f"{self.year}年"
            if self.month:
                text += f"{self.month}月"
            if self.day:
                text += f"{self.day}日"
            return text
        if self.day:
            return f"{self.day} {_MONTHS_EN[self.month - 1]} {self.year}"
        if self.month:
            return f"{_MONTHS_EN[self.month - 1]} {self.year}"
        return str(self.year)


def display_range(start: PartialDate | None, end: PartialDate | None, lang: str) -> str:
    """A span in a language: ``2012–2014``, ``–2011``, ``2022年8月–``, ``January 2020 – July 2022``.

    Years alone are written as numbers in both languages; an en dash joins the ends (with
    spaces in English when an end has words in it).
    """
    parts = [
        "" if date is None else (str(date.year) if not date.month else date.display(lang)) for date in (start, end)
    ]
    spaced = lang != "zh" and any(" " in part for part in parts) and all(parts)
    return (" – " if spaced else "–").join(parts)
