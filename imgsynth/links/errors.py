"""Errors of the link checker that a contributor must fix (the hook turns them into PluginError)."""

from __future__ import annotations

from imgsynth.errors import ImgsynthError


class LinksConfigError(ImgsynthError):
    """The link-checker settings or the exclusions file are wrong: ``where``, then what to do."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}")
