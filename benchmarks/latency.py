"""Per-query latency of the answer engine vs a naive baseline, side by side in one run.

    python benchmarks/latency.py [--queries N]

Baseline: rapidfuzz WRatio over one string per group / subproject / OWNERS path, no index (what
one would write first). Both are timed on the same mixed queries (dev-set queries, their typo'd
and padded variants, and adversarial inputs: 10,000 characters, random unicode, control
characters, only Slack markup). Prints p50 / p99 / max per engine, the speed-up, and the answer
quality of each on the labelled dev set.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process, utils

from bot.answers import ask
from bot.knowledge.loader import load_knowledge
from bot.matching import build_index, phrases_of
from bot.model import KnowledgeBase

DEV = Path(__file__).resolve().parent / "eval" / "dev.yaml"
HOLDOUT = Path(__file__).resolve().parent / "holdout.yaml"


class NaiveBaseline:
    """One string per group, subproject and path; WRatio against all of them for every query."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.choices: list[str] = []
        self.owner: list[str] = []
        for g in kb.groups:
            self.choices.append(f"{g.display_name} {g.id} {g.mission}")
            self.owner.append(g.id)
            for s in g.subprojects:
                self.choices.append(s.name)
                self.owner.append(g.id)
                for loc in s.owners:
                    self.choices.append(loc)
                    self.owner.append(g.id)

    def top(self, query: str) -> str | None:
        hit = process.extractOne(
            query,
            self.choices,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=60,
        )
        return self.owner[hit[2]] if hit else None


def adversarial(rng: random.Random) -> list[str]:
    return [
        "x" * 10_000,
        "network " * 1_250,
        "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(2_000)),
        "".join(chr(rng.randrange(0, 32)) for _ in range(500)),
        "<@U123> <#C456|sig-node> <!channel> <https://example.com|x> " * 20,
        "网络策略" * 400,
        "",
        "?",
    ]


def workload(n: int, rng: random.Random) -> list[str]:
    base = [
        c["query"]
        for f in (DEV, HOLDOUT)
        if f.exists()
        for c in yaml.safe_load(f.read_text(encoding="utf-8"))["cases"]
    ]
    queries = []
    while len(queries) < n:
        q = rng.choice(base)
        r = rng.random()
        if r < 0.2 and len(q) > 4:  # swap two letters: a typo
            i = rng.randrange(len(q) - 1)
            q = q[:i] + q[i + 1] + q[i] + q[i + 2 :]
        elif r < 0.3:
            q = f"hey, quick question: {q} - thanks!"
        queries.append(q)
    return queries


def timed(fn, queries: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for q in queries:
        t0 = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t0) * 1e6)
    return out


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(42)
    kb = load_knowledge()
    index = build_index(kb)
    naive = NaiveBaseline(kb)
    queries = workload(args.queries, rng)
    bad = adversarial(rng)

    def engine(q: str) -> object:
        return ask(q, kb, index)

    for q in queries[:200]:  # warm both up (first-call costs, caches)
        engine(q)
        naive.top(q)
    ours = timed(engine, queries)
    theirs = timed(naive.top, queries)
    ours_bad = timed(engine, bad)
    theirs_bad = timed(naive.top, bad)

    cases = yaml.safe_load(DEV.read_text(encoding="utf-8"))["cases"]

    def quality(top_of) -> float:  # type: ignore[no-untyped-def]
        ok = 0
        for c in cases:
            top = top_of(c["query"])
            ok += (top in c["expect"]) if c["expect"] else (top is None)
        return ok / len(cases)

    def our_top(q: str) -> str | None:
        a = ask(q, kb, index)
        return a.matches[0].id if a.status not in ("none", "help", "list") and a.matches else None

    print(
        f"{len(queries)} mixed queries + {len(bad)} adversarial, full knowledge base "
        f"({len(kb.groups)} groups, {len(phrases_of(index).keys)} index keys)"
    )
    print(
        f"{'engine':<10} {'p50 µs':>9} {'p99 µs':>9} {'max µs':>9} "
        f"{'adv. max µs':>12} {'dev accuracy':>13}"
    )
    for name, t, tb, qual in (
        ("sigbot", ours, ours_bad, quality(our_top)),
        ("naive", theirs, theirs_bad, quality(naive.top)),
    ):
        print(
            f"{name:<10} {pct(t, 50):>9.1f} {pct(t, 99):>9.1f} {max(t):>9.1f} "
            f"{max(tb):>12.1f} {qual:>13.3f}"
        )
    print(
        f"speed-up at p50: {statistics.median(theirs) / statistics.median(ours):.1f}x, "
        f"at p99: {pct(theirs, 99) / pct(ours, 99):.1f}x"
    )


if __name__ == "__main__":
    main()
