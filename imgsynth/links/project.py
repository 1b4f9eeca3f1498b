"""Where this project keeps what the link checks need; shared by the hook and the CLI."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from imgsynth.links.arxiv import ArxivMetadata
from imgsynth.links.cache import ResultCache
from imgsynth.links.errors import LinksConfigError
from imgsynth.links.exclusions import Exclusions, load_exclusions
from imgsynth.links.external import ExternalChecker, Progress
from imgsynth.links.settings import CheckerSettings
from imgsynth.links.sources import SourceMap

EXCLUSIONS_FILE = "link-exclusions.yaml"
CACHE_FILE = ".cache/links/external.json"
ENV_SWITCH = "CHECK_EXTERNAL_LINKS"


@dataclass(frozen=True)
class LinkProject:
    root: Path
    sources: SourceMap
    settings: CheckerSettings
    exclusions: Exclusions
    options: dict[str, Any]
    site_url: str | None

    @classmethod
    def from_extra(
        cls, root: Path, extra: dict[str, Any], docs_dir: str = "docs", site_url: str | None = None
    ) -> LinkProject:
        """Read ``extra.content_dir`` and ``extra.links`` of ``mkdocs.yml`` (both optional)."""
        content_dir = str(extra.get("content_dir", "content"))
        options = extra.get("links") or {}
        if not isinstance(options, dict):
            raise LinksConfigError("mkdocs.yml (extra.links)", "expected a mapping of link-check settings")
        settings = CheckerSettings.from_mapping(options)
        exclusions_path = str(options.get("exclusions", f"{content_dir}/{EXCLUSIONS_FILE}"))
        exclusions = load_exclusions(root / exclusions_path, exclusions_path)
        return cls(root, SourceMap(root, docs_dir, content_dir), settings, exclusions, options, site_url)

    @classmethod
    def from_mkdocs_yml(cls, config_file: Path) -> LinkProject:
        """For the CLI: the same settings the build reads, without importing MkDocs."""
        try:
            data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
        except (OSError, yaml.YAMLError) as error:
            raise LinksConfigError(str(config_file), f"cannot read it: {error}") from None
        return cls.from_extra(
            config_file.parent, data.get("extra") or {}, str(data.get("docs_dir", "docs")), data.get("site_url")
        )

    def external_wanted(self) -> bool:
        """External links are checked only when asked: ``CHECK_EXTERNAL_LINKS=1`` or ``extra.links.external``."""
        env = os.environ.get(ENV_SWITCH, "").strip().lower()
        if env:
            return env not in ("0", "false", "no", "off")
        return bool(self.options.get("external", False))

    def external_checker(
        self,
        *,
        use_cache: bool = True,
        second_pass: bool = True,
        progress: Progress | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> ExternalChecker:
        cache_path = self.root / str(self.options.get("cache_dir", ".cache/links")) / "external.json"
        cache = ResultCache(cache_path if use_cache else None, self.settings.cache_days)
        arxiv = ArxivMetadata(
            self.root / self.sources.content_dir / "arxiv.json", f"{self.sources.content_dir}/arxiv.json"
        )
        extra: dict[str, Any] = {"sleep": sleep} if sleep else {}
        return ExternalChecker(
            self.settings,
            cache=cache,
            exclusions=self.exclusions,
            arxiv=arxiv,
            second_pass=second_pass,
            progress=progress,
            **extra,
        )


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!ENV`` or ``!!python/name:`` tags; the link settings never do."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
