"""Review aid: what a change does to the milestones, as Markdown for a pull request's job page.

Compares the entry files of a base commit with those of the working tree (in CI: the pull
request's head): milestones added and removed, the facts that changed (front matter, key by key),
which languages' prose changed, and the translation status afterwards. Entries are matched by
their ``id`` (so a renamed file is a change, not a removal and an addition). Reads
git with plain ``git`` commands.

Everything it prints from the compared files (ids, titles, paths, keys, values, messages) is
escaped for Markdown and HTML (:mod:`imgsynth.mdescape`): a pull request cannot forge the
summary, add links, images or HTML to it. Symbolic links and oversized files are not read (a
pull request could point one at a file of the machine that runs the review).
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imgsynth.content.entries import split_prose
from imgsynth.content.frontmatter import FrontMatterError, parse
from imgsynth.content.translation import (
    CURRENT,
    MISSING,
    STALE,
    TRANSLATION_KEY,
    expected_hash,
    facts_of,
    normalise_prose,
)
from imgsynth.errors import ImgsynthError
from imgsynth.languages import LANGUAGES
from imgsynth.languages import name as language_name
from imgsynth.mdescape import code, link, text

MAX_VALUE = 100
"""Longest value shown in a table cell; longer ones are cut with an ellipsis."""
MAX_FILE_BYTES = 256 * 1024
"""Larger entry files are not read (an entry may be at most this big)."""
_ARXIV_ID = re.compile(r"^(?:[0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})$")


class Unreadable(str):
    """Stands for a file's bytes when the file is not read: says why."""


class GitError(ImgsynthError):
    """A git command failed; the message says what to do."""


@dataclass
class Snapshot:
    """One entry file at one side of the comparison."""

    path: str
    data: dict[str, Any] = field(default_factory=dict)
    prose: dict[str, str] = field(default_factory=dict)
    error: str = ""

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) and value else Path(self.path).stem

    def title(self) -> str:
        title = self.data.get("title")
        if not isinstance(title, dict):
            return ""
        return " / ".join(str(title[lang]) for lang in LANGUAGES if title.get(lang))


def read_snapshot(path: str, raw: bytes) -> Snapshot:
    """Parse an entry file leniently: a broken file becomes a snapshot with its error."""
    if isinstance(raw, Unreadable):
        return Snapshot(path, error=str(raw))
    try:
        document = parse(raw)
    except FrontMatterError as error:
        return Snapshot(path, error=f"line {error.line}: {error.message}")
    prose, _markers, _problems = split_prose(document.body, document.body_start_line)
    return Snapshot(path, data=document.data, prose=prose)


@dataclass
class EntryChange:
    """One milestone that differs between the two sides."""

    id: str
    before: Snapshot | None
    after: Snapshot | None

    @property
    def status(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


def compare(before: dict[str, bytes], after: dict[str, bytes]) -> list[EntryChange]:
    """The entries (path -> file bytes on each side) that were added, removed or changed, by id."""
    old = {snap.id: snap for snap in (read_snapshot(p, raw) for p, raw in sorted(before.items()))}
    new = {snap.id: snap for snap in (read_snapshot(p, raw) for p, raw in sorted(after.items()))}
    changes = []
    for entry_id in sorted(old.keys() | new.keys()):
        a, b = old.get(entry_id), new.get(entry_id)
        if a and b and a.path == b.path and before[a.path] == after[b.path]:
            continue
        changes.append(EntryChange(entry_id, a, b))
    return changes


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested front matter as ``{"title.en": ..., "links[0].url": ...}``; lists of scalars stay whole."""
    if isinstance(value, dict):
        items: dict[str, Any] = {}
        for key, item in value.items():
            items.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return items
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        items = {}
        for index, item in enumerate(value):
            items.update(flatten(item, f"{prefix}[{index}]"))
        return items
    return {prefix: value}


def fact_changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(key, old, new) for every fact that differs; the translation record is not a fact."""
    old, new = flatten(facts_of(before)), flatten(facts_of(after))
    missing = object()
    rows = []
    for key in list(old) + [k for k in new if k not in old]:
        a, b = old.get(key, missing), new.get(key, missing)
        if a != b:
            rows.append((key, None if a is missing else a, None if b is missing else b))
    return rows


def translation_states(snapshot: Snapshot) -> dict[str, str]:
    """current / stale / missing per language, as ``make check`` would report them."""
    record = snapshot.data.get(TRANSLATION_KEY)
    record = record if isinstance(record, dict) else {}
    states = {}
    for lang in LANGUAGES:
        recorded = record.get(lang)
        if not recorded:
            states[lang] = MISSING
        else:
            states[lang] = CURRENT if recorded == expected_hash(snapshot.data, snapshot.prose, lang) else STALE
    return states


# --- Markdown ---------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    shown = " ".join(shown.split())
    if len(shown) > MAX_VALUE:
        shown = shown[: MAX_VALUE - 1] + "…"
    return code(shown, in_table=True)


def _facts_line(snapshot: Snapshot) -> str:
    data = snapshot.data
    parts = [text(data.get(key)) for key in ("date", "era", "kind") if data.get(key)]
    arxiv = data.get("arxiv")
    if isinstance(arxiv, str) and _ARXIV_ID.match(arxiv):
        parts.append(f"arXiv {link(arxiv, f'https://arxiv.org/abs/{arxiv}')}")
    elif arxiv:
        parts.append(f"arXiv {code(str(arxiv))} (not an arXiv id)")
    parts.append(code(snapshot.path))
    return " · ".join(parts)


def _prose_line(before: Snapshot, after: Snapshot) -> str:
    parts = []
    for lang in LANGUAGES:
        old, new = normalise_prose(before.prose.get(lang, "")), normalise_prose(after.prose.get(lang, ""))
        if old == new:
            parts.append(f"{language_name(lang)} unchanged")
        elif not old:
            parts.append(f"{language_name(lang)} **written**")
        elif not new:
            parts.append(f"{language_name(lang)} **removed**")
        else:
            delta = len(new) - len(old)
            parts.append(f"{language_name(lang)} **changed** ({'+' if delta >= 0 else '−'}{abs(delta)} characters)")
    return "Prose: " + " · ".join(parts)


def _translation_line(snapshot: Snapshot) -> str:
    states = translation_states(snapshot)
    labels = {CURRENT: "up to date", STALE: "⚠️ may be out of date", MISSING: "not recorded"}
    line = "Translation: " + " · ".join(f"{language_name(lang)} {labels[states[lang]]}" for lang in LANGUAGES)
    todo = [lang for lang in LANGUAGES if states[lang] != CURRENT]
    if todo:
        lang_arg = f" LANG={todo[0]}" if len(todo) == 1 else ""
        line += f" — once updated: {code(f'make translated ID={snapshot.id}{lang_arg}')}"
    return line


def _heading(snapshot: Snapshot) -> str:
    title = snapshot.data.get("title")
    parts = [text(title[lang]) for lang in LANGUAGES if isinstance(title, dict) and title.get(lang)]
    return code(snapshot.id) + (f" — {' / '.join(parts)}" if parts else "")


def summary_markdown(changes: list[EntryChange], base_label: str) -> str:
    """The review summary: counts, then added, removed and changed milestones."""
    lines = [f"## Milestones changed since {base_label}", ""]  # base_label: made by review(), escaped there
    if not changes:
        return "\n".join(lines + ["No milestone entry changed.", ""])
    groups = {status: [c for c in changes if c.status == status] for status in ("added", "removed", "changed")}
    lines += [" · ".join(f"{len(items)} {status}" for status, items in groups.items()), ""]
    if groups["added"]:
        lines += ["### Added", ""]
        for change in groups["added"]:
            after = change.after
            assert after is not None
            if after.error:
                lines.append(f"- {code(after.id)} — ⚠️ cannot be read ({code(after.path)}, {text(after.error)})")
                continue
            lines += [f"- **{_heading(after)}**", f"  - {_facts_line(after)}", f"  - {_translation_line(after)}"]
        lines.append("")
    if groups["removed"]:
        lines += ["### Removed", ""]
        for change in groups["removed"]:
            before = change.before
            assert before is not None
            lines.append(f"- ~~{_heading(before)}~~ ({code(before.path)})")
        lines.append("")
    record_only = [c for c in groups["changed"] if only_record_changed(c)]
    if len(record_only) < len(groups["changed"]):
        lines += ["### Changed", ""]
        for change in groups["changed"]:
            if change not in record_only:
                lines += _changed_section(change)
    if record_only:
        names = ", ".join(code(change.id) for change in record_only)
        lines += [
            "### Translation record only",
            "",
            f"No fact or prose changed; `translation:` recorded again: {names}",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def only_record_changed(change: EntryChange) -> bool:
    """Same file, same facts, same prose: only the ``translation:`` record differs."""
    before, after = change.before, change.after
    if before is None or after is None or before.error or after.error or before.path != after.path:
        return False
    same_prose = all(
        normalise_prose(before.prose.get(lang, "")) == normalise_prose(after.prose.get(lang, "")) for lang in LANGUAGES
    )
    return same_prose and not fact_changes(before.data, after.data)


def _changed_section(change: EntryChange) -> list[str]:
    before, after = change.before, change.after
    assert before is not None and after is not None
    lines = [f"#### {_heading(after)}", ""]
    if before.path != after.path:
        lines += [f"File renamed: {code(before.path)} → {code(after.path)}", ""]
    if after.error or before.error:
        side, snap = ("now", after) if after.error else ("before", before)
        return lines + [f"⚠️ The file cannot be read {side} ({code(snap.path)}, {text(snap.error)}).", ""]
    rows = fact_changes(before.data, after.data)
    if rows:
        lines += ["| Fact | Before | After |", "| --- | --- | --- |"]
        lines += [f"| {code(key, in_table=True)} | {_cell(old)} | {_cell(new)} |" for key, old, new in rows]
        lines.append("")
    else:
        lines += ["No fact changed.", ""]
    lines += [f"- {_prose_line(before, after)}", f"- {_translation_line(after)}", ""]
    return lines


# --- git --------------------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH.") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"`git {' '.join(args)}` failed: {message[-1] if message else 'no message'}")
    return result.stdout


def merge_base(repo: Path, base: str) -> str:
    """The commit the working tree is compared with: where HEAD branched off ``base``."""
    try:
        _git(repo, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    except GitError:
        raise GitError(
            f"git does not know '{base}'; fetch it first (e.g. `git fetch origin main`) "
            "or pass a commit or branch name."
        ) from None
    try:
        return _git(repo, "merge-base", base, "HEAD").decode().strip()
    except GitError:
        raise GitError(
            f"'{base}' and HEAD have no common history; in CI, check out with full history "
            "(actions/checkout with fetch-depth: 0)."
        ) from None


def files_at(repo: Path, commit: str, folder: str) -> dict[str, bytes]:
    """``folder/*.md`` as committed at ``commit`` (path -> bytes); a symbolic link is not read."""
    if not _has_folder(repo, commit, folder):
        return {}
    listing = _git(repo, "ls-tree", "-z", "-l", f"{commit}:{folder}").decode("utf-8", "replace")
    files: dict[str, bytes] = {}
    for row in filter(None, listing.split("\0")):
        meta, _, name = row.partition("\t")
        mode, kind, _sha, size = meta.split()
        if not name.endswith(".md"):
            continue
        path = f"{folder}/{name}"
        if mode == "120000":
            files[path] = Unreadable("a symbolic link; not read")
        elif kind != "blob":
            continue
        elif size.isdigit() and int(size) > MAX_FILE_BYTES:
            files[path] = Unreadable(f"{int(size):,} bytes, more than an entry may have; not read")
        else:
            files[path] = _git(repo, "show", f"{commit}:{path}")
    return files


def _has_folder(repo: Path, commit: str, folder: str) -> bool:
    try:
        _git(repo, "rev-parse", "--verify", "--quiet", f"{commit}:{folder}")
    except GitError:
        return False
    return True


def files_in_worktree(repo: Path, folder: str) -> dict[str, bytes]:
    """``folder/*.md`` as they are on disk now (path -> bytes).

    Symbolic links, anything that is not a regular file and oversized files are not read: the
    review runs on a pull request's files, and a link could point at any file of the machine.
    """
    directory = repo / folder
    files: dict[str, bytes] = {}
    for path in sorted(directory.glob("*.md")):
        shown = f"{folder}/{path.name}"
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            files[shown] = Unreadable("a symbolic link; not read")
        elif not stat.S_ISREG(info.st_mode):
            files[shown] = Unreadable("not a regular file; not read")
        elif info.st_size > MAX_FILE_BYTES:
            files[shown] = Unreadable(f"{info.st_size:,} bytes, more than an entry may have; not read")
        else:
            with open(path, "rb") as handle:
                files[shown] = handle.read(MAX_FILE_BYTES + 1)
    return files


def review(repo: Path, base: str, folder: str = "content/milestones") -> str:
    """The summary Markdown for the working tree of ``repo`` against ``base``."""
    commit = merge_base(repo, base)
    label = f"{code(base)} ({code(commit[:7])})"
    changes = compare(files_at(repo, commit, folder), files_in_worktree(repo, folder))
    return summary_markdown(changes, label)
