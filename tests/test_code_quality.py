"""The code stays as docs/STYLE.md asks: ruff-clean, formatted, type-checked, and layered in the
floors it describes."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import REPO

CORE = [
    "model.py",
    "schedule.py",
    "knowledge/upstream.py",
    "knowledge/validation.py",
    "message.py",
    "query.py",
    "matching.py",
    "evidence/base.py",
    "evidence/kinds.py",
    "evidence/phrases.py",
    "evidence/paths.py",
    "evidence/features.py",
    "evidence/terms.py",
    "answers.py",
    "calibration.py",
    "render/wording.py",
    "render/meetings.py",
    "render/cards.py",
    "render/json_out.py",
    "render/terminal/text.py",
    "render/terminal/triage_out.py",
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


# Floors, lowest first (docs/STYLE.md draws them). A module may import from its own floor or any
# floor below, never above:
# the request path (model -> query -> matching -> answers) knows nothing of the chairs' tools,
# of rendering or of Slack; the chairs' tools know nothing of rendering or Slack.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("data", ("lang", "model", "schedule", "errors")),
    ("words", ("message", "query")),
    ("matching", ("evidence", "matching")),
    ("answers", ("calibration", "answers", "triage")),
    ("store", ("state", "live")),
    ("knowledge", ("knowledge",)),
    ("render", ("render",)),
    ("adapters", ("metrics", "github", "settings", "slack_calls", "waitress_server", "health")),
    ("web", ("web",)),  # sigbot web: the HTML pages; nothing from Slack
    ("slack", ("listeners", "app", "server", "socket_mode")),
    ("cli", ("cli", "commands")),
]


def floor_of(module: str) -> int:
    """bot.knowledge.loader -> the floor of 'knowledge'."""
    top = module.split(".")[1] if module.count(".") >= 1 else module
    for i, (_, names) in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"{module} is on no floor: add it to LAYERS")


def bot_modules() -> dict[str, set[str]]:
    """Every module of bot/ and the bot modules it imports (at any depth of the file)."""
    out: dict[str, set[str]] = {}
    for path in (REPO / "bot").rglob("*.py"):
        rel = path.relative_to(REPO).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        if name == "bot":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot."):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("bot.")}
        out[name] = found
    return out


def test_every_import_goes_down_or_sideways_never_up() -> None:
    upward = [
        f"{module} imports {target}"
        for module, targets in bot_modules().items()
        for target in targets
        if floor_of(target) > floor_of(module)
    ]
    assert upward == []


def test_there_are_no_import_cycles_between_modules() -> None:
    modules = bot_modules()
    # `from bot.listeners import actions` inside bot/listeners/__init__ names a submodule,
    # not the package itself.
    graph = {m: {t for t in ts if t in modules and t != m} for m, ts in modules.items()}
    seen: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> None:
        if node in path:
            raise AssertionError(" -> ".join([*path[path.index(node) :], node]))
        if node in seen:
            return
        path.append(node)
        for target in graph.get(node, ()):
            visit(target)
        path.pop()
        seen.add(node)

    for module in graph:
        visit(module)
