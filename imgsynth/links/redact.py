"""Credentials in URLs never reach a report: ``https://user:secret@host/`` -> ``https://***@host/``.

Also the values of query parameters that usually carry secrets (``token``, ``key``,
``signature``...). Applied to every URL and reason the link checker writes or prints.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s]*@")
_SECRET_PARAMETER = re.compile(
    r"(?i)([?&;](?:access_token|token|api_?key|key|secret|client_secret|password|passwd|pwd|auth|"
    r"signature|sig|x-amz-signature|x-amz-credential|x-goog-signature|x-goog-credential)=)[^&#;\s]*"
)


def redact(text: str) -> str:
    """``text`` (a URL or a message holding URLs) with credentials replaced by ``***``."""
    text = _USERINFO.sub(lambda match: match.group(1) + "***@", text)
    return _SECRET_PARAMETER.sub(lambda match: match.group(1) + "***", text)


def has_credentials(url: str) -> bool:
    """True when ``url`` carries a user name or password, or a secret-looking query parameter."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return True
    return parts.username is not None or parts.password is not None or redact(url) != url
