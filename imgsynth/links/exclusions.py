"""The reviewed list of external links we do not check (``content/link-exclusions.yaml``).

Each exclusion names a ``url`` (a prefix) or a ``pattern`` (a regular expression), the
``reason`` it is excluded and the ``date`` it was last reviewed, so stale ones can be pruned.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from imgsynth.content.datafile import DataError, load_yaml_file
from imgsynth.links.errors import LinksConfigError

_EXAMPLE = "- url: https://example.org/page\n    reason: why it cannot be checked\n    date: 2024-01-31"


@dataclass(frozen=True)
class Exclusion:
    reason: str
    date: dt.date
    url: str | None = None
    pattern: re.Pattern[str] | None = None

    def matches(self, url: str) -> bool:
        if self.url is not None:
            return url.startswith(self.url)
        return bool(self.pattern and self.pattern.search(url))


@dataclass(frozen=True)
class Exclusions:
    items: tuple[Exclusion, ...] = ()

    def match(self, url: str) -> Exclusion | None:
        return next((item for item in self.items if item.matches(url)), None)


def load_exclusions(path: Path, shown: str | None = None, root: Path | None = None) -> Exclusions:
    """Read and validate the exclusions file; an absent file excludes nothing.

    Read through the hardened data-file reader (size, anchors/aliases, depth, ``FILE:LINE``);
    ``root`` is the repository (a symbolic link may only point inside it).
    """
    shown = shown or str(path)
    try:
        document = load_yaml_file(path, root=root, what="the link exclusions")
    except FileNotFoundError:
        return Exclusions()
    except DataError as error:
        raise LinksConfigError(f"{shown}:{error.line}", error.message) from None
    data = document.data or {}
    entries = data.get("exclusions") if isinstance(data, dict) else None
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        line = document.line_of(("exclusions",))
        raise LinksConfigError(f"{shown}:{line}", f"'exclusions' must be a list of entries like:\n  {_EXAMPLE}")
    return Exclusions(
        tuple(
            _exclusion(entry, f"{shown}:{document.line_of(('exclusions', n - 1))}: exclusion {n}")
            for n, entry in enumerate(entries, 1)
        )
    )


def _exclusion(entry: object, where: str) -> Exclusion:
    if not isinstance(entry, dict):
        raise LinksConfigError(where, f"expected a mapping like:\n  {_EXAMPLE}")
    unknown = set(entry) - {"url", "pattern", "reason", "date"}
    if unknown:
        raise LinksConfigError(where, f"unknown keys {sorted(unknown)}; use url or pattern, reason, date")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise LinksConfigError(where, "every exclusion needs a 'reason': why the link cannot be checked")
    date = entry.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            date = None
    if not isinstance(date, dt.date):
        raise LinksConfigError(where, "every exclusion needs the 'date' it was reviewed, as YYYY-MM-DD")
    url, pattern = entry.get("url"), entry.get("pattern")
    if (url is None) == (pattern is None):
        raise LinksConfigError(where, "give exactly one of 'url' (a prefix) or 'pattern' (a regular expression)")
    if url is not None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise LinksConfigError(where, f"'url' must start with http:// or https://, got {url!r}")
        return Exclusion(reason.strip(), date, url=url)
    try:
        compiled = re.compile(str(pattern))
    except re.error as error:
        raise LinksConfigError(where, f"'pattern' is not a valid regular expression: {error}") from None
    return Exclusion(reason.strip(), date, pattern=compiled)
