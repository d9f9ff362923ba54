"""A real headless browser for tests: Debian's Chromium (`apt-get install chromium`), driven
over the Chrome DevTools Protocol with the `websockets` client the tests already use. Nothing is
downloaded: no browser builds, no driver. Outside CI a missing Chromium skips the test; with
CI=true it fails, as a missing Redis does.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
# This machine has no outside network, and a test must not reach it anyway.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--remote-debugging-port=0",
)


def chromium_binary() -> str:
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    message = "no Chromium: apt-get install chromium (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class Browser:
    """One Chromium process with a fresh profile, and one tab driven over CDP."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        from websockets.sync.client import connect

        self.profile = tempfile.mkdtemp(prefix="sigbot-chromium-")
        self.proc = subprocess.Popen(
            [chromium_binary(), *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port = self._devtools_port()
        with urllib.request.urlopen(
            urllib.request.Request(f"http://127.0.0.1:{port}/json/new?about:blank", method="PUT"),
            timeout=10,
        ) as resp:
            target = json.load(resp)
        self._stack = contextlib.ExitStack()
        self.ws = self._stack.enter_context(
            connect(target["webSocketDebuggerUrl"], max_size=None, open_timeout=10)
        )
        self.ids = itertools.count(1)
        self.console: list[str] = []  # console messages, for failures
        self.events: list[str] = []  # names of the other events since the last navigation
        self.send("Runtime.enable")
        self.send("Page.enable")

    def _devtools_port(self) -> int:
        marker = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if marker.is_file():
                first = marker.read_text().split("\n", 1)[0].strip()
                if first.isdigit():
                    return int(first)
            if self.proc.poll() is not None:
                raise AssertionError(f"chromium exited with {self.proc.returncode}")
            time.sleep(0.05)
        raise AssertionError("chromium did not open its DevTools port")

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """One command and its result; events that arrive meanwhile are kept."""
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = self._receive()
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))

    def _receive(self) -> dict[str, Any]:
        reply: dict[str, Any] = json.loads(self.ws.recv(timeout=30))
        if reply.get("method") == "Runtime.consoleAPICalled":
            args = reply["params"].get("args", [])
            self.console.append(" ".join(str(a.get("value", "")) for a in args))
        elif "method" in reply:
            self.events.append(reply["method"])
        return reply

    def open(self, url: str) -> None:
        """Navigate and wait for the load event: the page and its script have run."""
        self.events.clear()
        self.send("Page.navigate", url=url)
        deadline = time.monotonic() + 30
        while "Page.loadEventFired" not in self.events:
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} did not finish loading")
            self._receive()

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        try:
            self._stack.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)
