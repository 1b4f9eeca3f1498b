"""Stage 1, content and validation: read ``content/`` into a validated :class:`~imgsynth.content.load.Content`.

* :mod:`.entries` — the model (entries, links, annotations) and the prose split by language;
* :mod:`.frontmatter` — safe, bounded YAML with line numbers; :mod:`.dates` — partial dates;
* :mod:`.schema` (+ ``entry.schema.json``) — the entry format, defined once;
* :mod:`.vocabulary` — eras and kinds; :mod:`.lineage` — ``builds_on`` and its reverse;
* :mod:`.translation` — which version of the facts each language was written against;
* :mod:`.load` — loads the tree and reports every problem as ``FILE:LINE: message``.
"""

MILESTONES_DIR = "milestones"
"""Folder of the entry files under ``content/``, and of the entry pages in the site."""


def entry_src_uri(entry_id: str) -> str:
    """The generated page of an entry, relative to a language's root (``milestones/gan.md``)."""
    return f"{MILESTONES_DIR}/{entry_id}.md"


def entry_url(entry_id: str) -> str:
    """The URL of an entry's page, relative to a language's root (``milestones/gan/``)."""
    return f"{MILESTONES_DIR}/{entry_id}/"
