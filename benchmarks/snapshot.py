"""The answers to every labelled question, recorded, so a change that was meant to be only faster
(or only tidier) can be shown to change no answer.

    python benchmarks/snapshot.py            # compare with the recorded snapshot; exit 1 on drift
    python benchmarks/snapshot.py --write    # record the engine's answers as they are now

The snapshot (benchmarks/eval/answers.snapshot.jsonl) holds, per question, what `sigbot ask
--json` says without the cards (whose next meetings depend on the clock). tests/test_snapshot.py
runs the comparison; when an answer is meant to change, re-record it and let the diff of the
snapshot show, in review, every answer that moved.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from bot.answers import ask
from bot.knowledge.loader import load_knowledge
from bot.matching import build_index
from bot.render.json_out import answer_json

EVAL = Path(__file__).resolve().parent / "eval"
SNAPSHOT = EVAL / "answers.snapshot.jsonl"
SETS = (
    "dev.yaml",
    "dev-natural.yaml",
    "real-titles-dev.yaml",
    "blind-dev.yaml",
    "blind-dev2.yaml",
    "blind-dev3.yaml",
    "blind-dev4.yaml",
    "blind-dev5.yaml",
    "blind-dev6.yaml",
    "blind-dev7.yaml",
    "blind-dev8.yaml",
    "blind-dev9.yaml",
    "blind-dev10.yaml",
    "blind-dev11.yaml",
    "blind-dev12.yaml",
    "blind-dev13.yaml",
    "blind-dev14.yaml",
    "blind-dev15.yaml",
    "blind-dev16.yaml",
    "blind-dev17.yaml",
    "blind-dev18.yaml",
    "blind-dev19.yaml",
    "blind-dev20.yaml",
    "blind-dev21.yaml",
    "blind-dev22.yaml",
    "blind-dev23.yaml",
    "blind-dev24.yaml",
    "blind-dev25.yaml",
    "blind-dev26.yaml",
    "blind-dev27.yaml",
    "blind-dev28.yaml",
    "blind-dev29.yaml",
    "blind-dev30.yaml",
    "blind-holdout.yaml",
    "blind-holdout2.yaml",
    "blind-holdout3.yaml",
    "blind-holdout4.yaml",
    "blind-holdout5.yaml",
    "blind-holdout6.yaml",
    "blind-holdout7.yaml",
    "blind-holdout8.yaml",
    "blind-holdout9.yaml",
    "blind-holdout10.yaml",
    "blind-holdout11.yaml",
    "blind-holdout12.yaml",
    "blind-holdout13.yaml",
    "blind-holdout14.yaml",
    "blind-holdout15.yaml",
    "blind-holdout16.yaml",
    "blind-holdout17.yaml",
    "blind-holdout18.yaml",
    "blind-holdout19.yaml",
    "blind-holdout20.yaml",
    "blind-holdout21.yaml",
    "blind-holdout22.yaml",
    "blind-holdout23.yaml",
    "blind-holdout24.yaml",
    "blind-holdout25.yaml",
    "blind-holdout26.yaml",
    "blind-holdout27.yaml",
    "blind-holdout28.yaml",
    "blind-holdout29.yaml",
    "blind-holdout30.yaml",
    "blind-dev31.yaml",
    "blind-holdout31.yaml",
    "blind-dev32.yaml",
    "blind-holdout32.yaml",
    "blind-dev33.yaml",
    "blind-holdout33.yaml",
    "blind-dev34.yaml",
    "blind-holdout34.yaml",
)


def questions() -> list[str]:
    out: list[str] = []
    for name in SETS:
        out += [str(c["query"]) for c in yaml.safe_load((EVAL / name).read_text("utf-8"))["cases"]]
    return out


def answers() -> list[dict[str, Any]]:
    """Each answer's JSON, its question cut to 80 characters (a long message is recorded once,
    in its eval set)."""
    kb = load_knowledge()
    index = build_index(kb)
    out = []
    for q in questions():
        answer = answer_json(ask(q, kb, index))
        answer["query"] = q[:80]
        out.append(answer)
    return out


def recorded() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SNAPSHOT.read_text("utf-8").splitlines() if line]


def drift(now: list[dict[str, Any]], then: list[dict[str, Any]]) -> list[str]:
    """One line per question whose answer differs from the snapshot."""
    out = [f"{len(then)} recorded, {len(now)} now"] if len(now) != len(then) else []
    for a, b in zip(now, then, strict=False):
        if a != b:
            out.append(f"{a['query'][:70]!r}: {_short(b)} -> {_short(a)}")
    return out


def _short(answer: dict[str, Any]) -> str:
    ids = [m["id"] for m in answer.get("matches", [])[:2]]
    return f"{answer['status']}/{answer.get('confidence')} {ids}"


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join((__doc__ or "").split("\n\n")[0].split()))
    parser.add_argument("--write", action="store_true", help="record the answers as they are now")
    args = parser.parse_args()
    now = answers()
    if args.write:
        lines = (json.dumps(a, ensure_ascii=False, sort_keys=True) for a in now)
        SNAPSHOT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"recorded {len(now)} answers in {SNAPSHOT}")
        return 0
    lines = drift(now, recorded())
    print("\n".join(lines) if lines else f"all {len(now)} answers as recorded")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
