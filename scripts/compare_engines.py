"""Build the site with MkDocs 1.6.1 and with ProperDocs, and compare the two outputs.

ProperDocs is the maintained fork of MkDocs 1.6 (``pip install -r requirements-engines.txt``).
It redirects every ``mkdocs.*`` import to its own modules, so the hooks, mkdocs-static-i18n
and Material run unchanged. The two builds must give the same files with the same bytes; the
only difference allowed is the ``<meta name="generator">`` tag, which names the engine.

Exit status: 0 when the outputs match, 1 when they differ (each difference is listed), 2 when a
build fails or ProperDocs is not installed.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))  # the MkDocs adapter (mkdocs_command)

from imgsynth.cli import script_parser  # noqa: E402
from imgsynth_mkdocs.config import mkdocs_command  # noqa: E402

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
"""The one tag allowed to differ: each engine names itself."""


def properdocs_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "properdocs", *args]


def build(command: list[str], into: Path, strict: bool) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("ARXIV_FETCH", None)
    env.pop("CHECK_EXTERNAL_LINKS", None)
    argv = [*command, "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(into)]
    argv.append("--strict" if strict else "--no-strict")
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"compare_engines: '{' '.join(argv[:3])} build' failed ({done.returncode})")


def files_of(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def normalised(data: bytes) -> bytes:
    return GENERATOR.sub(b'<meta name="generator" content="">', data)


def differences(first: Path, second: Path, names: tuple[str, str]) -> list[str]:
    """What differs between two built sites, the generator tag aside."""
    a, b = files_of(first), files_of(second)
    found = [f"only in the {names[0]} build: {name}" for name in sorted(a.keys() - b.keys())]
    found += [f"only in the {names[1]} build: {name}" for name in sorted(b.keys() - a.keys())]
    for name in sorted(a.keys() & b.keys()):
        left, right = a[name].read_bytes(), b[name].read_bytes()
        if left == right or normalised(left) == normalised(right):
            continue
        detail = ""
        if name.endswith((".html", ".xml", ".json", ".txt", ".css", ".js")):
            lines = difflib.unified_diff(
                normalised(left).decode(errors="replace").splitlines(),
                normalised(right).decode(errors="replace").splitlines(),
                lineterm="",
                n=0,
            )
            shown = [line for line in list(lines)[2:] if not line.startswith("@@")][:6]
            detail = "\n    " + "\n    ".join(shown)
        found.append(f"differs: {name}{detail}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = script_parser(__doc__)
    parser.add_argument("--no-strict", action="store_true", help="build without --strict (default: strict)")
    parser.add_argument("--keep", type=Path, help="build into this folder (mkdocs/ and properdocs/) and keep it")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("properdocs") is None:
        print("compare_engines: ProperDocs is not installed; pip install -r requirements-engines.txt", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="imgsynth-engines-"))
    sites = work / "mkdocs", work / "properdocs"
    build(mkdocs_command(), sites[0], strict=not args.no_strict)
    build(properdocs_command(), sites[1], strict=not args.no_strict)
    found = differences(*sites, names=("MkDocs", "ProperDocs"))
    count = len(files_of(sites[0]))
    if found:
        print(f"{len(found)} differences between the MkDocs and the ProperDocs builds ({count} files):")
        print("\n".join(f"  {line}" for line in found))
        return 1
    print(f"same output: {count} files, byte for byte but the generator tag (MkDocs 1.6.1 and ProperDocs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
