"""Stage 5, link check: every link of the built site, internal always, external on request.

* :mod:`imgsynth.links.internal` — every link and anchor of a built site resolves (offline).
* :mod:`imgsynth.links.external` — a polite, concurrent checker for links to the outside web.

``hooks/links.py`` runs both after a build; ``scripts/check_links.py`` runs them on demand.
"""

from __future__ import annotations

from imgsynth.lazy import lazy_exports

# Imported on first use: the internal check runs on every build, the external checker (and the
# HTTP stack under it) only when asked for.
_EXPORTS = {
    "BrokenLink": "imgsynth.links.internal",
    "CheckerSettings": "imgsynth.links.settings",
    "ExternalChecker": "imgsynth.links.external",
    "HostPolicy": "imgsynth.links.settings",
    "LinkResult": "imgsynth.links.outcome",
    "LinksConfigError": "imgsynth.links.errors",
    "Outcome": "imgsynth.links.outcome",
    "check_site": "imgsynth.links.internal",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
