"""``make serve``: MkDocs' development server, run the one way the project runs it.

The arguments come from ``imgsynth_mkdocs.config.SERVE_ARGS`` (``serve --dirty``: a rebuild
writes only the pages an edit touches, see ``hooks/imgsynth_mkdocs/incremental.py``), which
``scripts/bench_serve.py`` measures too. Further arguments are passed on
(``python scripts/serve.py --dev-addr 127.0.0.1:8000``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))  # the MkDocs adapter

from imgsynth_mkdocs.config import serve_command  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    command = serve_command(*(sys.argv[1:] if argv is None else argv))
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
