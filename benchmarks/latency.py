"""What a question costs, on the messages users really send, beside a naive baseline, in one run.

    python benchmarks/latency.py [--rounds N] [--no-startup]

Classes (each from the labelled sets in benchmarks/eval/, so the answers can be checked too):
short topics, typos, natural questions, chat lines, real issue titles, long messages with pasted
logs, Chinese, and the mixed batch of all of them. For each class: sigbot's mean and p99 per
question in-process (the engine alone, and with the JSON `sigbot ask --json` prints), the naive
baseline's mean (rapidfuzz WRatio over one string per group, subproject and OWNERS path: what one
would write first), the ratio naive / sigbot on the JSON path, and top-1 on the class (so a speed
change that changes answers shows up here). Then the start-up of one `sigbot ask "..."` process
and the peak memory (RSS) of a process that loaded the knowledge and answered the mixed batch.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process, utils

from bot.answers import ask
from bot.knowledge.loader import load_knowledge
from bot.matching import build_index
from bot.model import KnowledgeBase
from bot.render.json_out import CardCache, answer_line

EVAL = Path(__file__).resolve().parent / "eval"
Case = dict[str, Any]
REJECTED = ("none", "help", "list")


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


def _cases(name: str) -> list[Case]:
    return list(yaml.safe_load((EVAL / name).read_text(encoding="utf-8"))["cases"])


def _typo(case: Case, rng: random.Random) -> Case:
    """The same question with two neighbouring letters swapped in its longest word."""
    words = case["query"].split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    if len(w) > 4:
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return {**case, "query": " ".join(words)}


def classes(rng: random.Random) -> dict[str, list[Case]]:
    """The labelled questions by the kind of message they are."""
    dev, natural = _cases("dev.yaml"), _cases("dev-natural.yaml")
    blind = _cases("blind-dev.yaml")
    short = [c for c in dev if c["kind"] not in ("typo", "zh", "question")]
    short += [c for c in blind if c["kind"] == "short"]
    typos = [c for c in dev if c["kind"] == "typo"] + [_typo(c, rng) for c in short[:40]]
    out = {
        "short topics": short,
        "typos": typos,
        "natural questions": [c for c in natural if c["kind"] in ("question", "feature", "verify")]
        + [
            c
            for c in blind
            if c["kind"] in ("natural", "governance", "sensitive") and c.get("lang") != "zh"
        ],
        "chat lines": [c for c in natural if c["kind"] == "slack"],
        "real titles": _cases("real-titles-dev.yaml")
        + [c for c in natural if c["kind"] == "title"],
        "long messages": [c for c in blind if c["kind"] == "long"],
        "chinese": [c for c in dev + natural if c["kind"] == "zh"]
        + [c for c in blind if c.get("lang") == "zh" and c["kind"] != "long"],
    }
    out["mixed batch"] = [c for cases in out.values() for c in cases]
    return out


def timed(fn: Callable[[str], object], queries: list[str], rounds: int) -> list[float]:
    """Microseconds per call, the best of `rounds` for each query (the machine's noise out)."""
    best = [float("inf")] * len(queries)
    for _ in range(rounds):
        for i, q in enumerate(queries):
            t0 = time.perf_counter()
            fn(q)
            best[i] = min(best[i], (time.perf_counter() - t0) * 1e6)
    return best


def p99(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(0.99 * (len(s) - 1)))]


def startup_ms(runs: int = 5) -> float:
    """One `sigbot ask "..."` process, start to answer, the median of `runs`, as on a user's
    machine: Python's bytecode cache and sigbot's knowledge cache warm (a first run fills them;
    PYTHONDONTWRITEBYTECODE, set in some sandboxes, would recompile every edited module)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "bot.cli", "ask", "network policy"]
    subprocess.run(command, capture_output=True, check=True, env=env)  # fills both caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=env)
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


PEAK_RSS = """
import json, resource, sys
from bot.answers import ask
from bot.knowledge.loader import load_knowledge
from bot.matching import build_index
kb = load_knowledge(); index = build_index(kb)
for q in json.load(sys.stdin):
    ask(q, kb, index)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_mb(queries: list[str]) -> float:
    """Peak resident memory of a process that loaded the knowledge and answered `queries`."""
    out = subprocess.run(
        [sys.executable, "-c", PEAK_RSS],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip()) / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join((__doc__ or "").split("\n\n")[0].split()))
    parser.add_argument("--rounds", type=int, default=3, help="timings per question (best kept)")
    parser.add_argument("--no-startup", action="store_true", help="skip the process timings")
    args = parser.parse_args()
    rng = random.Random(42)
    kb = load_knowledge()
    index = build_index(kb)
    naive = NaiveBaseline(kb)
    now = datetime.now(timezone.utc)
    by_class = classes(rng)

    def engine(q: str) -> object:
        return ask(q, kb, index)

    cards = CardCache()  # as `sigbot ask --json` keeps them across a batch

    def engine_json(q: str) -> object:
        return answer_line(ask(q, kb, index), kb, now, cards)  # as batch mode prints it

    mixed = [c["query"] for c in by_class["mixed batch"]]
    for q in mixed:  # warm up: first-call costs and caches, for both
        engine_json(q)
        naive.top(q)
    print(f"{len(mixed)} questions; per question, in-process, best of {args.rounds} rounds")
    head = ("class", "n", "engine mean", "p99", "+JSON mean", "p99", "naive mean", "naive/JSON")
    print(
        f"{head[0]:<18} {head[1]:>4} {head[2]:>12} {head[3]:>8} {head[4]:>11} {head[5]:>8}"
        f" {head[6]:>11} {head[7]:>10}  top-1"
    )
    for name, cases in by_class.items():
        queries = [c["query"] for c in cases]
        ours = timed(engine, queries, args.rounds)
        ours_json = timed(engine_json, queries, args.rounds)
        theirs = timed(naive.top, queries, args.rounds)
        answers = [ask(q, kb, index) for q in queries]
        right = sum(
            (a.status not in REJECTED and bool(a.matches) and a.matches[0].id in c["expect"])
            if c["expect"]
            else a.status in REJECTED
            for a, c in zip(answers, cases, strict=True)
        )
        mean, mean_json, mean_naive = (statistics.fmean(x) for x in (ours, ours_json, theirs))
        print(
            f"{name:<18} {len(cases):>4} {mean:>9.0f} µs {p99(ours):>5.0f} µs {mean_json:>8.0f} µs"
            f" {p99(ours_json):>5.0f} µs {mean_naive:>8.0f} µs {mean_naive / mean_json:>9.1f}x"
            f"  {right / len(cases):.3f}"
        )
    if not args.no_startup:
        print(
            f'one `sigbot ask "network policy"` process, start-up included: {startup_ms():.0f} ms'
        )
        rss = peak_rss_mb(mixed)
        print(f"peak memory of a loaded process answering the mixed batch: {rss:.0f} MB")


if __name__ == "__main__":
    main()
