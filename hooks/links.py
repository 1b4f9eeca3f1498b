"""MkDocs hook: check the links of the built site (internal always, external on request).

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
from imgsynth.links.project import ENV_SWITCH
from imgsynth.links.redact import redact
from imgsynth_mkdocs import begin, i18n, project_root, state
from imgsynth_mkdocs.config import link_project

log = get_plugin_logger("links")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    begin(config)
    if i18n.inner_build(config):
        return config
    root = project_root(config)
    docs_dir = Path(config.docs_dir)
    docs = docs_dir.relative_to(root).as_posix() if docs_dir.is_relative_to(root) else str(docs_dir)
    try:
        state().extra["links"] = link_project(root, dict(config.extra), docs, config.site_url)
    except LinksConfigError as error:
        raise PluginError(f"Error in the link-check settings:\n{error}") from None
    return config


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if i18n.inner_build(config):
        return
    project = state().extra["links"]
    site_dir = Path(config.site_dir)
    rebuild = state().rebuild  # a partial rebuild (mkdocs serve --dirty): the links of the pages it wrote
    only = rebuild.built_html if rebuild is not None and rebuild.partial else None
    broken = check_site(site_dir, project.sources, project.site_url, only)
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
            log.warning(
                "broken external link %s (%s) in %s", redact(result.url), redact(result.reason), ", ".join(result.pages)
            )
        elif result.outcome is Outcome.UNKNOWN:
            log.info(
                "could not check %s (%s) in %s", redact(result.url), redact(result.reason), ", ".join(result.pages)
            )
    log.info(
        "external links: %d ok, %d broken, %d unknown, %d excluded",
        report.count(Outcome.OK),
        report.count(Outcome.BROKEN),
        report.count(Outcome.UNKNOWN),
        len(report.excluded),
    )
