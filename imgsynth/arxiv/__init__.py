"""arXiv metadata: a polite API client, a namespace-aware feed parser, and the committed store.

Stage 2, enrich. ``scripts/fetch_papers.py`` and the build (opt-in) use the same :class:`Client`.
"""

from imgsynth.arxiv.client import Client, FetchReport
from imgsynth.arxiv.errors import ApiError, FetchError, MalformedFeed
from imgsynth.arxiv.ids import normalise_id
from imgsynth.arxiv.parse import parse_feed
from imgsynth.arxiv.store import StoreError, load_papers, merge_papers, write_papers

__all__ = [
    "ApiError",
    "Client",
    "StoreError",
    "FetchError",
    "FetchReport",
    "MalformedFeed",
    "load_papers",
    "merge_papers",
    "normalise_id",
    "parse_feed",
    "write_papers",
]
