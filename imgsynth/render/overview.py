"""The overview of the decade: one SVG that tells the story at a glance.

* One column per year that has entries (years without entries take no room: a break mark
  shows where years were left out), the year's entries stacked in date order, each a mark
  with its label; a year that two eras share gets a column per era.
* Eras as bands behind their columns, each named in a header strip, with its own fill
  pattern and mark shape, so eras are told apart without colour.
* Every entry is a mark and a label: a label stays inside its own cell (shortened with an
  ellipsis when needed), so labels never collide; the accessible name (date and
  whole title) is the link's aria-label (no <title> child: its text would count as visible text
  that the name lacks, axe's label-content-name-mismatch).
* Drawn at 1 SVG unit = 1 CSS px: a screen narrower than the figure scrolls it sideways
  instead of shrinking it, so text stays at 12 px and every target at least 24 px tall.

Plain inline SVG, no scripts, no external resources. Colours come from CSS classes
(``ty-era-c0`` …, in ``timeline.css`` for light, dark and print); text uses ``currentColor``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup

from imgsynth.content import MILESTONES_DIR
from imgsynth.content.entries import Entry
from imgsynth.content.load import Content
from imgsynth.render import render, strings

CELL = 28
"""Height of one entry's row in a column: its target is ``CELL - 2`` px tall (at least 24)."""
MARK_X = 13
"""Centre of a mark from the left edge of its column; its label starts at ``LABEL_X``."""
LABEL_X = 25
MIN_COLUMN = 58
MAX_ROWS = 7
"""Most entries stacked in one column; a busier year is split into several columns."""
MAX_LABEL = 114
"""Widest visible label; longer titles are shortened with an ellipsis (the accessible name is whole)."""
YEAR_GAP = 4
BREAK_GAP = 22
"""Room for the break mark between years that are not consecutive."""
MARGIN = 2
FONT = 12
HEADER = 24
AXIS_GAP = 6
MARK_SIZE = 7
PALETTE_SIZE = 6
SHAPES = ("circle", "square", "diamond", "triangle", "hexagon", "triangle-down")
PATTERNS = ("lines", "dots", "cross", "rows", "grid", "none")


@dataclass(frozen=True)
class Mark:
    entry: Entry
    x: float
    """Left edge of the mark's cell."""
    y: float
    """Top of the mark's cell."""
    width: float
    era_index: int
    label: str
    """The accessible name: date and full title."""
    short: str
    """The visible label."""

    @property
    def cx(self) -> float:
        return self.x + MARK_X

    @property
    def cy(self) -> float:
        return self.y + CELL / 2

    @property
    def shape(self) -> str:
        return SHAPES[self.era_index % len(SHAPES)]

    def path(self) -> str:
        """The mark's outline as SVG path data, centred in its cell."""
        x, y, r = self.cx, self.cy, MARK_SIZE
        shape = self.shape
        if shape == "square":
            s = r * 0.85
            return f"M{x - s:g},{y - s:g}h{2 * s:g}v{2 * s:g}h{-2 * s:g}z"
        if shape == "diamond":
            return f"M{x:g},{y - r - 1:g}L{x + r + 1:g},{y:g}L{x:g},{y + r + 1:g}L{x - r - 1:g},{y:g}z"
        if shape == "triangle":
            return f"M{x:g},{y - r - 1:g}L{x + r:g},{y + r * 0.75:g}L{x - r:g},{y + r * 0.75:g}z"
        if shape == "triangle-down":
            return f"M{x:g},{y + r + 1:g}L{x + r:g},{y - r * 0.75:g}L{x - r:g},{y - r * 0.75:g}z"
        if shape == "hexagon":
            h = round(r * 0.87, 2)
            return (
                f"M{x - r:g},{y:g}L{x - r / 2:g},{y - h:g}L{x + r / 2:g},{y - h:g}"
                f"L{x + r:g},{y:g}L{x + r / 2:g},{y + h:g}L{x - r / 2:g},{y + h:g}z"
            )
        return f"M{x - r:g},{y:g}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0"


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of the width of ``text`` in the site's sans-serif font."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        elif char == " ":
            width += 0.3
        elif char in "ilIjft.,:;'|!()[]·":
            width += 0.34
        elif char.isupper() or char in "mwMW":
            width += 0.72
        else:
            width += 0.58
    return width * size


_ABBREVIATION = re.compile(r"[（(]([^（）()]{1,16})[）)]\s*$")
_BEFORE_COLON = re.compile(r"^(.{1,16}?)[:：]")


def short_title(entry: Entry, lang: str, limit: float = MAX_LABEL) -> str:
    """The visible label of a mark: the abbreviation a title ends with (``DCGAN``), else the name
    before a colon (``AlexNet``), else the title. A label wider than ``limit`` px is cut after a
    whole word (``The Conceptual…``), never inside one: a cut word would not match the link's
    accessible name word for word (WCAG 2.5.3, label in name); when no cut fits, it stays whole."""
    title = entry.title[lang]
    match = _ABBREVIATION.search(title)
    if match and not _is_abbreviation(match.group(1)):
        match = None
    match = match or _BEFORE_COLON.search(title)
    text = match.group(1).strip() if match else title
    if text_width(text) <= limit:
        return text
    words = text.split(" ")
    for count in range(len(words) - 1, 0, -1):
        cut = _outside_brackets(" ".join(words[:count])).rstrip(" ，,·:：")
        if cut and text_width(cut + "…") <= limit:
            return cut + "…"
    return text


def _outside_brackets(text: str) -> str:
    """``文本反演（Textual`` -> ``文本反演``: a cut never ends inside brackets (a name's
    parenthetical does not count as its words, so a label that ends inside one is not in it)."""
    depth, last_open = 0, -1
    for index, char in enumerate(text):
        if char in "（(":
            if depth == 0:
                last_open = index
            depth += 1
        elif char in "）)" and depth:
            depth -= 1
    return text[:last_open] if depth else text


def _is_abbreviation(text: str) -> bool:
    """``DCGAN``, ``cGAN``, ``Score SDE``: Latin letters with at least two capitals (not ``later Craiyon``)."""
    if any(unicodedata.east_asian_width(char) in ("W", "F") for char in text):
        return False
    return sum(char.isupper() for char in text) >= 2 and not text.split()[0].islower()


def mark_name(entry: Entry, lang: str, label: str) -> str:
    """The accessible name of a mark: its date and whole title, led by the visible label when the
    title does not begin with it (an abbreviation such as ``DCGAN``), so the label is in the name."""
    name = f"{entry.when(lang)} · {entry.title[lang]}"
    core = label.removesuffix("…").strip()
    if entry.title[lang].startswith(core):
        return name
    return f"{core}{strings()[lang]['colon']}{name}"


def overview_svg(content: Content, lang: str, base_url: str = "") -> Markup:
    """The overview as inline SVG; marks link to ``{base_url}milestones/<id>/``."""
    t = strings()[lang]
    entries = content.entries
    if not entries:
        return Markup("")
    era_index = {era.id: index for index, era in enumerate(content.eras)}
    eras = {era.id: era for era in content.eras}

    # columns: one per (year, era), in date order
    columns = []
    for (year, era_id), group in groupby(entries, key=lambda e: (e.date.year, e.era)):
        items = list(group)
        chunks = -(-len(items) // MAX_ROWS)  # a busy year gets several columns of balanced height
        per = -(-len(items) // chunks)
        for part in range(chunks):
            own = items[part * per : (part + 1) * per]
            labels = [short_title(entry, lang) for entry in own]
            width = max(MIN_COLUMN, LABEL_X + max(text_width(label) for label in labels) + 6)
            columns.append(
                {"year": year, "era": era_id, "entries": own, "labels": labels, "width": width, "part": part}
            )
    # an era's name must fit above its columns: widen its last column when it does not
    for era_id in dict.fromkeys(column["era"] for column in columns):
        own = [column for column in columns if column["era"] == era_id]
        need = text_width(eras[era_id].name[lang], FONT) + 10 - sum(column["width"] for column in own)
        if need > 0:
            own[-1]["width"] += need

    x = MARGIN
    previous: dict | None = None
    breaks, dividers = [], []
    for column in columns:
        if previous is not None:
            if column["year"] > previous["year"] + 1:
                breaks.append({"x": round(x + BREAK_GAP / 2, 1)})
                x += BREAK_GAP
            elif column["year"] == previous["year"] and column["era"] != previous["era"]:
                dividers.append(round(x, 1))  # a year shared by two eras
            elif column["year"] == previous["year"]:
                pass  # another column of the same busy year
            else:
                x += YEAR_GAP
        column["x"] = round(x, 1)
        column["width"] = round(column["width"], 1)
        x += column["width"]
        previous = column
    width = round(x + MARGIN)
    rows = max(len(column["entries"]) for column in columns)
    top = HEADER + 4
    axis_y = top + rows * CELL + 4

    marks = []
    for column in columns:
        for row, (entry, label) in enumerate(zip(column["entries"], column["labels"], strict=True)):
            marks.append(
                Mark(
                    entry=entry,
                    x=column["x"],
                    y=top + row * CELL,
                    width=column["width"],
                    era_index=era_index.get(entry.era, 0),
                    label=mark_name(entry, lang, label),
                    short=label,
                )
            )

    bands = []
    for era_id in dict.fromkeys(column["era"] for column in columns):
        own = [column for column in columns if column["era"] == era_id]
        index = era_index[era_id]
        x0 = own[0]["x"] - (YEAR_GAP / 2 if own[0] is not columns[0] else MARGIN)
        x1 = own[-1]["x"] + own[-1]["width"] + (YEAR_GAP / 2 if own[-1] is not columns[-1] else MARGIN)
        bands.append(
            {
                "era": eras[era_id],
                "x0": round(max(x0, 0), 1),
                "x1": round(min(x1, width), 1),
                "colour": index % PALETTE_SIZE,
                "pattern": PATTERNS[index % len(PATTERNS)],
                "label_x": round(own[0]["x"] + 4, 1),
                "label_y": HEADER - 8,
            }
        )
    years = []
    for year, group in groupby(columns, key=lambda column: column["year"]):
        own = list(group)
        years.append(
            {"year": year, "x": round((own[0]["x"] + own[-1]["x"] + own[-1]["width"]) / 2, 1), "x0": own[0]["x"]}
        )
    height = axis_y + AXIS_GAP + FONT + 6
    svg = render(
        "overview.svg.j2",
        marks=marks,
        years=years,
        breaks=breaks,
        dividers=dividers,
        bands=bands,
        top=top,
        axis_y=axis_y,
        width=width,
        height=height,
        font=FONT,
        cell=CELL,
        label_x=LABEL_X,
        palette=PALETTE_SIZE,
        base_url=base_url,
        entry_dir=MILESTONES_DIR,
        lang=lang,
        t=t,
        title=t["overview_title"],
        desc=t["overview_desc"].format(
            count=len(entries), first=entries[0].date.year, last=entries[-1].date.year, eras=len(bands)
        ),
    )
    # a raw HTML block in Markdown must not contain blank lines
    return Markup("\n".join(line for line in svg.splitlines() if line.strip()))
