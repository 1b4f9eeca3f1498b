"""Tags are data (content/tags.yaml, issue 12): every tag an entry uses is named in both languages,
checked like the eras and kinds, and a mistake is reported as FILE:LINE with a suggestion."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imgsynth.content.load import load_content
from imgsynth.content.tags import tag_line
from imgsynth.errors import ContentErrors
from imgsynth.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
GAN = ROOT / "content" / "milestones" / "gan.md"

TAGS = """\
# the tags
- id: gan
  name: {zh: 生成对抗网络, en: GANs}
- id: adversarial-training
  name: {zh: 对抗训练, en: Adversarial training}
- id: generative-model
  name: {zh: 生成模型, en: Generative models}
"""


def project(
    tmp_path: Path, tags: str | None, gan_tags: str = "tags: [gan, adversarial-training, generative-model]"
) -> Path:
    content = tmp_path / "content"
    (content / "milestones").mkdir(parents=True)
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    if (ROOT / "content" / "figures").is_dir():
        shutil.copytree(ROOT / "content" / "figures", content / "figures")
    if tags is not None:
        (content / "tags.yaml").write_text(tags, encoding="utf-8")
    text = GAN.read_text(encoding="utf-8")
    start = next(line for line in text.splitlines() if line.startswith("tags:"))
    (content / "milestones" / "gan.md").write_text(text.replace(start, gan_tags, 1), encoding="utf-8")
    return content


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_content(content, project_root=content.parent)
    return [str(error) for error in caught.value.errors]


def gan_line(content: Path, prefix: str = "tags:") -> int:
    lines = (content / "milestones" / "gan.md").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(prefix))


def test_the_real_tags_name_every_tag_in_both_languages() -> None:
    content = load_content(ROOT / "content", project_root=ROOT)
    known = {tag.id: tag for tag in content.tags}
    used = {tag for entry in content.entries for tag in entry.tags}
    assert used <= set(known), f"tags without a name in content/tags.yaml: {sorted(used - set(known))}"
    for tag in known.values():
        assert all(tag.name[lang].strip() for lang in LANGUAGES), tag.id
    # the tags the content helpers introduced are there
    assert {"3d", "style-transfer", "super-resolution", "video", "image-editing", "conditional-gan"} <= set(known)
    assert known["adversarial-training"].name == {"zh": "对抗训练", "en": "Adversarial training"}


def test_unknown_tag_is_reported_at_its_line_with_a_suggestion(tmp_path: Path) -> None:
    content = project(tmp_path, TAGS, "tags: [gan, adversarial-trainig, generative-model]")
    line = gan_line(content)
    assert problems(content) == [
        f"content/milestones/gan.md:{line}: unknown tag 'adversarial-trainig'. Did you mean 'adversarial-training'? "
        "Use a tag listed in content/tags.yaml, or add 'adversarial-trainig' there with its name in Chinese and "
        "English (zh, en)."
    ]


def test_unknown_tag_in_a_block_list_is_reported_at_its_own_line(tmp_path: Path) -> None:
    content = project(tmp_path, TAGS, "tags:\n  - gan\n  - open-sauce\n  - generative-model")
    line = gan_line(content, "  - open-sauce")
    assert problems(content) == [
        f"content/milestones/gan.md:{line}: unknown tag 'open-sauce'. Use a tag listed in content/tags.yaml, "
        "or add 'open-sauce' there with its name in Chinese and English (zh, en)."
    ]


def test_duplicate_and_unnamed_tags_are_reported_in_tags_yaml(tmp_path: Path) -> None:
    broken = TAGS + "- id: gan\n  name: {zh: GAN, en: GAN}\n- id: video\n  name: {zh: 视频}\n"
    content = project(tmp_path, broken)
    reported = problems(content)
    assert "content/tags.yaml:8: the id 'gan' is already used on line 2; ids must be unique." in reported
    assert "content/tags.yaml:11: 'video' needs a name in: en." in reported


def test_names_are_available_in_each_language(tmp_path: Path) -> None:
    content = load_content(project(tmp_path, TAGS), project_root=tmp_path)
    assert [tag.id for tag in content.tags] == ["gan", "adversarial-training", "generative-model"]
    assert content.tags[0].name == {"zh": "生成对抗网络", "en": "GANs"}


def test_without_tags_yaml_tags_are_not_checked(tmp_path: Path) -> None:
    content = load_content(project(tmp_path, None, "tags: [anything-goes]"), project_root=tmp_path)
    assert content.tags == [] and content.entries[0].tags == ["anything-goes"]


def test_tag_line_finds_flow_and_block_lists(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\nid: x\ntags: [a, bb, c]\nother:\n  - bb\n---\n", encoding="utf-8")
    assert tag_line(path, "bb") == 3 and tag_line(path, "zz") == 3
    path.write_text("---\nid: x\ntags:\n  - a\n  - 'bb'\nbuilds_on: [bb]\n---\n", encoding="utf-8")
    assert tag_line(path, "bb") == 5
