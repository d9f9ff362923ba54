"""The two languages sigbot answers in, and the one rule that picks between them."""

from __future__ import annotations

import re
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
# What "Chinese" means wherever the code asks: CJK Unified Ideographs, their Extension A and the
# compatibility block. The one definition; bot/query.py takes runs of them with CJK_RUN.
_CJK = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_CJK_CHAR = re.compile(_CJK)
CJK_RUN = re.compile(f"{_CJK}+")
SNIFF_CHARS = 500  # enough of a message to tell its language


def has_cjk(text: str) -> bool:
    return bool(_CJK_CHAR.search(text))


def from_locale(locale: str) -> Lang | None:
    """A Slack locale ("zh-CN", "en-US") as a language we answer in, or None."""
    return "zh" if locale.lower().startswith("zh") else None


def language_of(text: str = "", preferred: Lang | None = None) -> Lang:
    """Chinese when the message is in Chinese or the reader's Slack locale is Chinese;
    English otherwise. Every surface decides this way."""
    return "zh" if has_cjk(text[:SNIFF_CHARS]) or preferred == "zh" else "en"
