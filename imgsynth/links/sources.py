"""Map a page of the built site back to the file a contributor edits.

``milestones/<id>/index.html`` and ``<lang>/milestones/<id>/index.html`` come from
``content/milestones/<id>.md``; so does anything inside ``<li id="<id>">`` on a page (the
timeline items of the home page). Other pages come from ``docs/<name>.md`` (default
language) or ``docs/<name>.<lang>.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from imgsynth.content import MILESTONES_DIR
from imgsynth.languages import LANGUAGES


@dataclass(frozen=True)
class SourceMap:
    root: Path
    """The project folder (where the site configuration is); sources are reported relative to it."""
    docs_dir: str = "docs"
    content_dir: str = "content"
    config_name: str = "the site configuration"
    """The file that defines the theme's header, navigation and footer (the site configuration)."""
    entry_dir: str = MILESTONES_DIR
    languages: tuple[str, ...] = LANGUAGES

    def entry_source(self, entry_id: str) -> str | None:
        path = f"{self.content_dir}/{self.entry_dir}/{entry_id}.md"
        return path if (self.root / path).is_file() else None

    def split_language(self, page: str) -> tuple[str, str]:
        """``en/about/index.html`` -> (``en``, ``about/index.html``)."""
        first, _, rest = page.partition("/")
        if first in self.languages[1:] and rest:
            return first, rest
        if first in self.languages[1:]:
            return first, "index.html"
        return self.languages[0], page

    def source_for(self, page: str, item: str | None = None, chrome: bool = False) -> str:
        """The file to edit for a link on site page ``page`` (a path like ``about/index.html``).

        ``chrome`` links (the theme's header, navigation, footer) come from the site configuration;
        callers pass False for a language switch, which is generated for each page.
        """
        if item and (source := self.entry_source(item)):
            return source
        if chrome:
            return f"{self.config_name} (theme header, navigation or footer)"
        lang, rest = self.split_language(page)
        parts = PurePosixPath(rest).parts
        if len(parts) == 3 and parts[0] == self.entry_dir and parts[2] == "index.html":
            return self.entry_source(parts[1]) or f"{self.content_dir}/{self.entry_dir}/{parts[1]}.md"
        if rest == "404.html":
            return "404.html (the theme's 404 page)"
        if rest == "index.html":
            name = "index"
        elif rest.endswith("/index.html"):
            name = rest.removesuffix("/index.html")
        else:
            name = rest.removesuffix(".html")
        candidates = [f"{self.docs_dir}/{name}.md"]
        if lang != self.languages[0]:
            candidates.insert(0, f"{self.docs_dir}/{name}.{lang}.md")
        for candidate in candidates:
            if (self.root / candidate).is_file():
                return candidate
        return f"{page} (generated page)"
