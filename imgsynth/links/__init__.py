"""Stage 5, link check: every link of the built site, internal always, external on request.

* :mod:`imgsynth.links.internal` — every link and anchor of a built site resolves (offline).
* :mod:`imgsynth.links.external` — a polite, concurrent checker for links to the outside web.

``hooks/links.py`` runs both after a build; ``scripts/check_links.py`` runs them on demand.
"""

from imgsynth.links.errors import LinksConfigError
from imgsynth.links.external import ExternalChecker
from imgsynth.links.internal import BrokenLink, check_site
from imgsynth.links.outcome import LinkResult, Outcome
from imgsynth.links.settings import CheckerSettings, HostPolicy

__all__ = [
    "BrokenLink",
    "CheckerSettings",
    "ExternalChecker",
    "HostPolicy",
    "LinkResult",
    "LinksConfigError",
    "Outcome",
    "check_site",
]
