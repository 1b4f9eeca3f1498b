"""The SVG overview of the decade: one mark per entry on a year axis, coloured by era.

Plain inline SVG, no scripts and no external resources. Colours come from CSS classes
(``ty-era-c0`` …, defined in ``timeline.css`` for light, dark and print); text uses
``currentColor``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup

from imgsynth.content.entries import Entry
from imgsynth.content.load import Content
from imgsynth.render import render, strings

WIDTH = 640
MARGIN_X = 24
MARK_RADIUS = 6
ROW_HEIGHT = 15
TOP = 16
AXIS_GAP = 14
LEGEND_HEIGHT = 40
PALETTE_SIZE = 6


@dataclass(frozen=True)
class Mark:
    entry: Entry
    x: float
    y: float
    colour: int
    label: str


def overview_svg(content: Content, lang: str, base_url: str = "") -> Markup:
    """The overview as inline SVG; marks link to ``{base_url}milestones/<id>/``."""
    t = strings()[lang]
    entries = content.entries
    if not entries:
        return Markup("")
    colours = {era.id: index % PALETTE_SIZE for index, era in enumerate(content.eras)}
    first, last = entries[0].date.year, max(entries[-1].date.year, entries[0].date.year)
    years = list(range(first, last + 1))
    column = (WIDTH - 2 * MARGIN_X) / len(years)
    stacks = {year: list(items) for year, items in groupby(entries, key=lambda e: e.date.year)}
    rows = max(len(items) for items in stacks.values())
    axis_y = TOP + rows * ROW_HEIGHT
    marks = []
    for year, items in stacks.items():
        x = MARGIN_X + (year - first + 0.5) * column
        for row, entry in enumerate(items):
            marks.append(
                Mark(
                    entry=entry,
                    x=round(x, 1),
                    y=axis_y - AXIS_GAP / 2 - row * ROW_HEIGHT,
                    colour=colours.get(entry.era, 0),
                    label=f"{entry.date.display(lang)} · {entry.title[lang]}",
                )
            )
    ticks = [
        {
            "year": year,
            "x": round(MARGIN_X + (year - first + 0.5) * column, 1),
            "label": len(years) <= 20 or year % 2 == 0,
        }
        for year in years
    ]
    legend_y = axis_y + 38
    # the legend: eras in rows of three
    per_row = 3
    # only eras that have entries: the legend links to their sections on the timeline
    shown = [era for era in content.eras if any(entry.era == era.id for entry in content.entries)]
    legend = [
        {
            "era": era,
            "colour": colours[era.id],
            "x": MARGIN_X + (index % per_row) * (WIDTH - 2 * MARGIN_X) / per_row,
            "y": legend_y + (index // per_row) * 16,
        }
        for index, era in enumerate(shown)
    ]
    svg = render(
        "overview.svg.j2",
        marks=marks,
        ticks=ticks,
        legend=legend,
        legend_y=legend_y,
        axis_y=axis_y,
        width=WIDTH,
        height=legend_y + ((max(len(shown), 1) - 1) // per_row) * 16 + LEGEND_HEIGHT // 2,
        margin=MARGIN_X,
        radius=MARK_RADIUS,
        base_url=base_url,
        lang=lang,
        t=t,
        title=t["overview_title"],
        desc=t["overview_desc"].format(count=len(entries), first=first, last=last),
    )
    # a raw HTML block in Markdown must not contain blank lines
    return Markup("\n".join(line for line in svg.splitlines() if line.strip()))
