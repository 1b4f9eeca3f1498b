"""``python -m imgsynth check``: validate the content without building the site."""

from imgsynth.cli import main

raise SystemExit(main())
