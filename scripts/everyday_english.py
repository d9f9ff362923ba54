"""Regenerate the `everyday_english` list of knowledge/language.yaml (a curator's tool).

    pip install wordfreq && python scripts/everyday_english.py [KNOWLEDGE_DIR]

Why: "network", "release" and "windows" name Kubernetes groups, but in "the office network is
down" or "release party on friday" they are everyday English. The matcher trusts a single word
less the more common it is in ordinary English. That frequency comes from wordfreq (Zipf scale:
5 is a very common word, 3 a rare one), looked up here once for every word sigbot's vocabulary
uses, so that sigbot itself never needs wordfreq's 57 MB of data at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from wordfreq import zipf_frequency

from bot.knowledge.loader import load_knowledge
from bot.matching import document_vocabulary

MIN_ZIPF = 3.0  # rarer words are treated as technical terms: no need to list them


def main() -> int:
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("knowledge")
    kb = load_knowledge(directory)
    words = sorted(w for w in document_vocabulary(kb) if w.isascii() and w.isalpha())
    pairs = []
    for w in words:
        z = zipf_frequency(w, "en")
        if z >= MIN_ZIPF:
            pairs.append(f"{w}:{z:.1f}")
    path = directory / "language.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    doc = doc or {}
    doc["everyday_english"] = " ".join(pairs)
    head = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    path.write_text("\n".join(head) + "\n" + body, encoding="utf-8")
    print(f"wrote {len(pairs)} everyday words of {len(words)} to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
