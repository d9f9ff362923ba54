"""Regenerate the `everyday_english`, `everyday_chinese` and `not_typos` lists of
knowledge/language.yaml, in place (a curator's tool).

    pip install wordfreq jieba && python scripts/everyday_words.py [KNOWLEDGE_DIR]

Why: "network", "release" and "windows" name Kubernetes groups, but in "the office network is
down" or "release party on friday" they are everyday English; 网络, 存储 and 发布 are everyday
Chinese ("小区的网络太慢了"). The matcher trusts a single word less the more common it is in
ordinary language. That frequency comes from wordfreq (Zipf scale: 5 is a very common word, 3 a
rare one), looked up here once for every word sigbot's vocabulary uses, so that sigbot itself
never needs wordfreq's data at run time. A Chinese alias is listed only when it is one word
(jieba does not cut it): 网络策略 is two words and a technical term, 网络 is one and everyday.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import yaml
from wordfreq import tokenize, top_n_list, zipf_frequency

from bot.knowledge.loader import load_knowledge
from bot.lang import has_cjk
from bot.matching import build_index, correct_word, document_vocabulary, max_edits
from bot.query import stem

MIN_ZIPF = 2.5  # rarer English words are technical terms; 2.5-3.5 matters for "distinct" words
# Chinese aliases this common are everyday words (wordfreq's Chinese scale runs higher than its
# English one; 3.5 keeps 负载均衡 2.5 and 准入控制 2.1 technical, while 调度 3.9, 集群 3.7 and
# 网络 5.5 are everyday words outside a message about Kubernetes).
MIN_ZIPF_ZH = 3.5
# English words at least this common are spelt as meant: "director" is not a typo of "directory",
# nor "phone" of "prone". Only those the corrector would otherwise change are listed.
NOT_TYPO_ZIPF = 3.0
NOT_TYPO_CANDIDATES = 60_000  # wordfreq's commonest English words looked at
# Common English words our records never use ("basement", "warranty"): at least this common, and
# below FUNCTION_ZIPF (the, but, has: words of every message, not of its subject).
OUTSIDE_ZIPF = 3.0
FUNCTION_ZIPF = 6.0


def main() -> int:
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("knowledge")
    kb = load_knowledge(directory)
    words = sorted(w for w in document_vocabulary(kb) if w.isascii() and w.isalpha())
    english = [f"{w}:{z:.1f}" for w in words if (z := zipf_frequency(w, "en")) >= MIN_ZIPF]
    aliases = sorted({t.alias.replace(" ", "") for t in kb.topics if t.lang == "zh"})
    chinese = [
        f"{a}:{z:.1f}"
        for a in aliases
        if has_cjk(a)
        and len(tokenize(a, "zh")) == 1
        and (z := zipf_frequency(a, "zh")) >= MIN_ZIPF_ZH
    ]
    not_typos = _not_typos(kb)
    outside = _everyday_outside(kb)
    path = directory / "language.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    for key, words_of in (
        ("everyday_english", english),
        ("everyday_chinese", chinese),
        ("not_typos", not_typos),
        ("everyday_outside", outside),
    ):
        text = _with_list(text, key, words_of)
    path.write_text(text, encoding="utf-8")
    print(
        f"wrote {len(english)} everyday English words of {len(words)}, {len(chinese)} Chinese, "
        f"{len(not_typos)} words that are not typos, {len(outside)} everyday words outside ours"
    )
    return 0


def _with_list(text: str, key: str, words: list[str]) -> str:
    """`text` (language.yaml) with the list `key` set to `words`, in place: the curated lists,
    their comments and their layout stay as they are."""
    value = yaml.safe_dump({key: " ".join(words)}, allow_unicode=True, width=100)
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
    if start is None:
        return text + ("" if not text or text.endswith("\n") else "\n") + value
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "\t")):
        end += 1  # the value's continuation lines
    return "".join(lines[:start]) + value + "".join(lines[end:])


def _not_typos(kb: object) -> list[str]:
    """Common English words the corrector would turn into a word of the vocabulary."""
    kb_index = build_index(kb)  # type: ignore[arg-type]
    kb_index.words = replace(kb_index.words, not_typos=frozenset())
    out = set()
    for w in top_n_list("en", NOT_TYPO_CANDIDATES):
        if not (w.isascii() and w.isalpha()) or zipf_frequency(w, "en") < NOT_TYPO_ZIPF:
            continue
        s = stem(w)
        if s in kb_index.vocabulary_set or not max_edits(s):
            continue
        if correct_word(kb_index, s):
            out.add(s)
    return sorted(out)


def _everyday_outside(kb: object) -> list[str]:
    """Common English words (as stems) that no record of ours uses: what a message about
    something else is made of."""
    kb_index = build_index(kb)  # type: ignore[arg-type]
    ours = kb_index.vocabulary_set | document_vocabulary(kb)  # type: ignore[arg-type]
    out = set()
    for w in top_n_list("en", NOT_TYPO_CANDIDATES):
        if not (w.isascii() and w.isalpha()):
            continue
        if not OUTSIDE_ZIPF <= zipf_frequency(w, "en") < FUNCTION_ZIPF:
            continue
        s = stem(w)
        if s not in ours and w not in ours:
            out.add(s)
    return sorted(out)


if __name__ == "__main__":
    sys.exit(main())
