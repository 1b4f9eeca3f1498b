"""One date format per language and no stray spaces around Chinese full-width punctuation."""

from __future__ import annotations

import pytest

from imgsynth.render.typography import tidy


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("2015 年 11 月 19 日，三位作者", "2015年11月19日，三位作者"),
        ("在 2012 年“AI 之夏” 开始之前 ，", "在 2012年“AI 之夏”开始之前，"),
        ("论文在 9 月 2 日更新", "论文在 9月2日更新"),
        ("GAN （生成对抗网络）", "GAN（生成对抗网络）"),
        ("训练 3 个月、5 年", "训练 3 个月、5 年"),  # durations are not dates
        ("见 `a ， b` 与 [链接](https://example.org/a%20,b)。", "见 `a ， b` 与 [链接](https://example.org/a%20,b)。"),
        ("2014年6月10日", "2014年6月10日"),
    ],
)
def test_chinese_dates_and_punctuation(written, shown):
    assert tidy(written, "zh") == shown


def test_other_languages_are_left_alone():
    assert tidy("In 2015 , x ( y )", "en") == "In 2015 , x ( y )"
