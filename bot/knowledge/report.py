"""`sigbot report`: which questions got no answer, or an ambiguous one, most frequent first, so
chairs know which aliases to add. Reads the JSON request lines the bot logs. Pure over lines."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from bot.query import normalise


def summarise_log(lines: Iterable[str], top: int = 30) -> str:
    missed: Counter[str] = Counter()
    ambiguous: Counter[str] = Counter()
    total = unanswered = without_text = 0
    for line in lines:
        start = line.find("{")
        if start < 0:
            continue
        try:
            record = json.loads(line[start:])
        except ValueError:
            continue
        if not isinstance(record, dict) or record.get("event") != "request":
            continue
        total += 1
        outcome = record.get("outcome")
        if outcome not in ("none", "ambiguous"):
            continue
        unanswered += 1
        query = record.get("query")
        if not isinstance(query, str):
            without_text += 1
            continue
        (missed if outcome == "none" else ambiguous)[normalise(query)] += 1
    out = [f"{total} requests, {unanswered} without a confident answer"]
    if without_text:
        out.append(
            f"({without_text} of them have no question text: set SIGBOT_LOG_QUERIES=1 to log it)"
        )
    for title, counter in (("No answer", missed), ("Ambiguous", ambiguous)):
        if counter:
            out.append(f"\n{title}:")
            out += [f"  {n:>5}  {q}" for q, n in counter.most_common(top)]
    return "\n".join(out)
