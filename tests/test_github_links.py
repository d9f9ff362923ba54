"""Issue #20, items 1-12: GitHub issues and links, tried as an attacker would. Issue bodies and
links are written by strangers, and the token may see more than the asker may. Each test
replays the attack through the real entry point: `sigbot triage` as a process, signed Slack
requests through Bolt's dispatch or the real `sigbot serve`, a fake GitHub and a fake Slack as
HTTP servers on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.conftest import REPO

ORDINARY = "kubelet crashes on start when the cgroup driver is systemd"


def gh_issue(number: int, title: str, body: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "number": number,
        "title": title,
        "body": body,
        "labels": [],
        "url": f"https://github.com/kubernetes/kubernetes/issues/{number}",
        **extra,
    }


def triage_cli(
    tmp_path: Path, issues: Any, *args: str, timeout: float = 60
) -> tuple[subprocess.CompletedProcess[str], float]:
    path = tmp_path / "issues.json"
    path.write_text(issues if isinstance(issues, str) else json.dumps(issues), encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "triage", str(path), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return result, time.monotonic() - started


# 1. A body of whitespace is read in time proportional to its size --------------------------------


def test_a_body_of_twenty_thousand_newlines_is_triaged_as_fast_as_an_ordinary_issue(
    tmp_path: Path,
) -> None:
    _, ordinary = triage_cli(tmp_path, [gh_issue(1, ORDINARY, "The kubelet exits.")])
    hostile = [
        gh_issue(2, ORDINARY, "\n" * 20_000),
        gh_issue(3, ORDINARY, "\u3000\n" * 10_000),
        gh_issue(4, ORDINARY, " \t\n\r\n" * 5_000),
    ]
    result, seconds = triage_cli(tmp_path, hostile, "--json", timeout=300)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["suggest"][0]["id"] for line in result.stdout.splitlines()] == [
        "sig-node"
    ] * 3
    assert seconds < ordinary + 3  # it took 77-145 s per issue, holding the GIL throughout
