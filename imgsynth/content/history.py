"""When each content file was added to the site and when it last changed, from git.

One ``git log --name-status -M`` over the repository (not one process per file): walking the
history from the newest commit back, a file's newest commit is when it last changed and the
oldest one, following renames (as ``git log --follow`` would), is when it was added. Commit
(not author) dates: when the change landed in the repository. A given commit always gives the
same dates.

A file git does not know yet (new, not committed) takes the date of the current commit
(``HEAD``). Outside a git work tree, or without git, every file takes the build date:
``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_RECORD = "\x1e"  # starts each commit in the log output
_TIMEOUT = 60


@dataclass(frozen=True)
class FileDates:
    """When a file was added to the site and when it last changed (UTC)."""

    added: datetime.datetime
    changed: datetime.datetime
    source: str
    """``git`` (from the history), ``head`` (not committed yet) or ``build`` (no git)."""


def build_date() -> datetime.datetime:
    """``SOURCE_DATE_EPOCH`` when set, else now; UTC, whole seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)


def _git(root: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        result = subprocess.run(
            [git, "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=_TIMEOUT,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _parse_date(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.strip()).astimezone(datetime.UTC)


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding ``path``, or None."""
    folder = path if path.is_dir() else path.parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    return Path(top.strip()) if top and top.strip() else None


def head_date(root: Path) -> datetime.datetime | None:
    """The commit date of ``HEAD`` (None outside git or before the first commit)."""
    text = _git(root, "log", "-1", "--format=%cI", "HEAD")
    return _parse_date(text) if text and text.strip() else None


def file_dates(paths: Iterable[Path]) -> dict[Path, FileDates]:
    """``{resolved path: FileDates}`` for every path given (see the module's docstring)."""
    resolved = [Path(p).resolve() for p in paths]
    if not resolved:
        return {}
    top = work_tree(resolved[0])
    head = head_date(top) if top else None
    if top is None or head is None:
        now = build_date()
        return {path: FileDates(now, now, "build") for path in resolved}
    wanted = {path.relative_to(top).as_posix(): path for path in resolved if path.is_relative_to(top)}
    log = _git(top, "log", "-M", "--name-status", f"--format={_RECORD}%cI", "HEAD") or ""
    changed: dict[str, datetime.datetime] = {}
    added: dict[str, datetime.datetime] = {}
    by_name = {name: name for name in wanted}  # the name a file has at this point in history -> its name now
    for record in log.split(_RECORD)[1:]:  # newest commit first
        lines = [line for line in record.split("\n") if line.strip()]
        if not lines:
            continue
        date = _parse_date(lines[0])
        for line in lines[1:]:
            parts = line.split("\t")
            status = parts[0]
            if status.startswith("R") and len(parts) == 3 and parts[2] in by_name:
                current = by_name.pop(parts[2])
                by_name[parts[1]] = current  # older commits know it by its old name
            elif len(parts) == 2 and parts[1] in by_name:
                current = by_name[parts[1]]
                if status.startswith("A"):
                    del by_name[parts[1]]  # its first commit: nothing older is this file
            else:
                continue
            changed.setdefault(current, date)
            added[current] = date
    result = {}
    for name, path in wanted.items():
        if name in changed:
            result[path] = FileDates(added[name], changed[name], "git")
        else:
            result[path] = FileDates(head, head, "head")
    for path in resolved:
        result.setdefault(path, FileDates(head, head, "head"))
    return result
