"""Resized WebP copies of the figures, encoded once and cached between builds.

Every figure gets, at most at its own width (never upscaled):

- entry-page copies ``PAGE_WIDTHS`` wide (animated when the source is an animated GIF), and for
  an animation a still of its last frame at the same widths, served under
  ``prefers-reduced-motion: reduce``;
- a thumbnail that fits ``THUMB_BOX`` (and one twice as large), a still, for the timeline and
  the credits page;
- a ``SOCIAL_WIDTH`` JPEG for ``og:image`` (social sites do not all read WebP).

Sizes are planned from the source's pixel size alone (:meth:`FigureEncoder.plan`), so pages can
be rendered before anything is encoded. Encoded files live in ``.cache/figures/`` under a key
made of the source's SHA-256, the copy's spec and :data:`ENCODER`: a rebuild (live reload)
or a second build encodes nothing unless a source changed.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from imgsynth.content.figures import Figure

PAGE_WIDTHS = (720, 1440)
"""Entry-page widths: the content column is at most ~720 CSS px wide; 1440 for 2x screens."""
THUMB_BOX = (160, 120)
"""A thumbnail fits this box (CSS px); a copy twice as large serves 2x screens."""
SOCIAL_WIDTH = 1200
"""Width of the ``og:image`` copy (what social sites ask for)."""
SMALL_WIDTH = 360
"""Figures narrower than this are displayed at twice their size on entry pages."""
OUTPUT_DIR = "figures"
"""Folder of the copies in the built site (at the site root, shared by both languages)."""

MAX_ANIMATION_FRAMES = 48
"""An animation with more frames keeps every n-th one (each shown n times as long), so the
animated copy stays a few hundred kilobytes; the last frame is always kept."""
WEBP_QUALITY = 80
WEBP_METHOD = 4
JPEG_QUALITY = 85
ENCODER_VERSION = "2"
"""Bump when the settings above or the way copies are made change: the cache is keyed by it."""


def encoder_id() -> str:
    import PIL

    return f"imgsynth-figures-{ENCODER_VERSION}/pillow-{PIL.__version__}/webp-q{WEBP_QUALITY}-m{WEBP_METHOD}/jpeg-q{JPEG_QUALITY}"


@dataclass(frozen=True)
class Copy:
    """One encoded file: its name in the site's ``figures/`` folder and its pixel size."""

    name: str
    width: int
    height: int
    spec: str
    """What to make: ``w720`` (a width), ``w720-still``, ``t160x120`` (a thumbnail box) or ``social``."""
    source: Path
    frame_step: int = 1
    """For an animated copy: every ``frame_step``-th frame is kept."""

    @property
    def path(self) -> str:
        """Path in the built site, from the site root."""
        return f"{OUTPUT_DIR}/{self.name}"


@dataclass(frozen=True)
class Rendition:
    """Every copy made of one figure file."""

    file: str
    page: tuple[Copy, ...]
    still: tuple[Copy, ...]
    """Stills of an animation at the page widths (empty for a still image)."""
    thumb: tuple[Copy, ...]
    """1x and (when the source is large enough) 2x thumbnails."""
    social: Copy

    @property
    def copies(self) -> tuple[Copy, ...]:
        return self.page + self.still + self.thumb + (self.social,)

    @property
    def largest(self) -> Copy:
        return self.page[-1]


def frame_step(frames: int) -> int:
    """Keep every n-th frame of an animation of ``frames`` frames (1: all of them)."""
    return max(1, -(-frames // MAX_ANIMATION_FRAMES))


def _scaled(width: int, height: int, target: int) -> tuple[int, int]:
    """Size at ``target`` width, never larger than the source."""
    if target >= width:
        return width, height
    return target, max(1, round(height * target / width))


def _fitted(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    scale = min(box[0] / width, box[1] / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def plan(figure: Figure) -> Rendition:
    """The copies of a figure, named and sized, without encoding anything."""
    stem = figure.file.rsplit(".", 1)[0]
    source = figure.path

    def widths() -> list[tuple[int, int]]:
        sizes: list[tuple[int, int]] = []
        for target in PAGE_WIDTHS:
            size = _scaled(figure.width, figure.height, target)
            if size not in sizes:
                sizes.append(size)
        return sizes

    step = frame_step(figure.frames)
    spec = "" if step == 1 else f"-f{step}"
    page = tuple(Copy(f"{stem}-{w}.webp", w, h, f"w{w}{spec}", source, step) for w, h in widths())
    still = (
        tuple(Copy(f"{stem}-{w}-still.webp", w, h, f"w{w}-still", source) for w, h in widths())
        if figure.animated
        else ()
    )
    thumbs: list[Copy] = []
    for scale in (1, 2):
        box = (THUMB_BOX[0] * scale, THUMB_BOX[1] * scale)
        w, h = _fitted(figure.width, figure.height, box)
        if thumbs and (w, h) == (thumbs[-1].width, thumbs[-1].height):
            break  # the source is too small for a larger copy
        thumbs.append(Copy(f"{stem}-thumb-{box[0]}.webp", w, h, f"t{box[0]}x{box[1]}", source))
    sw, sh = _scaled(figure.width, figure.height, SOCIAL_WIDTH)
    social = Copy(f"{stem}-social.jpg", sw, sh, "social", source)
    return Rendition(file=figure.file, page=page, still=still, thumb=tuple(thumbs), social=social)


class FigureEncoder:
    """Encodes the copies of a set of figures, reusing what ``cache_dir`` already holds.

    ``encoded`` and ``reused`` count the copies of the last :meth:`encode` call.
    """

    def __init__(self, cache_dir: Path, workers: int | None = None) -> None:
        self.cache_dir = cache_dir
        self.workers = workers or min(4, os.cpu_count() or 1)
        self.encoded = 0
        self.reused = 0
        self._hashes: dict[tuple[str, int, int], str] = {}
        self._lock = threading.Lock()

    def source_hash(self, path: Path) -> str:
        """SHA-256 of a source file, remembered while its size and mtime stay the same."""
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        digest = self._hashes.get(key)
        if digest is None:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            self._hashes[key] = digest
        return digest

    def cache_path(self, copy: Copy) -> Path:
        key = hashlib.sha256(f"{self.source_hash(copy.source)}|{copy.spec}|{encoder_id()}".encode()).hexdigest()
        return self.cache_dir / f"{key[:32]}{Path(copy.name).suffix}"

    def encode(self, renditions: Iterable[Rendition]) -> list[tuple[Copy, Path]]:
        """Every copy with the cached file that holds it, encoding the missing ones."""
        copies: dict[str, Copy] = {}
        for rendition in renditions:
            for copy in rendition.copies:
                copies.setdefault(copy.name, copy)
        self.encoded = self.reused = 0
        jobs = [(copy, self.cache_path(copy)) for copy in copies.values()]
        missing = [(copy, path) for copy, path in jobs if not path.is_file()]
        self.reused = len(jobs) - len(missing)
        if missing:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                list(pool.map(lambda job: self._write(*job), missing))
            self.encoded = len(missing)
        return jobs

    def _write(self, copy: Copy, target: Path) -> None:
        data = encode_copy(copy)
        handle, temp = tempfile.mkstemp(dir=self.cache_dir, prefix=".tmp-", suffix=target.suffix)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def encode_copy(copy: Copy) -> bytes:
    """The bytes of one copy, made from its source with Pillow."""
    from PIL import Image, ImageSequence

    with Image.open(copy.source) as image:
        frames = getattr(image, "n_frames", 1)
        size = (copy.width, copy.height)
        out = io.BytesIO()
        if copy.spec == "social":
            _flatten(_still(image, frames), size).save(
                out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
            )
        elif frames > 1 and copy.spec.startswith("w") and not copy.spec.endswith("-still"):
            durations, images = [], []
            step = copy.frame_step
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                duration = frame.info.get("duration", image.info.get("duration", 100))
                if index % step == 0 or index == frames - 1:
                    durations.append(duration * step)
                    images.append(_resized(_opaque(frame), size))
            images[0].save(
                out,
                "WEBP",
                save_all=True,
                append_images=images[1:],
                duration=durations,
                loop=image.info.get("loop", 0),
                quality=WEBP_QUALITY,
                method=WEBP_METHOD,
            )
        else:
            _resized(_still(image, frames), size).save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
        return out.getvalue()


def _still(image, frames: int):
    """The frame a still shows: the last one of an animation (the finished result), else the image.

    Transparent parts are laid on white: diagrams drawn in black on a transparent background
    must stay readable on the dark scheme's background.
    """
    if frames > 1:
        image.seek(frames - 1)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    return _opaque(image) if has_alpha else image.convert("RGB")


def _opaque(frame):
    """An image or frame laid on white (see :func:`_still`)."""
    from PIL import Image

    rgba = frame.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _resized(image, size: tuple[int, int]):
    from PIL import Image

    if image.size == size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _flatten(image, size: tuple[int, int]):
    """RGB at ``size`` (stills are already opaque)."""
    return _resized(image, size).convert("RGB")


# --- what the templates need -------------------------------------------------------------------

PAGE_SIZES = "(min-width: 76.25em) 720px, (min-width: 45em) calc(100vw - 16rem), 100vw"
"""``sizes`` of an entry-page figure: the content column (the theme's grid tops out near 720 px)."""


def srcset(copies: Iterable[Copy], base: str) -> str:
    return ", ".join(f"{base}{copy.path} {copy.width}w" for copy in copies)


def density_srcset(copies: tuple[Copy, ...], base: str) -> str:
    """``1x``/``2x`` candidates for a thumbnail."""
    return ", ".join(f"{base}{copy.path} {index + 1}x" for index, copy in enumerate(copies))


def fallback(copies: tuple[Copy, ...]) -> Copy:
    """The ``src`` of an ``<img>``: the copy closest to the first page width."""
    return copies[0]


def what_label(figure: Figure, t: dict[str, str]) -> str:
    """The caption's label of what the image is (paper figure, re-implementation sample, ...)."""
    return t["figure_what_" + figure.what.replace("-", "_")]


def credit_anchor(figure: Figure) -> str:
    """The id of a figure's item on the credits page."""
    return "credit-" + figure.file.rsplit(".", 1)[0]


def changes(figure: Figure, rendition: Rendition, t: dict[str, str], lang: str) -> list[str]:
    """What was done to the file before readers see it, one sentence each, in the page language."""
    items = []
    if figure.changes.get(lang):
        items.append(figure.changes[lang])
    widths = [copy.width for copy in rendition.page]
    if widths[-1] < figure.width:
        items.append(t["change_resized"].format(widths=t["list_separator"].join(map(str, widths))))
    elif len(widths) > 1:
        items.append(
            t["change_resized_and_original"].format(
                widths=t["list_separator"].join(map(str, widths[:-1])), width=widths[-1]
            )
        )
    else:
        items.append(t["change_converted"].format(width=figure.width, height=figure.height))
    if figure.animated:
        items.append(t["change_animation"].format(frames=figure.frames))
        step = frame_step(figure.frames)
        if step > 1:
            kept = len(range(0, figure.frames, step)) + (1 if (figure.frames - 1) % step else 0)
            items.append(t["change_frames"].format(step=step, kept=kept, frames=figure.frames))
    thumb = rendition.thumb[0]
    items.append(t["change_thumbnail"].format(width=thumb.width, height=thumb.height))
    items.append(t["change_social"].format(width=rendition.social.width))
    return items
