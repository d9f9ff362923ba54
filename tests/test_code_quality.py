"""The code stays as STYLE.md asks: ruff-clean, formatted, type-checked, and layered."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import REPO

CORE = [
    "model.py",
    "schedule.py",
    "upstream.py",
    "validation.py",
    "query.py",
    "matching.py",
    "answers.py",
    "render/wording.py",
    "render/meetings.py",
    "render/text.py",
]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "bot", "tests", "benchmarks"],
        ["ruff", "format", "--check", "bot", "tests", "benchmarks"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_static_checks_pass(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def imports_of(path: str) -> set[str]:
    tree = ast.parse((REPO / "bot" / path).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("module", CORE)
def test_the_core_imports_nothing_from_slack(module: str) -> None:
    assert not imports_of(module) & {"slack_bolt", "slack_sdk"}


@pytest.mark.parametrize("module", [m for m in CORE if m != "matching.py"])
def test_only_matching_imports_rapidfuzz(module: str) -> None:
    assert "rapidfuzz" not in imports_of(module)
