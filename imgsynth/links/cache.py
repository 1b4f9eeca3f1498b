"""Remember successful checks for a while (``.cache/links/external.json``).

Only successes are stored: a failure, an unknown (a bot wall included) and a URL carrying
credentials are always checked again. The file is read through the hardened data-file reader
(size, depth and repeated keys checked); a cache problem never stops a check: an unreadable
file is reported in :attr:`ResultCache.problems` and the check starts with an empty cache, and
entries that are malformed or dated in the future are dropped (and counted there). The file is
written atomically (temp file in the same folder, then replace), as often as the caller saves.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from imgsynth.content.datafile import DataError, load_json_file
from imgsynth.links.redact import has_credentials

MAX_FILE_BYTES = 16 * 1024 * 1024
FUTURE_SLACK = 300.0
"""Seconds a ``checked`` time may lie ahead of this machine's clock (clock skew) before it is dropped."""


@dataclass(frozen=True)
class CachedSuccess:
    status: int | None


class ResultCache:
    def __init__(self, path: Path | None, max_age_days: float = 7.0, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.max_age = max_age_days * 86400
        self.clock = clock
        self.problems: list[str] = []
        """What was wrong with the file (each ``FILE[:LINE]: message``); the check went on regardless."""
        self._lock = threading.Lock()
        self._entries: dict[str, dict[str, float | int | None]] = self._load()

    def _load(self) -> dict[str, dict[str, float | int | None]]:
        if self.path is None:
            return {}
        shown = str(self.path)
        try:
            document = load_json_file(self.path, limit=MAX_FILE_BYTES, max_depth=4)
        except FileNotFoundError:
            return {}
        except DataError as error:
            self.problems.append(f"{shown}:{error.line}: {error.message} Starting with an empty link cache.")
            return {}
        data = document.data
        if not isinstance(data, dict):
            self.problems.append(
                f"{shown}:1: expected an object mapping each URL to {{checked, status}}; starting with an empty link cache."
            )
            return {}
        now = self.clock()
        kept: dict[str, dict[str, float | int | None]] = {}
        malformed = future = 0
        for url, entry in data.items():
            if not _valid(url, entry):
                malformed += 1
            elif entry["checked"] > now + FUTURE_SLACK:
                future += 1
            else:
                kept[url] = {"checked": float(entry["checked"]), "status": entry.get("status")}
        if malformed or future:
            self.problems.append(
                f"{shown}: dropped {malformed} malformed and {future} future-dated entries; those links are checked again."
            )
        return kept

    def fresh(self, url: str) -> CachedSuccess | None:
        """The success remembered for ``url`` if it is recent enough, else None."""
        with self._lock:
            entry = self._entries.get(url)
        if entry is None:
            return None
        age = self.clock() - float(entry["checked"] or 0)
        if age > self.max_age or age < -FUTURE_SLACK:
            return None
        status = entry.get("status")
        return CachedSuccess(int(status) if status is not None else None)

    def remember(self, url: str, status: int | None) -> None:
        """Remember a success (never for a URL with credentials in it)."""
        if has_credentials(url):
            return
        with self._lock:
            self._entries[url] = {"checked": self.clock(), "status": status}

    def save(self) -> None:
        if self.path is None:
            return
        now = self.clock()
        with self._lock:
            kept = {
                url: dict(entry)
                for url, entry in sorted(self._entries.items())
                if now - float(entry["checked"] or 0) <= self.max_age
            }
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".links-", suffix=".json.tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(kept, handle, indent=1)
            os.replace(tmp, self.path)
            tmp = None
        except OSError as error:
            message = f"{self.path}: could not write the link cache ({error.strerror or error})."
            if message not in self.problems:
                self.problems.append(message)
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


def _valid(url: object, entry: object) -> bool:
    if not isinstance(url, str) or not url.startswith(("http://", "https://")) or has_credentials(url):
        return False
    if not isinstance(entry, dict) or not set(entry) <= {"checked", "status"}:
        return False
    checked, status = entry.get("checked"), entry.get("status")
    if isinstance(checked, bool) or not isinstance(checked, int | float) or not math.isfinite(checked) or checked <= 0:
        return False
    return status is None or (isinstance(status, int) and not isinstance(status, bool) and 100 <= status <= 599)
