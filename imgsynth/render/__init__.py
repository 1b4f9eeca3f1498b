"""Stage 3, render: the timeline, entry pages, cards, overview and page metadata as Markdown strings.

* :mod:`.pages` — the timeline, entry pages, annotations and translation status of a language;
* :mod:`.card` — a work's card (arXiv or the entry's own facts); :mod:`.bibtex` — its record;
* :mod:`.overview` — the SVG overview; :mod:`.pagemeta` — description and ``citation_*`` facts;
* :mod:`.markdown`, :mod:`.latex` — the contributor's Markdown and arXiv's LaTeX-ish text;
* :mod:`.repo` — edit and suggest-a-correction links into the repository.

Everything that is not the contributor's own Markdown prose goes through Jinja2 with
autoescaping, so titles, metadata and arXiv text are inert text in the page.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
import yaml

from imgsynth.content import MILESTONES_DIR
from imgsynth.languages import LANGUAGES
from imgsynth.render.typography import tidy


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """Interface words per language (``render/strings.yaml``)."""
    text = resources.files(__package__).joinpath("strings.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for lang in LANGUAGES:
        missing = set(data[LANGUAGES[0]]) - set(data.get(lang, {}))
        if missing:
            raise ValueError(f"render/strings.yaml: '{lang}' lacks {sorted(missing)}")
    return data


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment for our templates: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("imgsynth.render", "templates"),
        autoescape=True,
        auto_reload=False,  # templates ship with the package; no stat() per render
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # '{#id}' is Markdown's attribute list; keep Jinja comments out of its way
        comment_start_string="{%#",
        comment_end_string="#%}",
    )
    env.filters["md"] = markdown_escape
    env.filters["tidy"] = tidy  # the language's typography: {{ text|tidy(lang) }}
    env.globals["entry_dir"] = MILESTONES_DIR
    return env


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]{}#|"})


def markdown_escape(text: str) -> str:
    """Backslash-escape Markdown punctuation so a title stays literal text in Markdown."""
    return str(text).translate(_MARKDOWN_SPECIALS)


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
