"""No answer changes unless it is meant to: every labelled question's answer (status,
confidence, groups, scores, why, feature) is recorded in benchmarks/eval/answers.snapshot.jsonl.
A change meant only to be faster or tidier must leave them all as they are; a change meant to
move answers re-records them (`python benchmarks/snapshot.py --write`), and the snapshot's diff
shows in review every answer that moved."""

from __future__ import annotations

from benchmarks.snapshot import answers, drift, recorded


def test_every_recorded_answer_is_given_again() -> None:
    moved = drift(answers(), recorded())
    assert not moved, "answers drifted from the snapshot:\n" + "\n".join(moved[:40])
