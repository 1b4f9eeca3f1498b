"""The theme's Jinja templates, compiled once and kept between builds.

MkDocs makes a new Jinja environment for every build, so Material's templates (and their many
partials) are compiled again on every build and on every rebuild of ``mkdocs serve``. A
bytecode cache on disk (``.cache/jinja/``) keeps the compiled code: Jinja checks each entry
against a checksum of the template's source, so an edited template is compiled again.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

CACHE_DIR = ".cache/jinja"

_caches: dict[Path, jinja2.BytecodeCache] = {}


def use_bytecode_cache(env: jinja2.Environment, project_root: Path) -> None:
    folder = project_root / CACHE_DIR
    if folder not in _caches:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # a read-only checkout builds as before, compiling every template
            return
        _caches[folder] = _MemoryFirstCache(jinja2.FileSystemBytecodeCache(str(folder)))
    env.bytecode_cache = _caches[folder]


class _MemoryFirstCache(jinja2.BytecodeCache):
    """Bytecode kept in memory across the rebuilds of one process, backed by the cache on disk."""

    def __init__(self, disk: jinja2.FileSystemBytecodeCache) -> None:
        self.disk = disk
        self.memory: dict[str, tuple[str, bytes]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        held = self.memory.get(bucket.key)
        if held and held[0] == bucket.checksum:
            bucket.bytecode_from_string(held[1])
            return
        self.disk.load_bytecode(bucket)
        if bucket.code is not None:
            self.memory[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.memory[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())
        self.disk.dump_bytecode(bucket)
