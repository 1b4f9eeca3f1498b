"""Remember successful checks for a while (``.cache/links/external.json``).

Only successes are stored: a failure is always checked again. Cache I/O problems never
stop a check; the file is written atomically (temp file in the same folder, then replace).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CachedSuccess:
    status: int | None


class ResultCache:
    def __init__(self, path: Path | None, max_age_days: float = 7.0, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.max_age = max_age_days * 86400
        self.clock = clock
        self._entries: dict[str, dict[str, float | int | None]] = self._load()

    def _load(self) -> dict[str, dict[str, float | int | None]]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {url: entry for url, entry in data.items() if isinstance(entry, dict) and "checked" in entry}
        except (OSError, ValueError, AttributeError) as error:
            log.debug("ignoring unreadable link cache %s: %s", self.path, error)
            return {}

    def fresh(self, url: str) -> CachedSuccess | None:
        """The success remembered for ``url`` if it is recent enough, else None."""
        entry = self._entries.get(url)
        if entry is None or self.clock() - float(entry["checked"] or 0) > self.max_age:
            return None
        status = entry.get("status")
        return CachedSuccess(int(status) if status is not None else None)

    def remember(self, url: str, status: int | None) -> None:
        self._entries[url] = {"checked": self.clock(), "status": status}

    def save(self) -> None:
        if self.path is None:
            return
        now = self.clock()
        kept = {url: e for url, e in sorted(self._entries.items()) if now - float(e["checked"] or 0) <= self.max_age}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".links-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(kept, handle, indent=1)
            os.replace(tmp, self.path)
        except OSError as error:
            log.debug("could not write the link cache %s: %s", self.path, error)
