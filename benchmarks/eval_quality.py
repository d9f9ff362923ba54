"""Score the answer engine on a labelled file of queries (default: ../shared/eval/dev.yaml).

    python benchmarks/eval_quality.py [CASES.yaml] [--show-failures]

Prints top-1 / top-3 accuracy on positives, the share of negatives rejected, and both per kind.
A positive counts for top-1 when the status is answer/ambiguous/archived and matches[0] is one of
the acceptable groups; a negative counts as rejected when the status is none, help or list.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from bot.answers import ask
from bot.loader import load_knowledge
from bot.matching import build_index

DEFAULT_CASES = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev.yaml"
REJECTED = ("none", "help", "list")


def score(cases: list[dict[str, Any]], show_failures: bool = False) -> dict[str, Any]:
    kb = load_knowledge()
    index = build_index(kb)
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # top1, top3, n
    positives = top1 = top3 = negatives = rejected = 0
    failures = []
    for case in cases:
        answer = ask(str(case["query"]), kb, index)
        ids = [m.id for m in answer.matches]
        expect = list(case.get("expect") or [])
        kind = str(case.get("kind", "?"))
        stats = per_kind[kind]
        stats[2] += 1
        if expect:
            positives += 1
            confident = answer.status not in REJECTED
            hit1 = confident and bool(ids) and ids[0] in expect
            hit3 = confident and any(i in expect for i in ids[:3])
            top1 += hit1
            top3 += hit3
            stats[0] += hit1
            stats[1] += hit3
            if not hit1:
                failures.append((kind, case["query"], expect, answer.status, ids[:3]))
        else:
            negatives += 1
            ok = answer.status in REJECTED
            rejected += ok
            stats[0] += ok
            stats[1] += ok
            if not ok:
                failures.append((kind, case["query"], expect, answer.status, ids[:3]))
    result = {
        "positives": positives,
        "top1": top1 / positives if positives else 1.0,
        "top3": top3 / positives if positives else 1.0,
        "negatives": negatives,
        "rejected": rejected / negatives if negatives else 1.0,
        "per_kind": {k: (v[0] / v[2], v[1] / v[2], v[2]) for k, v in sorted(per_kind.items())},
        "failures": failures,
    }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", default=str(DEFAULT_CASES))
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    cases = yaml.safe_load(Path(args.cases).read_text(encoding="utf-8"))["cases"]
    r = score(cases)
    print(f"cases: {len(cases)}  positives: {r['positives']}  negatives: {r['negatives']}")
    print(
        f"top-1: {r['top1']:.3f}  top-3: {r['top3']:.3f}  negatives rejected: {r['rejected']:.3f}"
    )
    print(f"{'kind':<12} {'top-1':>6} {'top-3':>6} {'n':>4}   (negative: share rejected)")
    for kind, (t1, t3, n) in r["per_kind"].items():
        print(f"{kind:<12} {t1:>6.2f} {t3:>6.2f} {n:>4}")
    if args.show_failures or r["failures"]:
        for kind, query, expect, status, ids in r["failures"]:
            print(f"  miss [{kind}] {query!r}: expected {expect}, got {status} {ids}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
