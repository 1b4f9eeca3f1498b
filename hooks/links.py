"""MkDocs adapter: check the links of the built site (internal always, external on request).

With mkdocs-static-i18n the other languages are built inside the default language's
``on_post_build`` (priority -100); this hook runs after it (-200) and skips the inner
per-language builds, so it checks once, when both languages are on disk.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from imgsynth.links import LinksConfigError, Outcome, check_site
from imgsynth.links.collect import external_links
from imgsynth.links.project import ENV_SWITCH, LinkProject

log = get_plugin_logger("links")

_build: dict[str, LinkProject] = {}
"""Per-build state; reset in on_config (hook modules live across `mkdocs serve` rebuilds)."""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _build.clear()
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    docs = docs_dir.relative_to(root).as_posix() if docs_dir.is_relative_to(root) else str(docs_dir)
    try:
        _build["project"] = LinkProject.from_extra(root, dict(config.extra), docs, config.site_url)
    except LinksConfigError as error:
        raise PluginError(f"Error in the link-check settings:\n{error}") from None
    return config


def _inner_language_build(config: MkDocsConfig) -> bool:
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if _inner_language_build(config):
        return
    project = _build["project"]
    site_dir = Path(config.site_dir)
    broken = check_site(site_dir, project.sources, project.site_url)
    if broken:
        noun = "link" if len(broken) == 1 else "links"
        lines = "\n".join(f"  {link}" for link in broken)
        raise PluginError(f"{len(broken)} broken internal {noun} in the built site:\n{lines}")
    log.debug("internal links and anchors: all resolve")
    if not project.external_wanted():
        log.debug("external links not checked (set %s=1 to check them)", ENV_SWITCH)
        return
    links = external_links(site_dir, project.sources, project.site_url)
    log.info("checking %d external links (%s=1)", len(links), ENV_SWITCH)
    report = project.external_checker().check(links)
    for result in report.results:
        if result.outcome is Outcome.BROKEN:
            log.warning("broken external link %s (%s) in %s", result.url, result.reason, ", ".join(result.pages))
        elif result.outcome is Outcome.UNKNOWN:
            log.info("could not check %s (%s) in %s", result.url, result.reason, ", ".join(result.pages))
    log.info(
        "external links: %d ok, %d broken, %d unknown, %d excluded",
        report.count(Outcome.OK),
        report.count(Outcome.BROKEN),
        report.count(Outcome.UNKNOWN),
        len(report.excluded),
    )
