"""Issue #20, items 17-20 and the front door: start-up errors and the command line's input, tried
as a new user and an attacker would, through real `sigbot` processes. Every failure is one line
that names the problem, a non-zero exit, and never a traceback."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.state import QuestionRecord
from bot.state.sqlite_store import SqliteStore
from tests.conftest import REPO
from tests.fake_slack import FakeSlack, Fault
from tests.services import base_env, free_port
from tests.slack_requests import BOT_TOKEN, SIGNING_SECRET

APP_TOKEN = "xapp-1-A1-1-abc"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


def sigbot_cli(
    *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=REPO,
        env=env if env is not None else base_env(),
        input=stdin,
        capture_output=True,
        timeout=timeout,
    )


def one_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The single line a failed command printed (asserting there is exactly one)."""
    output = (result.stdout + result.stderr).decode()
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    return lines[0]


def slack_env(fake: FakeSlack, **extra: str) -> dict[str, str]:
    settings = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": fake.url,
        "SIGBOT_LOG_LEVEL": "WARNING",
    }
    return base_env(**(settings | extra))


# 17. `sigbot serve` refuses bad listening arguments in one line ---------------------------------


@pytest.mark.parametrize(
    "args, problem",
    [
        (["--port", "70000"], "70000 is not a port (1-65535)"),
        (["--port", "0"], "0 is not a port (1-65535)"),
        (["--port", "-1"], "-1 is not a port (1-65535)"),
        (["--threads", "0"], "at least 1 thread"),
        (["--host", "no-such-host.invalid", "--port", "3000"], "cannot resolve the host"),
    ],
    ids=["port-too-big", "port-zero", "port-negative", "no-threads", "unknown-host"],
)
def test_serve_refuses_what_it_cannot_listen_on_with_one_line_and_exit_2(
    fake: FakeSlack, args: list[str], problem: str
) -> None:
    result = sigbot_cli("serve", *args, env=slack_env(fake))
    assert result.returncode == 2
    assert problem in one_line(result)


def test_serve_on_a_port_in_use_exits_2_naming_the_port(fake: FakeSlack) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = sigbot_cli(
            "serve", "--host", "127.0.0.1", "--port", str(port), env=slack_env(fake)
        )
    assert result.returncode == 2
    line = one_line(result)
    assert f"--port {port} is already in use" in line


def test_serve_with_its_health_port_in_use_exits_2_naming_the_variable(fake: FakeSlack) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        health = taken.getsockname()[1]
        env = slack_env(fake, SIGBOT_HEALTH_PORT=str(health))
        result = sigbot_cli("serve", "--host", "127.0.0.1", "--port", str(free_port()), env=env)
    assert result.returncode == 2
    assert f"SIGBOT_HEALTH_PORT {health} is already in use" in one_line(result)


@pytest.mark.parametrize("mode", ["serve", "run"])
def test_when_slack_cannot_be_reached_at_start_up_one_clear_line_and_a_failing_exit(
    mode: str,
) -> None:
    closed = f"http://127.0.0.1:{free_port()}/"  # nothing listens there
    env = base_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=closed,
        SIGBOT_LOG_LEVEL="ERROR",
    )
    args = ["--host", "127.0.0.1", "--port", str(free_port())] if mode == "serve" else []
    result = sigbot_cli(mode, *args, env=env)
    assert result.returncode != 0
    output = (result.stdout + result.stderr).decode()
    assert "Traceback" not in output and BOT_TOKEN not in output
    [line] = [line for line in output.splitlines() if line.startswith("sigbot:")]
    assert "cannot reach Slack" in line


def test_a_rejected_bot_token_stops_start_up_with_one_line(fake: FakeSlack) -> None:
    fake.fail("auth.test", Fault(200, body='{"ok": false, "error": "invalid_auth"}'))
    env = slack_env(fake, SIGBOT_LOG_LEVEL="ERROR")
    result = sigbot_cli("serve", "--host", "127.0.0.1", "--port", str(free_port()), env=env)
    assert result.returncode != 0
    assert "Slack refused SLACK_BOT_TOKEN" in one_line(result)


def test_sigbot_version_prints_the_installed_version() -> None:
    from importlib import metadata

    result = sigbot_cli("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"sigbot {metadata.version('sigbot')}"


# `sigbot ask` starts fast: it loads only what a terminal answer needs ---------------------------

# Modules a terminal answer from the start-up cache has no use for, each a few milliseconds of
# every `sigbot ask` (the Slack and HTTP stacks far more): they load where they are used.
NOT_FOR_A_TERMINAL_ANSWER = (
    "slack_sdk",
    "slack_bolt",
    "aiohttp",
    "waitress",
    "jinja2",
    "yaml",
    "bot.render.slack",
    "bot.listeners",
    "bot.app",
    "bot.web",
    "logging",
    "subprocess",
    "tempfile",
    "importlib.metadata",
    "json",
)

# Counts what sigbot loads, not what the interpreter had loaded before it: a site-packages .pth
# may import modules at start-up (CI's system Python has one that imports certifi, and with it
# importlib.resources and tempfile), which no change to sigbot can avoid or cause.
ASK_PROBE = """
import sys
preloaded = set(sys.modules)
from bot.cli import main
from bot.lang import cjk_run
main(["ask", "network policy"])
loaded = set(sys.modules) - preloaded
print(sorted(m for m in loaded if m.startswith(tuple(sys.argv[1:]))))
print("chinese patterns compiled:", cjk_run.cache_info().currsize)
"""


# "" is a machine without a system tz database (slim containers): zoneinfo then reads the
# tzdata package, and must not pull in importlib.resources and tempfile to do it.
@pytest.mark.parametrize("tz_path", [None, ""], ids=["system-tzdb", "no-system-tzdb"])
def test_ask_in_english_loads_nothing_a_terminal_answer_does_not_need(tz_path: str | None) -> None:
    assert sigbot_cli("ask", "network policy").returncode == 0  # fills the start-up cache
    env = base_env() if tz_path is None else base_env(PYTHONTZPATH=tz_path)
    out = subprocess.run(
        [sys.executable, "-c", ASK_PROBE, *NOT_FOR_A_TERMINAL_ANSWER, "importlib.resources"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-2:] == ["[]", "chinese patterns compiled: 0"]


# 18. `sigbot ask --json` on stdin takes any bytes ------------------------------------------------


def test_batch_ask_answers_every_line_with_valid_json_whatever_the_bytes() -> None:
    lines = [
        b"kubectl",
        b"\xff\xfe\xc3 kubelet crashes",  # not UTF-8
        b'"first line\\nsecond: the kubelet crashes"',  # a JSON string, decoded first
        b'"\\ud800 kubelet"',  # a JSON string holding a lone surrogate
        b"x" * 200_000,  # 200 KB: refused, not answered
        b"\x01" * 7_000,  # control characters, six characters each as JSON
        b"network policy",
    ]
    result = sigbot_cli("ask", "--json", stdin=b"\n".join(lines) + b"\n", timeout=120)
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    text = result.stdout.decode("utf-8")  # strict: raises on invalid UTF-8
    out = text.split("\n")
    assert out[-1] == "" and len(out) == len(lines) + 1
    answers = [json.loads(line) for line in out[:-1]]
    assert all(len(line) < 20_000 for line in out)
    assert [a["status"] for a in answers][:4] == ["answer"] * 4
    assert answers[2]["query"] == "first line\nsecond: the kubelet crashes"
    oversized = answers[4]
    assert oversized["status"] == "none" and oversized["matches"] == []
    assert oversized["refused"] == "oversized" and len(oversized["query"]) < 10_000
    assert answers[-1]["matches"][0]["id"] == "sig-network"


# 19. `sigbot report` only reads ------------------------------------------------------------------


def snapshot(*paths: Path) -> list[tuple[bytes, int]]:
    return [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths]


def store_with_questions(path: Path) -> SqliteStore:
    store = SqliteStore(str(path))
    for i, text in enumerate(("network policy", "picnic plans")):
        store.add_question(
            QuestionRecord(f"q{i}", time.time(), "command", "none", None, None, text)
        )
    return store


def report_json(db: Path) -> dict[str, Any]:
    result = sigbot_cli("report", "--state", f"sqlite:///{db}", "--json")
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_report_beside_a_running_bot_leaves_the_database_and_its_wal_untouched(
    tmp_path: Path,
) -> None:
    db = tmp_path / "state.db"
    running_bot = store_with_questions(db)  # still open: its writes are in state.db-wal
    try:
        wal = Path(f"{db}-wal")
        assert wal.stat().st_size > 0
        before = snapshot(db, wal)
        time.sleep(0.05)
        assert report_json(db)["questions"] == 2
        assert snapshot(db, wal) == before
    finally:
        running_bot.close()


def test_report_on_a_rollback_journal_database_does_not_convert_it(tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    store_with_questions(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    before = snapshot(db)
    time.sleep(0.05)
    assert report_json(db)["questions"] == 2
    assert snapshot(db) == before and not Path(f"{db}-wal").exists()


def test_report_never_writes_a_schema_into_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = sigbot_cli("report", "--state", f"sqlite:///{empty}")
    assert result.returncode == 2
    assert "holds no sigbot state" in one_line(result)
    assert empty.stat().st_size == 0


# 20. The load benchmark leaves $HOME alone --------------------------------------------------------


def test_the_load_benchmark_keeps_its_state_out_of_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = base_env(HOME=str(home))
    env.pop("XDG_STATE_HOME", None)
    env.pop("SIGBOT_STATE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.load", "--requests", "8", "--levels", "1"],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert list(home.rglob("*")) == []
