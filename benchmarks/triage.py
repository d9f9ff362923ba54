"""Triage quality and speed, in one run.

    python benchmarks/triage.py [--plot PNG] [--scale N]

Quality: runs `sigbot triage`'s core on benchmarks/eval/real-titles-dev.gh.json (the labelled
real titles of real-titles-dev.yaml, as `gh issue list --json` prints them, with the owner
labels removed) and prints top-1 and top-3 of the suggestions, then precision and coverage at
each confidence level, and draws the precision-coverage curve (needs matplotlib:
`pip install -e ".[bench]"`). Targets: top-1 >= 0.70; `high` precision >= 0.90 at coverage >= 0.35.

Speed: triages N issues (default 5,000: the titles again, each with a noisy templated body and a
log) and prints the time per issue and in total.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.loader import load_knowledge
from bot.matching import build_index
from bot.triage import read_issues, triage_all

EVAL_DIR = Path(__file__).resolve().parent / "eval"
TITLES = EVAL_DIR / "real-titles-dev.yaml"
GH_JSON = EVAL_DIR / "real-titles-dev.gh.json"
LEVELS = ("high", "medium", "low")
NOISY_BODY = """<!-- Please use this template while reporting a bug -->

#### What happened?

{title}. It started after we upgraded the cluster last week.

#### What did you expect to happen?

It keeps working.

#### How can we reproduce it (as minimally and precisely as possible)?

```console
$ kubectl get pods -A
E0101 12:00:00.000000    1234 reflector.go:138] failed to list *v1.Pod: context deadline exceeded
goroutine 1 [running]:
main.main()
	/go/src/k8s.io/kubernetes/cmd/kubelet/kubelet.go:44 +0x1d
```

#### Kubernetes version

<details>

```console
$ kubectl version
Client Version: v1.30.0
```

</details>
"""


def gh_json_from_titles() -> list[dict[str, Any]]:
    """real-titles-dev.yaml as `gh issue list --json number,title,body,labels,url` prints it."""
    cases = yaml.safe_load(TITLES.read_text(encoding="utf-8"))["cases"]
    issues = []
    for i, case in enumerate(cases, 1):
        source = str(case.get("source", ""))
        repo, _, rest = source.partition("#")
        number = int("".join(ch for ch in rest.split()[0] if ch.isdigit()) or i) if rest else i
        issues.append(
            {
                "number": number,
                "title": case["query"],
                "body": "",
                "labels": [],
                "url": f"https://github.com/{repo or 'kubernetes/kubernetes'}/issues/{number}",
                "expect": case["expect"],  # not a gh field: the answer key, ignored by triage
            }
        )
    return issues


def score_triage(
    raw: list[dict[str, Any]], kb: Any, index: Any
) -> tuple[float, float, dict[str, tuple[int, int]]]:
    """(top-1, top-3, {level: (first suggestions at that level, right)}) over labelled issues.
    The benchmark prints it; a test pins a floor on it."""
    results = triage_all(read_issues(raw), kb, index, keep_labelled=True)
    levels = {level: (0, 0) for level in LEVELS}
    top1 = top3 = 0
    for r, item in zip(results, raw, strict=True):
        expect = item["expect"]
        if r.suggest and r.suggest[0].id in expect:
            top1 += 1
        if any(s.id in expect for s in r.suggest):
            top3 += 1
        if r.suggest:
            n, ok = levels[r.suggest[0].confidence]
            levels[r.suggest[0].confidence] = (n + 1, ok + (r.suggest[0].id in expect))
    return top1 / len(raw), top3 / len(raw), levels


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join((__doc__ or "").split("\n\n")[0].split()))
    parser.add_argument("--plot", type=Path, help="write the precision-coverage curve here")
    parser.add_argument("--scale", type=int, default=5000, help="issues for the speed run")
    parser.add_argument(
        "--write-json", action="store_true", help="regenerate real-titles-dev.gh.json"
    )
    args = parser.parse_args()
    if args.write_json or not GH_JSON.exists():
        GH_JSON.write_text(json.dumps(gh_json_from_titles(), indent=1) + "\n", encoding="utf-8")
    raw = json.loads(GH_JSON.read_text(encoding="utf-8"))
    expect = [item["expect"] for item in raw]

    kb = load_knowledge()
    index = build_index(kb)
    results = triage_all(read_issues(raw), kb, index, keep_labelled=True)
    n = len(results)
    top1 = sum(
        bool(r.suggest) and r.suggest[0].id in e for r, e in zip(results, expect, strict=True)
    )
    top3 = sum(any(s.id in e for s in r.suggest) for r, e in zip(results, expect, strict=True))
    print(f"{GH_JSON.name}: {n} issues")
    print(f"  top-1 {top1 / n:.3f}   top-3 {top3 / n:.3f}   (target top-1 >= 0.70)")
    print("  first suggestion by confidence: answers, precision, coverage")
    points: list[tuple[float, float]] = []
    covered = right = 0
    for level in LEVELS:
        chosen = [
            (r, e)
            for r, e in zip(results, expect, strict=True)
            if r.suggest and r.suggest[0].confidence == level
        ]
        ok = sum(r.suggest[0].id in e for r, e in chosen)
        precision = ok / len(chosen) if chosen else 0.0
        print(f"    {level:<7}{len(chosen):>5}  {precision:.3f}  {len(chosen) / n:.3f}")
        covered += len(chosen)
        right += ok
        points.append((covered / n, right / covered if covered else 0.0))
    print(
        "  cumulative (high, +medium, +low): "
        + ", ".join(f"cov {c:.2f} prec {p:.2f}" for c, p in points)
    )
    print("  target: high precision >= 0.90 at coverage >= 0.35")

    if args.plot:
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            print("  (no plot: pip install -e '.[bench]' for matplotlib)")
        else:
            fig, ax = plt.subplots(figsize=(5, 4))
            ax.plot([c for c, _ in points], [p for _, p in points], marker="o")
            for (c, p), label in zip(points, ("high", "+medium", "+low"), strict=True):
                ax.annotate(label, (c, p), textcoords="offset points", xytext=(5, 5))
            ax.axhline(0.9, linestyle=":", color="grey")
            ax.set_xlabel("coverage (issues given a suggestion at this level or above)")
            ax.set_ylabel("precision of the first suggestion")
            ax.set_xlim(0, 1.05)
            ax.set_ylim(0, 1.05)
            ax.set_title("sigbot triage on real issue titles")
            fig.tight_layout()
            fig.savefig(args.plot, dpi=120)
            print(f"  curve written to {args.plot}")

    noisy = [
        {**item, "body": NOISY_BODY.format(title=item["title"])}
        for item in (raw * (args.scale // max(1, n) + 1))[: args.scale]
    ]
    issues = read_issues(noisy)
    started = time.perf_counter()
    triage_all(issues, kb, index, keep_labelled=False)
    seconds = time.perf_counter() - started
    print(
        f"\nspeed: {len(issues)} issues with templated bodies in {seconds:.2f} s "
        f"({seconds / len(issues) * 1000:.2f} ms each)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
