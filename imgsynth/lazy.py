"""Names a package exports but imports on first use (PEP 562), so that importing the package
stays cheap: ``__getattr__ = lazy_exports(__name__, {"Name": "package.module", ...})``."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports each name of ``exports`` from its module when asked."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(importlib.import_module(exports[name]), name)
        raise AttributeError(f"module '{package}' has no attribute '{name}'")

    return __getattr__
