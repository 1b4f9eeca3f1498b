"""One vocabulary: ``content/glossary.yaml`` checked like the eras (FILE:LINE), avoided forms
reported by ``make check`` with the preferred form, and the first use of each term on an entry
page linked to the Glossary."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from imgsynth.content.glossary import GlossaryTerm, avoided_forms, load_glossary
from imgsynth.render.glossary import link_first_uses

ROOT = Path(__file__).resolve().parents[2]

GLOSSARY = """\
- id: latent-space
  term: {zh: 潜空间, en: latent space}
  definition:
    zh: 模型内部的表示空间。
    en: A model's internal space of representations.
  avoid: {zh: [隐空间, 潜在空间], en: [hidden space]}
- id: diffusion-model
  term: {zh: 扩散模型, en: diffusion model}
  definition: {zh: 逐步去噪的生成模型。, en: A generative model that removes noise step by step.}
- id: latent-diffusion
  term: {zh: 潜在扩散模型, en: latent diffusion model}
  definition: {zh: 在潜空间里扩散。, en: Diffusion in a latent space.}
- id: vae
  term: {zh: 变分自编码器, en: variational autoencoder}
  definition: {zh: 一种自编码器。, en: A kind of autoencoder.}
  also: {zh: [VAE], en: [VAE]}
- id: codebook
  term: {zh: 码本, en: codebook}
  definition: {zh: 学到的离散向量。, en: Learned discrete vectors.}
  avoid: {zh: [代码本]}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "content" / "glossary.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def terms(tmp_path: Path, text: str = GLOSSARY) -> list[GlossaryTerm]:
    loaded, errors = load_glossary(write(tmp_path, text), tmp_path)
    assert errors == []
    return loaded


def problems(tmp_path: Path, text: str) -> list[str]:
    _terms, errors = load_glossary(write(tmp_path, text), tmp_path)
    return [str(error) for error in errors]


def test_the_real_glossary_loads_with_about_twenty_terms() -> None:
    loaded, errors = load_glossary(ROOT / "content" / "glossary.yaml", ROOT)
    assert errors == []
    assert len(loaded) >= 20
    assert {"latent-space", "token", "gan", "text-to-image", "zero-shot", "ablation", "codebook"} <= {
        term.id for term in loaded
    }


def test_each_mistake_is_reported_at_its_line(tmp_path: Path) -> None:
    text = """\
- id: latent-space
  term: {zh: 潜空间, en: latent space}
  definition: {zh: 表示空间。}
- id: Token
  term: {zh: 词元, en: token}
- id: codebook
  term: {zh: 码本, en: codebook}
  definition: {zh: 离散向量。, en: Discrete vectors.}
  avoid: {zh: [码本]}
  aliases: {en: [code book]}
- id: codebook
  term: {zh: 码本, en: codebook}
  definition: {zh: 又一个。, en: Again.}
- id: prompt
  term: {zh: 提示词, en: prompt}
  definition: {zh: "<b>文字</b>", en: Text.}
"""
    assert problems(tmp_path, text) == [
        "content/glossary.yaml:3: 'latent-space' definition.en must be text.",
        "content/glossary.yaml:4: id 'Token' must be lower-case words joined by hyphens, e.g. 'latent-space'.",
        "content/glossary.yaml:9: 'codebook' avoids '码本', which is also one of its accepted forms; remove one of them.",
        "content/glossary.yaml:10: unknown key 'aliases' in 'codebook'. Allowed keys: id, term, definition, avoid, also.",
        "content/glossary.yaml:11: the id 'codebook' is already used on line 6; ids must be unique.",
        "content/glossary.yaml:16: 'prompt' definition.zh: this is plain text; remove the HTML tag '<b>' (write '&lt;' "
        "for a literal '<', or put a space after it).",
    ]


def test_a_form_cannot_belong_to_two_terms(tmp_path: Path) -> None:
    text = GLOSSARY + (
        "- id: vector-space\n  term: {zh: 隐空间, en: vector space}\n"
        "  definition: {zh: 向量空间。, en: A vector space.}\n"
    )
    assert problems(tmp_path, text) == [
        "content/glossary.yaml:1: 'latent-space' avoids '隐空间', which is the form of the term 'vector-space'."
    ]


ENTRY = """\
---
id: vq-x
title:
  zh: 隐空间的故事
  en: A story
figures:
  - caption:
      zh: "一张在潜在空间里插值的图。"
annotations:
  - zh: 译文把它译作“隐空间”。
    en: The translation calls it a "hidden space".
---
<!-- lang: zh -->
图像先被压进隐空间，再用`隐空间`这个词的人，引用了《隐空间研究》。随机编码本身不是代码本。

<!-- lang: en -->
# A hidden space heading
The model works in a hidden space, not in "hidden spaces" (a quotation), nor at https://example.org/hidden-space.
"""


def test_avoided_forms_are_found_with_their_line_and_preferred_form(tmp_path: Path) -> None:
    found = [str(item) for item in avoided_forms(terms(tmp_path), ENTRY, "content/milestones/vq-x.md")]
    assert found == [
        "content/milestones/vq-x.md:4: '隐空间' is a form the glossary avoids for 'latent space'; write '潜空间' "
        "(content/glossary.yaml).",
        "content/milestones/vq-x.md:8: '潜在空间' is a form the glossary avoids for 'latent space'; write '潜空间' "
        "(content/glossary.yaml).",
        "content/milestones/vq-x.md:14: '隐空间' is a form the glossary avoids for 'latent space'; write '潜空间' "
        "(content/glossary.yaml).",
        "content/milestones/vq-x.md:14: '代码本' is a form the glossary avoids for 'codebook'; write '码本' "
        "(content/glossary.yaml).",
        "content/milestones/vq-x.md:18: 'hidden space' is a form the glossary avoids for 'latent space'; "
        "write 'latent space' (content/glossary.yaml).",
    ]


def test_make_check_warns_on_avoided_forms(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "milestones").mkdir(parents=True)
    for name in ("eras.yaml", "kinds.yaml"):
        shutil.copyfile(ROOT / "content" / name, content / name)
    write(tmp_path, GLOSSARY)
    (content / "milestones" / "paper-x.md").write_text(
        '---\nid: paper-x\ndate: "2021-12"\nera: transformers\nkind: paper\narxiv: "2112.10752"\n'
        "title:\n  zh: 论文\n  en: A paper\norigin: site\n---\n"
        "<!-- lang: zh -->\n它在隐空间里去噪。\n\n<!-- lang: en -->\nIt denoises in a latent space.\n",
        encoding="utf-8",
    )
    env = {**{k: v for k, v in os.environ.items() if k != "CI"}, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "imgsynth", "check"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert (
        "warning: content/milestones/paper-x.md:13: '隐空间' is a form the glossary avoids for 'latent space'; "
        "write '潜空间' (content/glossary.yaml)."
    ) in result.stdout.splitlines()


PROSE_ZH = """\
潜在扩散模型在潜空间里工作，它是一种扩散模型；这里的“扩散模型”不再链接。

## 潜空间

再说一次潜空间和扩散模型。[^src] 见 [VAE 的页面](https://example.org/vae)，以及 `VAE`。VQ-VAE 不是 VAE。"""

PROSE_EN = """\
Latent diffusion models work in a latent space. A VQ-VAE is not a VAE; "a diffusion model" is quoted.

Diffusion models came later, and the latent space again."""


def test_first_use_of_each_term_links_to_the_glossary_once_per_page(tmp_path: Path) -> None:
    loaded = terms(tmp_path)
    zh = link_first_uses(PROSE_ZH, loaded, "zh", "../../")
    assert zh.splitlines()[0] == (
        '[潜在扩散模型](../../glossary.md#latent-diffusion "在潜空间里扩散。"){ .ty-term }在'
        '[潜空间](../../glossary.md#latent-space "模型内部的表示空间。"){ .ty-term }里工作，它是一种'
        '[扩散模型](../../glossary.md#diffusion-model "逐步去噪的生成模型。"){ .ty-term }；'
        "这里的“扩散模型”不再链接。"
    )
    assert zh.splitlines()[2] == "## 潜空间"  # headings are never linked
    assert zh.splitlines()[4] == (
        "再说一次潜空间和扩散模型。[^src] 见 [VAE 的页面](https://example.org/vae)，以及 `VAE`。VQ-VAE 不是 "
        '[VAE](../../glossary.md#vae "一种自编码器。"){ .ty-term }。'
    )
    en = link_first_uses(PROSE_EN, loaded, "en", "../../")
    assert en.splitlines()[0] == (
        '[Latent diffusion models](../../glossary.md#latent-diffusion "Diffusion in a latent space."){ .ty-term } '
        "work in a "
        '[latent space](../../glossary.md#latent-space "A model\'s internal space of representations."){ .ty-term }. '
        'A VQ-VAE is not a [VAE](../../glossary.md#vae "A kind of autoencoder."){ .ty-term }; '
        '"a diffusion model" is quoted.'
    )
    assert en.splitlines()[2] == (
        '[Diffusion models](../../glossary.md#diffusion-model "A generative model that removes noise step by step.")'
        "{ .ty-term } came later, and the latent space again."
    )


def test_linked_prose_renders_as_links_with_the_class() -> None:
    term = GlossaryTerm("gan", {"zh": "生成对抗网络", "en": "generative adversarial network"}, {"zh": "x", "en": "y"})
    html = markdown.markdown(
        link_first_uses("Two generative adversarial networks.", [term], "en", "../../"), extensions=["attr_list"]
    )
    assert html == (
        '<p>Two <a class="ty-term" href="../../glossary.md#gan" title="y">generative adversarial networks</a>.</p>'
    )


@pytest.mark.parametrize("prose", ["StyleGAN and DCGAN.", "GAN-based? No: the GANs' rivals."])
def test_an_acronym_inside_a_longer_name_is_not_a_use(prose: str) -> None:
    term = GlossaryTerm(
        "gan",
        {"zh": "生成对抗网络", "en": "generative adversarial network"},
        {"zh": "x", "en": "y"},
        also={"en": ("GAN",)},
    )
    linked = link_first_uses(prose, [term], "en", "")
    assert linked.count("glossary.md#gan") == (0 if prose.startswith("Style") else 1)
    if not prose.startswith("Style"):
        assert "the [GANs](glossary.md#gan" in linked
