"""The two languages sigbot answers in, and the one rule that picks between them."""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
# What "Chinese" means wherever the code asks: CJK Unified Ideographs, their Extension A and the
# compatibility block. The one definition; bot/query.py takes runs of them with `cjk_run`.
CJK_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
SNIFF_CHARS = 500  # enough of a message to tell its language


@cache
def cjk_run() -> re.Pattern[str]:
    """A run of Chinese characters. Every pattern with CJK_CLASS in it is compiled on first use,
    never at import: sre builds a class of 28,000 code points one code point at a time, in
    Python (~1.5 ms a pattern, six patterns were 10 ms of every `sigbot ask`), and ASCII text,
    an English question, never needs one."""
    return re.compile(f"{CJK_CLASS}+")


def has_cjk(text: str) -> bool:
    return not text.isascii() and cjk_run().search(text) is not None


def from_locale(locale: str) -> Lang | None:
    """A Slack locale ("zh-CN", "en-US") as a language we answer in, or None."""
    return "zh" if locale.lower().startswith("zh") else None


def language_of(text: str = "", preferred: Lang | None = None) -> Lang:
    """Chinese when the message is in Chinese or the reader's Slack locale is Chinese;
    English otherwise. Every surface decides this way."""
    return "zh" if has_cjk(text[:SNIFF_CHARS]) or preferred == "zh" else "en"
