"""Two versions of the engine side by side in one process: what a change costs per class of
message, and which labelled answers it moved.

    python benchmarks/ab.py REV                # this checkout against git revision REV
    python benchmarks/ab.py --against DIR      # ... against another checkout (bot/, knowledge/)
        [--rounds N] [--classes "long messages,chinese"] [--limit N]

The other version is copied into a temporary folder as a package named `bot_ab` (its imports
rewritten), with its own knowledge, and loaded beside this one. Both answer the classes of
benchmarks/latency.py on the JSON path (`sigbot ask --json`'s line), alternately: each round
times every question of a class on one side, then on the other, the side that goes first
changing from round to round, best of three per question. On a shared machine both sides see
the same noise, which two runs of latency.py minutes apart do not. Printed per class: the
medians over the rounds of the means and p99s, and new / old. Then how many of the labelled
questions of benchmarks/snapshot.py answer differently (status, confidence, matches), the first
few of them, unless --no-answers.

Development tooling: it needs git for a revision, and reads no network.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from benchmarks.latency import EVAL, classes, p99  # noqa: E402
from benchmarks.snapshot import SETS  # noqa: E402

OTHER = "bot_ab"
_IMPORT = re.compile(r"^(\s*)(from|import)\s+bot(?=[.\s])", re.M)

Answerer = Callable[[str], str]


def fetch(target: Path, rev: str | None, against: Path | None) -> None:
    """The other version's bot/ and knowledge/ into `target`."""
    if against is not None:
        for part in ("bot", "knowledge"):
            shutil.copytree(
                against / part, target / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        return
    assert rev is not None
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "bot", "knowledge"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def as_other_package(target: Path) -> None:
    """bot/ -> bot_ab/, every `from bot.` / `import bot.` rewritten to it."""
    (target / "bot").rename(target / OTHER)
    for path in (target / OTHER).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        path.write_text(_IMPORT.sub(rf"\1\2 {OTHER}", text), encoding="utf-8")


def answerer(package: str, knowledge: Path | None) -> tuple[Answerer, Callable[[str], Any]]:
    """`package`'s engine on the JSON path, and its answer as the snapshot records it."""
    answers = importlib.import_module(f"{package}.answers")
    loader = importlib.import_module(f"{package}.knowledge.loader")
    matching = importlib.import_module(f"{package}.matching")
    json_out: ModuleType = importlib.import_module(f"{package}.render.json_out")
    kb = loader.load_knowledge(str(knowledge) if knowledge else None)
    index = matching.build_index(kb)
    cards = json_out.CardCache()
    now = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)  # the same clock on both sides

    def line(q: str) -> str:
        return str(json_out.answer_line(answers.ask(q, kb, index), kb, now, cards))

    def recorded(q: str) -> Any:
        a = json_out.answer_json(answers.ask(q, kb, index))
        return a["status"], a.get("confidence"), [m["id"] for m in a["matches"]]

    return line, recorded


def best_of_three(fn: Answerer, queries: list[str]) -> list[float]:
    best = [float("inf")] * len(queries)
    for _ in range(3):
        for i, q in enumerate(queries):
            t0 = time.perf_counter()
            fn(q)
            best[i] = min(best[i], (time.perf_counter() - t0) * 1e6)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=" ".join((__doc__ or "").split("\n\n")[0].split()))
    parser.add_argument("rev", nargs="?", help="a git revision of this repository")
    parser.add_argument("--against", type=Path, help="another checkout, instead of a revision")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--classes", help="comma-separated class names (default: all)")
    parser.add_argument("--limit", type=int, default=0, help="questions per class (0: all)")
    parser.add_argument("--no-answers", action="store_true", help="skip the answer comparison")
    parser.add_argument(
        "--sets", help="comma-separated labelled sets to compare answers on (default: all)"
    )
    args = parser.parse_args(argv)
    if (args.rev is None) == (args.against is None):
        parser.error("give a revision or --against DIR, not both")
    if args.sets and (unknown_sets := [s for s in args.sets.split(",") if s not in SETS]):
        parser.error(f"unknown sets {unknown_sets}; known: {', '.join(SETS)}")
    with tempfile.TemporaryDirectory(prefix="sigbot-ab-") as tmp:
        target = Path(tmp)
        fetch(target, args.rev, args.against)
        as_other_package(target)
        sys.path.insert(0, str(target))
        old_line, old_recorded = answerer(OTHER, target / "knowledge")
        new_line, new_recorded = answerer("bot", None)
        by_class = classes(random.Random(42))
        wanted = args.classes.split(",") if args.classes else list(by_class)
        unknown = [name for name in wanted if name not in by_class]
        if unknown:
            parser.error(f"unknown classes {unknown}; known: {', '.join(by_class)}")
        label = args.rev or str(args.against)
        print(f"{label} (old) against this checkout (new): JSON path, {args.rounds} rounds")
        print(
            f"{'class':<18} {'n':>4} {'old mean':>9} {'new mean':>9} {'new/old':>8}"
            f" {'old p99':>8} {'new p99':>8} {'new/old':>8}"
        )
        for name in wanted:
            queries = [c["query"] for c in by_class[name]]
            if args.limit:
                queries = queries[: args.limit]
            for q in queries:  # first-call costs out of the timing, on both sides
                old_line(q)
                new_line(q)
            rounds: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
            gc.disable()
            try:
                for r in range(args.rounds):
                    sides = [("old", old_line), ("new", new_line)]
                    for side, fn in sides if r % 2 == 0 else sides[::-1]:
                        best = best_of_three(fn, queries)
                        rounds[side].append((statistics.fmean(best), p99(best)))
            finally:
                gc.enable()
            om, nm = (statistics.median(m for m, _ in rounds[s]) for s in ("old", "new"))
            op, np_ = (statistics.median(p for _, p in rounds[s]) for s in ("old", "new"))
            print(
                f"{name:<18} {len(queries):>4} {om:>6.0f} µs {nm:>6.0f} µs {nm / om:>8.3f}"
                f" {op:>5.0f} µs {np_:>5.0f} µs {np_ / op:>8.3f}"
            )
        if not args.no_answers:
            compare(old_recorded, new_recorded, args.sets.split(",") if args.sets else SETS)
    return 0


def compare(
    old: Callable[[str], Any], new: Callable[[str], Any], sets: list[str] | tuple[str, ...]
) -> int:
    """How many labelled answers moved, per set; the questions of the held-out sets are never
    printed (they are scored, not read)."""
    total = moved = 0
    shown: list[str] = []
    for name in sets:
        cases = yaml.safe_load((EVAL / name).read_text("utf-8"))["cases"]
        here = 0
        for c in cases:
            q = str(c["query"])
            a, b = old(q), new(q)
            if a != b:
                here += 1
                if not name.startswith("blind-holdout") and len(shown) < 10:
                    shown.append(f"  {name}: {q[:80]!r}: {a} -> {b}")
        total += len(cases)
        moved += here
        if here:
            print(f"  {name}: {here} moved")
    print(f"answers that moved: {moved} of {total} labelled questions")
    print("\n".join(shown))
    return moved


if __name__ == "__main__":
    sys.exit(main())
