"""arXiv identifiers: version-less ids, as the content and the store use them."""

from __future__ import annotations

import re

_ID = re.compile(
    r"^(?:arxiv:)?(?P<id>[0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})(?:v(?P<version>[0-9]+))?$", re.IGNORECASE
)
_ABS = re.compile(r"/abs/(?P<id>.+?)(?:v(?P<version>[0-9]+))?$")


def normalise_id(text: str) -> str:
    """``arXiv:1706.03762v7`` -> ``1706.03762``; anything else is returned stripped, for arXiv to judge."""
    text = text.strip()
    match = _ID.match(text)
    return match.group("id") if match else text


def split_abs_url(url: str) -> tuple[str, int | None]:
    """``http://arxiv.org/abs/1706.03762v7`` -> (``1706.03762``, 7)."""
    match = _ABS.search(url.strip())
    if not match:
        return url.strip(), None
    version = match.group("version")
    return match.group("id"), int(version) if version else None
