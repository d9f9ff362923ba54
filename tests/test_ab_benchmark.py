"""benchmarks/ab.py, the side-by-side check every engine change goes through: it loads another
version of the engine beside this one, times both on the same messages, and counts the labelled
answers that moved. Run against this very checkout, nothing may move, and both sides answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_ab(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "benchmarks/ab.py", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_same_engine_against_itself_moves_no_answer_and_times_both_sides() -> None:
    out = run_ab(
        "--against", ".", "--rounds", "1", "--limit", "3", "--classes", "short topics",
        "--sets", "dev.yaml,dev-natural.yaml",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    row = next(line for line in lines if line.startswith("short topics"))
    assert row.count("µs") == 4  # old and new mean, old and new p99
    assert any(line.startswith("answers that moved: 0 of ") for line in lines), out.stdout


def test_an_unknown_class_or_no_version_is_a_clear_error() -> None:
    out = run_ab("--against", ".", "--classes", "haiku", "--no-answers")
    assert out.returncode == 2 and "unknown classes ['haiku']" in out.stderr
    assert run_ab().returncode == 2
    out = run_ab("--against", ".", "--sets", "dev.yaml,sonnets.yaml")
    assert out.returncode == 2 and "unknown sets ['sonnets.yaml']" in out.stderr
