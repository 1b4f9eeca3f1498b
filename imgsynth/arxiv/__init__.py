"""arXiv metadata: a polite API client, a namespace-aware feed parser, and the committed store.

Stage 2, enrich. ``scripts/fetch_papers.py`` and the build (opt-in) use the same :class:`Client`.
Names are imported on first use: a build that only reads ``content/arxiv.json`` never loads the
client or its HTTP stack.
"""

from __future__ import annotations

from imgsynth.lazy import lazy_exports

_EXPORTS = {
    "ApiError": "imgsynth.arxiv.errors",
    "Client": "imgsynth.arxiv.client",
    "FetchError": "imgsynth.arxiv.errors",
    "FetchReport": "imgsynth.arxiv.client",
    "MalformedFeed": "imgsynth.arxiv.errors",
    "StoreError": "imgsynth.arxiv.store",
    "load_papers": "imgsynth.arxiv.store",
    "merge_papers": "imgsynth.arxiv.store",
    "normalise_id": "imgsynth.arxiv.ids",
    "parse_feed": "imgsynth.arxiv.parse",
    "write_papers": "imgsynth.arxiv.store",
}

__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
