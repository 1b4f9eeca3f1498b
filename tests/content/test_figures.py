"""Figures: the checks on the files (licence, presence, size, pixels) and the cached WebP copies.

Images are made with Pillow in tmp_path; nothing here reads the real content.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from imgsynth.content.figures import MAX_BYTES, check_figures
from imgsynth.render.figures import FigureEncoder, plan


def figure_item(file: str, licence: str = "MIT", **extra) -> dict:
    return {
        "file": file,
        "what": "reimplementation",
        "alt": {"zh": "数字样本", "en": "Digit samples"},
        "caption": {"zh": "复现代码生成的数字。", "en": "Digits from a re-implementation."},
        "credit": "Someone, some-repo, MIT License",
        "licence": licence,
        "source": "https://github.com/someone/some-repo/blob/0123456789abcdef0123456789abcdef01234567/a.png",
        **extra,
    }


def make_png(path: Path, size=(400, 300), mode="RGB") -> Path:
    Image.new(mode, size, 128 if mode != "RGB" else (200, 100, 50)).save(path)
    return path


def make_gif(path: Path, frames: int = 5, size=(40, 30)) -> Path:
    images = [
        Image.new("RGB", size, ((index * 50) % 256, (255 - index * 7) % 256, index % 256)) for index in range(frames)
    ]
    images[0].save(path, save_all=True, append_images=images[1:], duration=120, loop=0)
    return path


def messages(items, folder: Path) -> list[str]:
    return [f"{'.'.join(map(str, where))}: {message}" for where, message in check_figures(items, folder)[1]]


def test_a_good_figure_is_read_with_its_pixel_size(tmp_path):
    make_png(tmp_path / "a.png", (400, 300))
    figures, problems = check_figures([figure_item("a.png")], tmp_path)
    assert problems == []
    assert [(f.file, f.width, f.height, f.animated, f.licence_name) for f in figures] == [
        ("a.png", 400, 300, False, "MIT")
    ]
    assert figures[0].repository == "https://github.com/someone/some-repo"


def test_licence_outside_the_allowlist(tmp_path):
    make_png(tmp_path / "a.png")
    assert messages([figure_item("a.png", licence="CC-BY-NC-4.0")], tmp_path) == [
        "figures.0.licence: figures[0].licence 'CC-BY-NC-4.0' is not allowed; the site only shows images under "
        "CC0-1.0, CC-BY-4.0, CC-BY-SA-3.0, CC-BY-SA-4.0, MIT, BSD-2-Clause, BSD-3-Clause, Apache-2.0, "
        "LicenseRef-PublicDomain. Choose another image (see ../shared/figures/manifest-excluded.yaml for why some "
        "were left out)."
    ]


def test_missing_file(tmp_path):
    assert messages([figure_item("nope.png")], tmp_path) == [
        "figures.0.file: figures[0].file 'nope.png' is not in content/figures/; copy the image there or correct the name."
    ]


def test_file_over_the_size_limit_is_not_opened(tmp_path):
    big = tmp_path / "big.png"
    big.write_bytes(b"\0" * (MAX_BYTES + 1))  # not even an image: the size is checked first
    assert messages([figure_item("big.png")], tmp_path) == [
        "figures.0.file: figures[0].file 'big.png' is 2.0 MiB; the limit is 2 MiB: resize or re-encode it "
        "(and say so under 'changes')."
    ]


def test_too_many_pixels(tmp_path):
    make_png(tmp_path / "huge.png", (5000, 4000), mode="1")  # 20 megapixels in a few kilobytes
    assert messages([figure_item("huge.png")], tmp_path) == [
        "figures.0.file: figures[0].file 'huge.png' is 5000×4000 pixels (20.0 megapixels); the limit is 16 megapixels: "
        "resize it (and say so under 'changes')."
    ]


def test_decompression_bomb_is_an_error_not_a_crash(tmp_path):
    # over twice Pillow's MAX_IMAGE_PIXELS: Image.open itself refuses it
    make_png(tmp_path / "bomb.png", (14000, 14000), mode="1")
    assert messages([figure_item("bomb.png")], tmp_path) == [
        "figures.0.file: figures[0].file 'bomb.png' decodes to more pixels than Pillow allows (a decompression bomb); "
        "replace it with a smaller image."
    ]


def test_not_an_image(tmp_path):
    (tmp_path / "fake.png").write_text("hello")
    assert messages([figure_item("fake.png")], tmp_path) == [
        "figures.0.file: figures[0].file 'fake.png' is not a readable PNG, JPEG, GIF or WebP image; replace it."
    ]


def test_copies_are_never_upscaled(tmp_path):
    make_png(tmp_path / "small.png", (500, 250))
    make_png(tmp_path / "large.png", (3000, 1000))
    small = plan(check_figures([figure_item("small.png")], tmp_path)[0][0])
    large = plan(check_figures([figure_item("large.png")], tmp_path)[0][0])
    assert [(c.name, c.width, c.height) for c in small.page] == [("small-500.webp", 500, 250)]
    assert [(c.width, c.height) for c in small.thumb] == [(160, 80), (320, 160)]
    assert (small.social.width, small.social.height) == (500, 250)
    assert [(c.width, c.height) for c in large.page] == [(720, 240), (1440, 480)]
    assert [(c.width, c.height) for c in large.thumb] == [(160, 53), (320, 107)]
    assert (large.social.name, large.social.width, large.social.height) == ("large-social.jpg", 1200, 400)


def test_encoded_copies_are_cached_by_source_hash(tmp_path):
    folder = tmp_path / "figures"
    folder.mkdir()
    make_png(folder / "a.png", (1600, 800))
    make_gif(folder / "anim.gif", frames=5)
    figures = check_figures([figure_item("a.png"), figure_item("anim.gif")], folder)[0]
    renditions = [plan(f) for f in figures]
    cache = tmp_path / "cache"

    first = FigureEncoder(cache)
    files = first.encode(renditions)
    copies = {copy.name: path for copy, path in files}
    assert first.encoded == len(files) == len(copies) > 0
    assert first.reused == 0
    with Image.open(copies["a-1440.webp"]) as image:
        assert (image.format, image.size) == ("WEBP", (1440, 720))
    with Image.open(copies["anim-40.webp"]) as image:
        assert image.format == "WEBP" and image.n_frames == 5  # the animation is kept
    with Image.open(copies["anim-40-still.webp"]) as image:
        assert getattr(image, "n_frames", 1) == 1
    with Image.open(copies["a-social.jpg"]) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 600))

    second = FigureEncoder(cache)  # a new process: only the cache folder is shared
    assert [path for _copy, path in second.encode(renditions)] == [path for _copy, path in files]
    assert (second.encoded, second.reused) == (0, len(files))

    # a changed source gets new copies; the other file's copies are reused
    make_png(folder / "a.png", (1600, 800), mode="L")
    third = FigureEncoder(cache)
    third.encode([plan(f) for f in check_figures([figure_item("a.png"), figure_item("anim.gif")], folder)[0]])
    assert third.encoded == len(renditions[0].copies)
    assert third.reused == len(renditions[1].copies)


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparent_sources_encode(tmp_path, mode):
    image = Image.new(mode, (300, 200))
    image.save(tmp_path / "t.png")
    figures = check_figures([figure_item("t.png")], tmp_path)[0]
    encoder = FigureEncoder(tmp_path / "cache")
    for copy, path in encoder.encode([plan(figures[0])]):
        with Image.open(path) as out:
            assert out.size == (copy.width, copy.height)


def test_long_animations_keep_every_nth_frame_and_the_last(tmp_path):
    make_gif(tmp_path / "long.gif", frames=100, size=(20, 20))
    figure = check_figures([figure_item("long.gif")], tmp_path)[0][0]
    rendition = plan(figure)
    files = dict((copy.name, path) for copy, path in FigureEncoder(tmp_path / "cache").encode([rendition]))
    with Image.open(files["long-20.webp"]) as image:
        assert image.n_frames == 34  # frames 0, 3, ..., 99 (ceil(100 / 48) = 3)
        image.seek(1)
        image.load()
        assert image.info["duration"] == 360  # 120 ms shown 3 times as long
    from imgsynth.render import strings
    from imgsynth.render.figures import changes

    assert "one frame in 3 of the animation kept (34 of 100), each shown 3 times as long" in changes(
        figure, rendition, strings()["en"], "en"
    )


def test_make_check_reports_figure_problems_with_file_and_line(tmp_path):
    """In an entry: a missing language (schema), a licence off the list and a missing file, each at its line."""
    import shutil

    from imgsynth.content.load import load_content
    from imgsynth.errors import ContentErrors

    root = Path(__file__).resolve().parents[2]
    content = tmp_path / "content"
    (content / "milestones").mkdir(parents=True)
    (content / "figures").mkdir()
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copyfile(root / "content" / name, content / name)
    make_png(content / "figures" / "ok.png")
    source = "https://github.com/someone/some-repo/blob/0123456789abcdef0123456789abcdef01234567/a.png"
    (content / "milestones" / "x.md").write_text(
        '---\nid: x\ndate: "2014"\nera: origins\nkind: paper\narxiv: "1406.2661"\n'
        "title: {zh: 标题, en: Title}\norigin: site\nfigures:\n"
        f"  - file: ok.png\n    what: diagram\n    alt: {{zh: 示意图}}\n    caption: {{zh: 图, en: A figure}}\n"
        f"    credit: Someone\n    licence: CC-BY-NC-4.0\n    source: {source}\n"
        f"  - file: gone.png\n    what: diagram\n    alt: {{zh: 图, en: A}}\n    caption: {{zh: 图, en: A}}\n"
        f"    credit: Someone\n    licence: MIT\n    source: {source}\n"
        "---\n<!-- lang: zh -->\n中文。\n\n<!-- lang: en -->\nEnglish.\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentErrors) as caught:
        load_content(content, project_root=tmp_path)
    lines = [str(error) for error in caught.value.errors]
    assert any(line.startswith("content/milestones/x.md:12: ") and "en" in line for line in lines), lines
    assert any(
        line.startswith("content/milestones/x.md:15: figures[0].licence 'CC-BY-NC-4.0' is not allowed")
        for line in lines
    ), lines
    assert (
        "content/milestones/x.md:17: figures[1].file 'gone.png' is not in content/figures/; copy the image there or correct the name."
        in lines
    )
