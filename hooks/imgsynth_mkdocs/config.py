"""What the adapter reads from ``mkdocs.yml``, and the one way to run MkDocs.

Imports nothing of MkDocs itself: ``scripts/check_links.py`` reads the link settings
the build reads (:func:`link_project_from_file`), and scripts and tests run MkDocs through
:func:`mkdocs_command`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from imgsynth.links.errors import LinksConfigError
from imgsynth.links.project import LinkProject
from imgsynth.render.repo import RepoLinks

CONFIG_FILE = "mkdocs.yml"
LINK_SETTINGS = f"{CONFIG_FILE} (extra.links)"
"""Where the link-check settings are written, as error messages name it."""


SERVE_ARGS = ("serve", "--dirty")
"""How ``make serve`` runs MkDocs (``scripts/serve.py``), and so how ``scripts/bench_serve.py``
and the serve tests run it: ``--dirty`` rebuilds only the pages an edit touches (``imgsynth_mkdocs.incremental``)."""


def mkdocs_command(*args: str) -> list[str]:
    """The command line that runs MkDocs with this Python (``mkdocs build ...``)."""
    return [sys.executable, "-m", "mkdocs", *args]


def serve_command(*args: str) -> list[str]:
    """``make serve``'s command line, with ``args`` (address, config file) added."""
    return mkdocs_command(*SERVE_ARGS, *args)


def repo_links(repo_url: str | None, edit_uri: str | None) -> RepoLinks | None:
    """From MkDocs' ``repo_url`` and ``edit_uri`` (``edit/<branch>/docs/``); None without a repo."""
    if not repo_url:
        return None
    parts = [part for part in (edit_uri or "").strip("/").split("/") if part]
    branch = parts[1] if len(parts) >= 2 and parts[0] in ("edit", "blob") else "main"
    return RepoLinks(repo_url.rstrip("/"), branch)


def link_project(root: Path, extra: dict[str, Any], docs_dir: str, site_url: str | None) -> LinkProject:
    """The link checks' settings from ``extra.content_dir`` and ``extra.links`` (both optional)."""
    return LinkProject.create(
        root,
        extra.get("links"),
        content_dir=str(extra.get("content_dir", "content")),
        docs_dir=docs_dir,
        site_url=site_url,
        config_name=LINK_SETTINGS,
    )


def link_project_from_file(config_file: Path) -> LinkProject:
    """For the CLI: the same settings the build reads, read without running MkDocs."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError) as error:
        raise LinksConfigError(str(config_file), f"cannot read it: {error}") from None
    return link_project(
        config_file.parent, data.get("extra") or {}, str(data.get("docs_dir", "docs")), data.get("site_url")
    )


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!ENV`` or ``!!python/name:`` tags; the link settings never do."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
