"""Figures of an entry: the images under ``content/figures/``, with their licence and credit.

The front matter's ``figures:`` list is checked by the JSON Schema (fields, both languages of
``alt`` and ``caption``); this module checks what the schema cannot see: the licence is on
the allowlist, the file exists, is not too large on disk, and decodes to a sane number of
pixels (a decompression bomb is reported, never opened). Problems come back as
``(where, message)`` pairs, ``where`` being the key path in the front matter, so the loader
reports them as ``FILE:LINE``.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any

from imgsynth.content.datafile import DataError, check_symlink

FIGURES_DIR = "figures"
"""Folder of the image files, inside ``content/``."""

MAX_BYTES = 2 * 1024 * 1024
"""Largest image file accepted (checked with ``stat`` before the file is opened)."""

MAX_PIXELS = 16_000_000
"""Largest decoded size of one frame, in pixels (the largest figure today is 5.9 megapixels)."""

MAX_FRAMES = 400
"""Most frames an animated image may have."""

LICENCES: dict[str, tuple[str, str]] = {
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-3.0": ("CC BY-SA 3.0", "https://creativecommons.org/licenses/by-sa/3.0/"),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "MIT": ("MIT", "https://spdx.org/licenses/MIT.html"),
    "BSD-2-Clause": ("BSD 2-Clause", "https://spdx.org/licenses/BSD-2-Clause.html"),
    "BSD-3-Clause": ("BSD 3-Clause", "https://spdx.org/licenses/BSD-3-Clause.html"),
    "Apache-2.0": ("Apache 2.0", "https://spdx.org/licenses/Apache-2.0.html"),
    "LicenseRef-PublicDomain": ("public domain", "https://creativecommons.org/publicdomain/mark/1.0/"),
}
"""The licences a figure may carry (SPDX id -> short name, link), in the order they are listed."""

FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


@dataclass(frozen=True)
class Figure:
    """One image of an entry, as written in its front matter, plus what the file itself says."""

    file: str
    what: str
    alt: dict[str, str]
    caption: dict[str, str]
    credit: str
    licence: str
    source: str
    path: Path
    width: int
    height: int
    frames: int = 1
    changes: dict[str, str] = field(default_factory=dict)

    @property
    def animated(self) -> bool:
        return self.frames > 1

    @property
    def licence_name(self) -> str:
        return LICENCES[self.licence][0]

    @property
    def licence_url(self) -> str:
        return LICENCES[self.licence][1]

    @property
    def repository(self) -> str:
        """The repository the file comes from: ``https://github.com/<owner>/<name>`` (else the source URL)."""
        parts = self.source.split("/")
        if self.source.startswith("https://github.com/") and len(parts) >= 5:
            return "/".join(parts[:5])
        return self.source


@dataclass(frozen=True)
class ImageFacts:
    width: int
    height: int
    frames: int


def _licence_list() -> str:
    return ", ".join(LICENCES)


def inspect_image(path: Path) -> ImageFacts | str:
    """Pixel size and frame count of an image file, or why it cannot be used (a message).

    Only the header is read: Pillow decodes nothing until asked. Sizes over ``MAX_PIXELS``
    are reported without decoding (Pillow's own decompression-bomb guard is turned into a message).
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in FORMATS:
                    return f"is a {image.format} image; use PNG, JPEG, GIF or WebP"
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return _too_many_pixels(width, height)
                frames = getattr(image, "n_frames", 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "decodes to more pixels than Pillow allows (a decompression bomb); replace it with a smaller image"
    except UnidentifiedImageError:
        return "is not a readable PNG, JPEG, GIF or WebP image; replace it"
    except OSError as error:
        return f"cannot be read ({error.strerror or error}); replace it"
    if frames > MAX_FRAMES:
        return f"has {frames} frames; the limit is {MAX_FRAMES}: shorten the animation (and say so under 'changes')"
    return ImageFacts(width, height, frames)


def _too_many_pixels(width: int, height: int) -> str:
    return (
        f"is {width}×{height} pixels ({width * height / 1e6:.1f} megapixels); the limit is "
        f"{MAX_PIXELS / 1e6:.0f} megapixels: resize it (and say so under 'changes')"
    )


def check_figures(
    items: Any, figures_dir: Path, shown_dir: str = "content/figures/"
) -> tuple[list[Figure], list[tuple[tuple[Any, ...], str]]]:
    """Check the ``figures`` list of one entry (already schema-valid or not) against the files.

    Returns the figures that are usable and ``(where, message)`` for every problem.
    """
    figures: list[Figure] = []
    problems: list[tuple[tuple[Any, ...], str]] = []
    if not isinstance(items, list):
        return figures, problems  # the schema reports it
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        item_problems = list(_item_problems(index, item, figures_dir, shown_dir))
        problems += [(where, message) for where, message, _facts in item_problems if message]
        facts = next((facts for _where, message, facts in item_problems if facts), None)
        if facts is None or any(message for _where, message, _facts in item_problems):
            continue
        try:
            figures.append(
                Figure(
                    file=item["file"],
                    what=item["what"],
                    alt={lang: str(text) for lang, text in item["alt"].items()},
                    caption={lang: str(text) for lang, text in item["caption"].items()},
                    credit=str(item["credit"]),
                    licence=item["licence"],
                    source=str(item["source"]),
                    path=figures_dir / item["file"],
                    width=facts.width,
                    height=facts.height,
                    frames=facts.frames,
                    changes={lang: str(text) for lang, text in (item.get("changes") or {}).items()},
                )
            )
        except (KeyError, TypeError, AttributeError):
            continue  # incomplete: the schema has reported what is missing
    return figures, problems


def _item_problems(
    index: int, item: Mapping[str, Any], figures_dir: Path, shown_dir: str
) -> Iterator[tuple[tuple[Any, ...], str, ImageFacts | None]]:
    licence = item.get("licence")
    if isinstance(licence, str) and licence and licence not in LICENCES:
        yield (
            ("figures", index, "licence"),
            f"figures[{index}].licence '{licence}' is not allowed; the site only shows images under "
            f"{_licence_list()}. Choose another image (see ../shared/figures/manifest-excluded.yaml for why some were left out).",
            None,
        )
    name = item.get("file")
    if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
        return  # the schema reports a missing or malformed name
    where = ("figures", index, "file")
    path = figures_dir / name
    try:
        if os.path.islink(path):  # followed only inside the repository (content/'s parent)
            check_symlink(path, figures_dir.parent.parent)
        info = os.stat(path)
        size = info.st_size
    except DataError as error:
        yield where, f"figures[{index}].file '{name}': {error.message}", None
        return
    except FileNotFoundError:
        yield (
            where,
            f"figures[{index}].file '{name}' is not in {shown_dir}; copy the image there or correct the name.",
            None,
        )
        return
    except OSError as error:
        yield where, f"figures[{index}].file '{name}' cannot be read ({error.strerror}).", None
        return
    if not S_ISREG(info.st_mode):
        yield where, f"figures[{index}].file '{name}' is not a regular file (a device, a pipe or a folder).", None
        return
    if size > MAX_BYTES:
        yield (
            where,
            f"figures[{index}].file '{name}' is {size / 1024 / 1024:.1f} MiB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MiB: resize or re-encode it (and say so under 'changes').",
            None,
        )
        return
    facts = inspect_image(path)
    if isinstance(facts, str):
        yield where, f"figures[{index}].file '{name}' {facts}.", None
        return
    yield where, "", facts
