"""The core (``imgsynth/``) neither imports nor names the site generator, its i18n plugin or its
theme: everything that knows them lives in the adapter, ``hooks/`` (``hooks/imgsynth_mkdocs``)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE_NAMES = re.compile(r"mkdocs|properdocs|zensical|static[-_ ]?i18n|\bmaterial\b", re.IGNORECASE)


def test_the_core_never_names_the_engine_its_plugin_or_its_theme() -> None:
    found = []
    for path in sorted((ROOT / "imgsynth").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".yaml", ".json", ".md"):
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
                if ENGINE_NAMES.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_core_loads_without_the_engine() -> None:
    """Importing every core module pulls in no MkDocs module (the import system is the judge)."""
    code = (
        "import pkgutil, importlib, sys, imgsynth\n"
        "for module in pkgutil.walk_packages(imgsynth.__path__, 'imgsynth.'):\n"
        "    if module.name != 'imgsynth.__main__':\n"
        "        importlib.import_module(module.name)\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('mkdocs', 'material', 'mkdocs_static_i18n')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
