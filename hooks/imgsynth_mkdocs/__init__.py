"""The MkDocs adapter: the one place that knows MkDocs, mkdocs-static-i18n and Material.

The hook files in ``hooks/`` (listed in ``mkdocs.yml``) are thin: they call this package, which
turns MkDocs' configuration into the core's inputs and the core's plan (:mod:`imgsynth.plan`)
into MkDocs files and page data.

* this module — per-build state shared by all hook files: the plan is loaded once per build
  (not once per hook, not once per language) and its warnings are logged once;
* :mod:`.config` — what the adapter reads from ``mkdocs.yml`` (also without MkDocs, for the CLI);
* :mod:`.i18n` — every private API of mkdocs-static-i18n and Material it touches;
* :mod:`.incremental` — ``mkdocs serve --dirty`` rebuilds only the pages an edit touches;
* :mod:`.alternates`, :mod:`.sitemaps` — absolute hreflang alternates and per-language sitemaps
  (workarounds for what the plugin and the theme do not do).

MkDocs puts ``hooks/`` on ``sys.path`` while it imports a hook file, so the hooks import this
package by name; scripts and tests add ``hooks/`` to ``sys.path`` themselves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from imgsynth.errors import ContentErrors
from imgsynth.plan import Plan, load_plan
from imgsynth.render.repo import RepoLinks
from imgsynth_mkdocs import i18n
from imgsynth_mkdocs.config import repo_links
from imgsynth_mkdocs.incremental import Rebuild

log = get_plugin_logger("imgsynth")


@dataclass
class BuildState:
    """What one build (all its languages) shares; reset when a new build starts."""

    plan: Plan | None = None
    head: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per-language data for the page head (``ty_head``), computed once per language."""
    page_meta: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    """(language, src_uri) of a generated page -> its metadata, set as ``page.meta``."""
    extra: dict[str, Any] = field(default_factory=dict)
    rebuild: Rebuild | None = None
    """What this build rebuilds (:mod:`.incremental`), decided in the first language's ``on_files``."""


_state = BuildState()


def begin(config: MkDocsConfig) -> None:
    """Called by every hook's ``on_config``: a new outer build resets the shared state.

    The other languages' builds (run by mkdocs-static-i18n inside the first one) keep it.
    """
    global _state
    if not i18n.inner_build(config) and _state.extra.get("config") is not config:
        _state = BuildState(extra={"config": config})


def state() -> BuildState:
    return _state


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def content_dir(config: MkDocsConfig) -> Path:
    return project_root(config) / config.extra.get("content_dir", "content")


def plan(config: MkDocsConfig) -> Plan:
    """The build's plan, loaded on first use; content problems become a PluginError."""
    if _state.plan is None:
        # opt-in arXiv fetch during the build: env ARXIV_FETCH=1 or `extra: arxiv_fetch: true`
        fetch = os.environ.get("ARXIV_FETCH", "") == "1" or config.extra.get("arxiv_fetch") is True
        try:
            loaded = load_plan(content_dir(config), project_root=project_root(config), fetch_papers=fetch)
        except ContentErrors as errors:
            raise PluginError(errors.report()) from None
        for note in loaded.notes:
            log.info(note)
        for warning in loaded.warnings:
            log.warning(warning)
        incomplete = loaded.incomplete_papers()
        if incomplete:  # info, not warning: offline seeded metadata must not fail `mkdocs build --strict`
            log.info(
                "%d papers have incomplete arXiv metadata; run 'make papers' when online "
                "(listed on the translation status page)",
                incomplete,
            )
        stale = loaded.stale_translations()
        if stale:  # info, not warning: a stale translation must not fail `mkdocs build --strict`
            log.info("%d entry languages to translate or re-check; see the translation status page", stale)
        _state.plan = loaded
    return _state.plan


def repo(config: MkDocsConfig) -> RepoLinks | None:
    return repo_links(config.repo_url, config.edit_uri)


__all__ = ["BuildState", "begin", "content_dir", "i18n", "plan", "project_root", "repo", "state"]
