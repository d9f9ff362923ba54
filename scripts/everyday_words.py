"""Regenerate the `everyday_english` and `everyday_chinese` lists of knowledge/language.yaml (a
curator's tool).

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
from pathlib import Path

import yaml
from wordfreq import tokenize, zipf_frequency

from bot.knowledge.loader import load_knowledge
from bot.lang import has_cjk
from bot.matching import document_vocabulary

MIN_ZIPF = 2.5  # rarer English words are technical terms; 2.5-3.5 matters for "distinct" words
# Chinese aliases this common are everyday words (wordfreq's Chinese scale runs higher than its
# English one; 3.5 keeps 负载均衡 2.5 and 准入控制 2.1 technical, while 调度 3.9, 集群 3.7 and
# 网络 5.5 are everyday words outside a message about Kubernetes).
MIN_ZIPF_ZH = 3.5


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
    path = directory / "language.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    doc = doc or {}
    doc["everyday_english"] = " ".join(english)
    doc["everyday_chinese"] = " ".join(chinese)
    head = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    path.write_text("\n".join(head) + "\n" + body, encoding="utf-8")
    print(f"wrote {len(english)} everyday English words of {len(words)}, {len(chinese)} Chinese")
    return 0


if __name__ == "__main__":
    sys.exit(main())
