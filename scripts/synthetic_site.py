"""Synthetic sites for the build benchmark (``scripts/bench_build.py``); not part of the runtime package.

:func:`write_hook_site` copies the real project configuration and writes N valid synthetic
entries; :func:`write_control_site` writes the same site with the hook removed and the pages
the hook would generate written out as plain Markdown files (rendered here, once, before
anything is timed), so both builds give MkDocs the same pages in both languages.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from imgsynth.languages import DEFAULT, LANGUAGES
from imgsynth.plan import load_plan
from imgsynth_mkdocs.config import repo_links

ERAS_BY_YEAR = (
    (2011, "prehistory"),
    (2014, "origins"),
    (2019, "gan-years"),
    (2021, "transformers"),  # 2020-01 to 2022-07; 2022 is placed after July below
    (2023, "photoshop-era"),
)
KINDS = ("paper", "model", "dataset", "event", "artwork", "post", "software")
ORIGINS = ("article", "article", "article", "reader", "site")
_WORDS_EN = (
    "generator discriminator latent diffusion sampling network training images faces prompt "
    "texture style resolution dataset model noise encoder decoder attention pixels adversarial "
    "convolution transformer caption artists market open weights benchmark"
).split()
_PHRASES_ZH = (
    "生成器",
    "判别器",
    "潜在空间",
    "扩散模型",
    "训练数据",
    "图像",
    "人脸",
    "提示词",
    "风格",
    "分辨率",
    "数据集",
    "噪声",
    "编码器",
    "解码器",
    "注意力机制",
    "像素",
    "对抗训练",
    "卷积网络",
)


def _sentence_en(rng: random.Random) -> str:
    words = [rng.choice(_WORDS_EN) for _ in range(rng.randint(12, 22))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _sentence_zh(rng: random.Random) -> str:
    return (
        "，".join("".join(rng.choice(_PHRASES_ZH) for _ in range(3)) + "的研究" for _ in range(rng.randint(3, 5)))
        + "。"
    )


def _paragraphs(rng: random.Random, sentence: Callable[[random.Random], str], count: int, joiner: str) -> str:
    return "\n\n".join(joiner.join(sentence(rng) for _ in range(rng.randint(3, 5))) for _ in range(count))


def synthetic_entry(
    index: int, count: int, rng: random.Random, previous: str, tags: tuple[str, ...] = ()
) -> tuple[str, str]:
    """(id, file text) of a valid entry; dates spread over 2006–2023 in index order."""
    entry_id = f"m{index:05d}-{rng.choice(_WORDS_EN)}"
    year = 2006 + index * 18 // max(count, 1)
    era = next(name for last, name in ERAS_BY_YEAR if year <= last)
    month, day = rng.randint(8 if year == 2022 else 1, 12), rng.randint(1, 28)
    date = rng.choice(((f"{year}",) if year != 2022 else ()) + (f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"))
    lines = [
        "---",
        f"id: {entry_id}",
        f'date: "{date}"',
        f"era: {era}",
        f"kind: {KINDS[index % len(KINDS)]}",
        "title:",
        f"  zh: 合成里程碑 {index}：{rng.choice(_PHRASES_ZH)}",
        f"  en: Synthetic milestone {index}, {rng.choice(_WORDS_EN)} {rng.choice(_WORDS_EN)}",
        f"origin: {ORIGINS[index % len(ORIGINS)]}",
    ]
    if lines[-1] == "origin: reader":
        lines.append("raised_by: A Reader")
    cited = index % 2 == 1  # not an arXiv paper: a published source, cited in both languages
    if not cited:
        lines.append(f'arxiv: "{1400 + index % 900:04d}.{10000 + index:05d}"')
        lines += ["work:", f'  venue: "Proceedings of a Synthetic Conference {year}"']
    else:
        lines += [
            "sources:",
            "  - id: announcement",
            f"    url: https://example.org/announcements/{entry_id}",
            f"    title: Announcement {index}",
        ]
    lines += [
        "links:",
        f"  - url: https://example.org/milestones/{entry_id}",
        "    label:",
        f"      zh: 项目主页 {index}",
        f"      en: Project page {index}",
        f"tags: [{', '.join(sorted(set(rng.sample(tags, min(2, len(tags))))))}]" if tags else "tags: []",
        f"builds_on: [{previous}]" if previous and index % 3 == 1 else "builds_on: []",
    ]
    if index % 5 == 0:
        lines += [
            "annotations:",
            f"  - zh: {_sentence_zh(rng)}",
            f"    en: {_sentence_en(rng)}",
            f"    sources: [https://example.org/corrections/{entry_id}]",
            '    date: "2024-01-01"',
        ]
    lines += [
        "---",
        "<!-- lang: zh -->",
        _paragraphs(rng, _sentence_zh, 2, "") + (" [^announcement]" if cited else ""),
        "",
        "<!-- lang: en -->",
        _paragraphs(rng, _sentence_en, 2, " ") + (" [^announcement]" if cited else ""),
        "",
    ]
    return entry_id, "\n".join(lines)


def write_entries(milestones: Path, count: int, seed: int = 2014) -> None:
    rng = random.Random(seed)
    milestones.mkdir(parents=True, exist_ok=True)
    listed = milestones.parent / "tags.yaml"  # the tags an entry may use
    tags = (
        tuple(item["id"] for item in yaml.safe_load(listed.read_text(encoding="utf-8")) or [])
        if listed.is_file()
        else ()
    )
    previous = ""
    for index in range(count):
        entry_id, text = synthetic_entry(index, count, rng, previous, tags)
        previous = entry_id
        (milestones / f"{entry_id}.md").write_text(text, encoding="utf-8")


def write_hook_site(project: Path, target: Path, count: int) -> Path:
    """The real configuration, docs and hook with ``count`` synthetic entries; returns mkdocs.yml."""
    target.mkdir(parents=True)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (target / "mkdocs.yml").write_text(without_list(config, "watch", required=False), encoding="utf-8")
    shutil.copytree(project / "docs", target / "docs")
    if (project / "overrides").is_dir():  # theme.custom_dir
        shutil.copytree(project / "overrides", target / "overrides")
    shutil.copytree(project / "hooks", target / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(project / "content", target / "content", ignore=shutil.ignore_patterns("milestones"))
    write_entries(target / "content" / "milestones", count)
    return target / "mkdocs.yml"


def without_list(config_text: str, key: str, required: bool = True) -> str:
    """``mkdocs.yml`` text without its top-level ``key:`` list (a text edit: keeps any !!python tags).

    ``hooks`` is removed for the control site; ``watch`` (only used by ``mkdocs serve``) names
    folders the synthetic sites do not have.
    """
    result, removed = re.subn(rf"^{key}:[ \t]*\n(?:(?:[ \t]+.*|[ \t]*)\n)*", "", config_text, flags=re.M)
    if required and removed != 1:
        raise ValueError(f"mkdocs.yml has no '{key}:' list to remove")
    return result


def write_control_site(hook_site: Path, target: Path) -> tuple[Path, int]:
    """The same site without the hook: pre-rendered Markdown pages. Returns mkdocs.yml and the page count."""
    target.mkdir(parents=True)
    (target / "mkdocs.yml").write_text(
        without_list((hook_site / "mkdocs.yml").read_text(encoding="utf-8"), "hooks"), encoding="utf-8"
    )
    shutil.copytree(hook_site / "docs", target / "docs")
    if (hook_site / "overrides").is_dir():
        shutil.copytree(hook_site / "overrides", target / "overrides")
    # the very pages the hook generates: same generator, same arXiv metadata, same repository links
    plan = load_plan(hook_site / "content", project_root=hook_site)
    config = yaml.safe_load((hook_site / "mkdocs.yml").read_text(encoding="utf-8"))
    repo = repo_links(config.get("repo_url"), config.get("edit_uri"))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    pages = 0
    for lang in LANGUAGES:
        suffix = "" if lang == DEFAULT else f".{lang}"
        # the generated parts of hand-written pages, filled in as the hooks fill them
        for doc in (target / "docs").glob(f"*{suffix}.md" if suffix else "*.md"):
            if not suffix and any(doc.name.endswith(f".{other}.md") for other in LANGUAGES[1:]):
                continue
            doc.write_text(plan.fill(doc.read_text(encoding="utf-8"), lang), encoding="utf-8")
        for page in plan.pages(lang, repo):
            path = target / "docs" / page.src_uri.removesuffix(".md")
            path.parent.mkdir(parents=True, exist_ok=True)
            # a plain MkDocs site gets the page's metadata the plain way: as front matter
            front = yaml.dump(page.meta, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
            path.with_name(path.name + suffix + ".md").write_text(f"---\n{front}---\n{page.markdown}", encoding="utf-8")
            pages += 1
    return target / "mkdocs.yml", pages
