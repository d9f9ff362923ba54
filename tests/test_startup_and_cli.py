"""Issue #20, items 17-20 and the front door: start-up errors and the command line's input, tried
as a new user and an attacker would, through real `sigbot` processes. Every failure is one line
that names the problem, a non-zero exit, and never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator

import pytest

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
