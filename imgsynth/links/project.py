"""Where this project keeps what the link checks need; shared by the build adapter and the CLI.

The settings come from the site's configuration file; the adapter (``hooks/``) reads that file
and hands them to :meth:`LinkProject.create`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imgsynth.links.arxiv import ArxivMetadata
from imgsynth.links.cache import ResultCache
from imgsynth.links.errors import LinksConfigError
from imgsynth.links.exclusions import Exclusions, load_exclusions
from imgsynth.links.settings import CheckerSettings
from imgsynth.links.sources import SourceMap

if TYPE_CHECKING:  # the external checker (and its HTTP stack) is imported only when it runs
    from imgsynth.links.external import ExternalChecker, Progress

EXCLUSIONS_FILE = "link-exclusions.yaml"
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
    def create(
        cls,
        root: Path,
        options: dict[str, Any] | None,
        *,
        content_dir: str = "content",
        docs_dir: str = "docs",
        site_url: str | None = None,
        config_name: str = "the site configuration",
    ) -> LinkProject:
        """From the link-check settings (``options``, all optional) of the project at ``root``.

        ``config_name`` names where the settings are written, for error messages
        (e.g. the configuration file and the key).
        """
        options = options or {}
        if not isinstance(options, dict):
            raise LinksConfigError(config_name, "expected a mapping of link-check settings")
        settings = CheckerSettings.from_mapping(options, config_name)
        exclusions_path = str(options.get("exclusions", f"{content_dir}/{EXCLUSIONS_FILE}"))
        exclusions = load_exclusions(root / exclusions_path, exclusions_path, root)
        sources = SourceMap(root, docs_dir, content_dir, config_name=config_name.split(" (")[0])
        return cls(root, sources, settings, exclusions, options, site_url)

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
        from imgsynth.links.external import ExternalChecker

        cache_path = self.root / str(self.options.get("cache_dir", ".cache/links")) / "external.json"
        cache = ResultCache(cache_path if use_cache else None, self.settings.cache_days)
        arxiv = ArxivMetadata(
            self.root / self.sources.content_dir / "arxiv.json", f"{self.sources.content_dir}/arxiv.json", self.root
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
