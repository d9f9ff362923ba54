"""Time to load, validate and index the whole knowledge base (start-up and every reload).

python benchmarks/load_knowledge.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from bot.knowledge.loader import load_knowledge
from bot.matching import build_index


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    loads, indexes = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        kb = load_knowledge()
        t1 = time.perf_counter()
        build_index(kb)
        t2 = time.perf_counter()
        loads.append((t1 - t0) * 1000)
        indexes.append((t2 - t1) * 1000)
    print(f"load+validate: median {statistics.median(loads):.1f} ms, max {max(loads):.1f} ms")
    print(f"build index:   median {statistics.median(indexes):.1f} ms, max {max(indexes):.1f} ms")
    print(
        f"total:         median {statistics.median(loads) + statistics.median(indexes):.1f} ms "
        f"({len(kb.groups)} groups, {len(kb.topics)} topic aliases, {args.repeat} runs)"
    )


if __name__ == "__main__":
    main()
