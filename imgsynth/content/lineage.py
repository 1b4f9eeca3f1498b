"""Lineage between entries: what an entry builds on (``builds_on``) and what it led to (reverse)."""

from __future__ import annotations

from dataclasses import dataclass, field

from imgsynth.content.entries import Entry


@dataclass(frozen=True)
class Lineage:
    """The entries one entry builds on, and those that build on it, in time order."""

    builds_on: list[Entry] = field(default_factory=list)
    led_to: list[Entry] = field(default_factory=list)


def lineage(entries: list[Entry]) -> dict[str, Lineage]:
    """Lineage of every entry, keyed by id. ``entries`` is in time order; unknown ids are skipped."""
    by_id = {entry.id: entry for entry in entries}
    led_to: dict[str, list[Entry]] = {entry.id: [] for entry in entries}
    for entry in entries:
        for target in entry.builds_on:
            if target in led_to and entry not in led_to[target]:
                led_to[target].append(entry)
    order = {entry.id: index for index, entry in enumerate(entries)}
    return {
        entry.id: Lineage(
            builds_on=sorted(
                (by_id[t] for t in dict.fromkeys(entry.builds_on) if t in by_id), key=lambda e: order[e.id]
            ),
            led_to=led_to[entry.id],
        )
        for entry in entries
    }
