"""The site's languages, defined once: ids, path prefixes, locales and names.

The first language is the default: it is served at the site root, every other language under
``<id>/``. Everything that needs a language list, a prefix or a name reads it from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    id: str
    """The id in entry files (``<!-- lang: zh -->``, ``title: {zh: ...}``) and in ``LANG=``."""
    locale: str
    """Open Graph ``og:locale`` (``zh_CN``)."""
    name: str
    """The language's name in itself, as readers see it (``中文``)."""
    label: str
    """Its English name, as messages to contributors use it (``Chinese``)."""


TABLE: tuple[Language, ...] = (
    Language("zh", "zh_CN", "中文", "Chinese"),
    Language("en", "en_US", "English", "English"),
)

LANGUAGES: tuple[str, ...] = tuple(language.id for language in TABLE)
"""The language ids, default first."""

DEFAULT: str = LANGUAGES[0]

BY_ID: dict[str, Language] = {language.id: language for language in TABLE}


def prefix(lang: str) -> str:
    """Path prefix of a language's pages: the default language lives at the site root."""
    return "" if lang == DEFAULT else f"{lang}/"


def name(lang: str) -> str:
    return BY_ID[lang].name


def label(lang: str) -> str:
    return BY_ID[lang].label


def locale(lang: str) -> str:
    return BY_ID[lang].locale if lang in BY_ID else lang


def other(lang: str) -> str:
    """The other language of a two-language site."""
    return next(item for item in LANGUAGES if item != lang)
