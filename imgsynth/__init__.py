"""Core of the "Ten Years of Image Synthesis" site.

This package knows nothing of MkDocs: it loads and validates milestone entries, keeps the
arXiv metadata, checks links and renders pages to Markdown/HTML strings. The files in
``hooks/`` adapt it to MkDocs events.
"""

LANGUAGES: tuple[str, ...] = ("zh", "en")
"""The site's languages; the first is the default, served at the site root."""

LANGUAGE_NAMES: dict[str, str] = {"zh": "中文", "en": "English"}
