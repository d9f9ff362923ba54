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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from bot.app import build_app
from bot.listeners.context import SlackContext
from bot.live import LiveKnowledge
from bot.model import KnowledgeBase
from bot.settings import Settings
from tests.conftest import REPO
from tests.fake_github import FakeGitHub
from tests.fake_slack import FakeSlack
from tests.services import SigbotServe, base_env, free_port, sigbot
from tests.slack_requests import (
    BOT_TOKEN,
    SIGNING_SECRET,
    all_text,
    command,
    direct_message,
    dispatch,
    event_callback,
    slash_command,
)

FORM = "application/x-www-form-urlencoded"

ORDINARY = "kubelet crashes on start when the cgroup driver is systemd"


def gh_issue(number: Any, title: str, body: str = "", **extra: Any) -> dict[str, Any]:
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


# The Slack side: a real Bolt app, a fake Slack and a fake GitHub on loopback ----------------------

GITHUB_TOKEN = "ghp_testtoken1234567890abcdef"
LINK = "https://github.com/kubernetes/kubernetes/issues/101"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    server = FakeGitHub().start()
    server.add("kubernetes/kubernetes#101", "kube-proxy drops UDP packets after conntrack cleanup")
    yield server
    server.stop()


def slack_app(
    fake: FakeSlack, kb: KnowledgeBase, api_url: str, token: str = GITHUB_TOKEN
) -> tuple[App, SlackContext]:
    settings = Settings(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        api_url=fake.url,
        github_api_url=api_url,
        github_token=token,
    )
    return build_app(settings, LiveKnowledge(kb), client=WebClient(BOT_TOKEN, fake.url))


@pytest.fixture
def app(fake: FakeSlack, github: FakeGitHub, kb: KnowledgeBase) -> App:
    return slack_app(fake, kb, github.url)[0]


def send_dm(app: App, text: str, user: str = "U100", event_id: str = "Ev1") -> None:
    event = direct_message(text, user=user)
    status, _ = dispatch(app, event_callback(event, event_id), content_type="application/json")
    assert status == 200


def issue_requests(github: FakeGitHub) -> list[str]:
    return [p for p in github.paths if "/issues/" in p]


# 3. Private issues are never quoted -----------------------------------------------------------


@pytest.mark.parametrize(
    "repository",
    [
        {"private": True, "visibility": "private"},
        {"private": False, "visibility": "internal"},  # GitHub Enterprise: every member sees it
        {"full_name": "kubernetes/security"},  # visibility unknown
    ],
    ids=["private", "internal", "unknown"],
)
def test_an_issue_in_a_repository_that_is_not_public_is_answered_as_missing(
    app: App, fake: FakeSlack, github: FakeGitHub, repository: dict[str, Any]
) -> None:
    github.add("kubernetes/security#7", "Embargoed: kubelet leaks node credentials", "details")
    github.repos["kubernetes/security"] = repository
    reply = command(app, fake, "https://github.com/kubernetes/security/issues/7")
    assert "Looking up kubernetes/security#7" in reply["text"]
    [answer] = fake.wait_for("response")
    shown = json.dumps(answer.args)
    assert "does not exist or is private" in shown
    assert "Embargoed" not in shown and "credentials" not in shown
    send_dm(app, "what about https://github.com/kubernetes/security/issues/7 ?")
    [post] = fake.wait_for("chat.postMessage")
    assert "Embargoed" not in json.dumps(post.args)
    assert github.paths.count("/repos/kubernetes/security") == 1  # asked once, then cached


def test_without_a_token_the_repository_is_not_asked_and_public_issues_read_as_before(
    fake: FakeSlack, github: FakeGitHub, kb: KnowledgeBase
) -> None:
    app, _ = slack_app(fake, kb, github.url, token="")
    command(app, fake, LINK)
    [answer] = fake.wait_for("response")
    assert "SIG Network" in all_text(answer.args["blocks"])
    assert github.paths == ["/repos/kubernetes/kubernetes/issues/101"]
    assert "Authorization" not in github.requests[0]


# 4. With GitHub Enterprise, only its own links are looked up -----------------------------------


def test_with_an_enterprise_api_a_github_com_link_is_not_sent_there_and_still_answered(
    fake: FakeSlack, github: FakeGitHub, kb: KnowledgeBase
) -> None:
    enterprise = f"{github.url}/api/v3"  # shaped like https://HOST/api/v3
    app, _ = slack_app(fake, kb, enterprise)
    send_dm(app, f"who owns {LINK} ?")
    [post] = fake.wait_for("chat.postMessage")
    assert "kubernetes/kubernetes#101" in post.args["text"]
    assert "only read issues from the GitHub I am set up for" in post.args["text"]
    assert github.paths == []  # neither the link nor the token went to the Enterprise API
    host = github.url.removeprefix("http://")
    command(app, fake, f"http://{host}/kubernetes/kubernetes/issues/101")
    [answer] = fake.wait_for("response")
    assert "SIG Network" in all_text(answer.args["blocks"])
    assert "/api/v3/repos/kubernetes/kubernetes/issues/101" in github.paths


# 5. The token stays with GITHUB_API_URL's origin ----------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 307])
def test_a_redirect_to_another_origin_is_not_followed_with_the_token(
    app: App, fake: FakeSlack, github: FakeGitHub, status: int
) -> None:
    elsewhere = FakeGitHub().start()
    try:
        elsewhere.add("kubernetes/kubernetes#101", "kube-proxy drops UDP packets")
        path = "/repos/kubernetes/kubernetes/issues/101"
        github.redirects[path] = (status, elsewhere.url + path)
        command(app, fake, LINK)
        [answer] = fake.wait_for("response")
        assert "could not read kubernetes/kubernetes#101" in answer.args["text"]
        assert not any("Authorization" in headers for headers in elsewhere.requests)
    finally:
        elsewhere.stop()


def test_a_redirect_within_the_api_is_followed(
    app: App, fake: FakeSlack, github: FakeGitHub
) -> None:
    github.add("kubernetes/renamed#5", "CSI volume snapshots fail to restore")
    github.redirects["/repos/kubernetes/old-name"] = (301, "/repos/kubernetes/renamed")
    github.redirects["/repos/kubernetes/old-name/issues/5"] = (
        301,
        f"{github.url}/repos/kubernetes/renamed/issues/5",
    )
    command(app, fake, "https://github.com/kubernetes/old-name/issues/5")
    [answer] = fake.wait_for("response")
    assert "SIG Storage" in all_text(answer.args["blocks"])
    assert github.requests[-1]["Authorization"] == f"Bearer {GITHUB_TOKEN}"


# 6. The token never travels in clear text -----------------------------------------------------


@pytest.mark.parametrize("mode", ["serve", "run"])
def test_a_plain_http_github_api_url_stops_start_up_with_one_line(
    fake: FakeSlack, mode: str
) -> None:
    env = base_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_APP_TOKEN="xapp-1-A1-1-abc",
        SLACK_API_URL=fake.url,
        GITHUB_API_URL="http://github.example.com/api/v3",
        GITHUB_TOKEN=GITHUB_TOKEN,
    )
    args = ["serve", "--host", "127.0.0.1", "--port", str(free_port())] if mode == "serve" else []
    proc = sigbot(*(args or ["run"]), env=env)
    try:
        output, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode != 0
    lines = output.strip().splitlines()
    assert len(lines) == 1 and "GITHUB_API_URL" in lines[0] and "https" in lines[0]
    assert "Traceback" not in output and GITHUB_TOKEN not in output


# 7. One deadline for the whole read -----------------------------------------------------------


@pytest.mark.parametrize("mode", ["slow_headers", "trickle_headers", "trickle_body", "hang"])
def test_a_github_that_stalls_or_trickles_still_gets_the_user_a_reply_within_seven_seconds(
    app: App, fake: FakeSlack, github: FakeGitHub, mode: str
) -> None:
    if mode == "slow_headers":
        github.delay = 30.0
    else:
        github.mode = mode  # type: ignore[assignment]
    started = time.monotonic()
    command(app, fake, LINK)
    [answer] = fake.wait_for("response", timeout=15)
    assert time.monotonic() - started < 7
    assert "did not answer in time" in answer.args["text"]


# 8. GitHub never takes the threads that answer Slack ------------------------------------------


def test_a_user_over_the_lookup_limit_is_told_politely_and_github_is_not_asked(
    app: App, fake: FakeSlack, github: FakeGitHub
) -> None:
    for n in range(7):
        send_dm(app, f"https://github.com/kubernetes/kubernetes/issues/{200 + n}", event_id=f"E{n}")
    posts = fake.wait_for("chat.postMessage", count=7)
    busy = [p for p in posts if "I am busy right now" in p.args["text"]]
    assert len(busy) == 2 and all("Paste its title" in p.args["text"] for p in busy)
    assert len(issue_requests(github)) == 5


def test_the_same_link_twice_within_a_minute_is_read_from_github_once(
    app: App, fake: FakeSlack, github: FakeGitHub
) -> None:
    command(app, fake, LINK)
    fake.wait_for("response")
    command(app, fake, f"<{LINK}>", user="U200")
    answers = fake.wait_for("response", count=2)
    assert all("SIG Network" in all_text(a.args["blocks"]) for a in answers)
    assert issue_requests(github) == ["/repos/kubernetes/kubernetes/issues/101"]


# 11. A repository called `.` or `..` is not a repository --------------------------------------


@pytest.mark.parametrize("repo", [".", ".."])
def test_a_link_that_climbs_out_of_the_repository_path_is_not_looked_up(
    app: App, fake: FakeSlack, github: FakeGitHub, repo: str
) -> None:
    send_dm(app, f"https://github.com/kubernetes/{repo}/issues/101")
    [post] = fake.wait_for("chat.postMessage")
    assert post.args["text"]  # answered as a question
    assert github.paths == []


# 12 (GitHub's side). An answer nested too deep is a malformed answer --------------------------


def test_a_deeply_nested_answer_from_github_gets_the_user_a_reply_and_logs_no_traceback(
    app: App, fake: FakeSlack, github: FakeGitHub, caplog: pytest.LogCaptureFixture
) -> None:
    github.raw_issue_body = b"[" * 100_000 + b"]" * 100_000
    command(app, fake, LINK)
    [answer] = fake.wait_for("response")
    assert "could not read kubernetes/kubernetes#101" in answer.args["text"]
    assert "Traceback" not in caplog.text and "RecursionError" not in caplog.text


# 2 and 8, against the real `sigbot serve` -----------------------------------------------------


class Served(SigbotServe):
    """`sigbot serve` reading GitHub from a fake."""

    def __init__(self, fake: FakeSlack, github: FakeGitHub) -> None:
        super().__init__(fake.url, GITHUB_API_URL=github.url, GITHUB_TOKEN=GITHUB_TOKEN)

    def dm(self, text: str, user: str, event_id: str) -> None:
        body = event_callback(direct_message(text, user=user), event_id)
        assert self.post(body, "application/json")[0] == 200

    def sig(self, text: str, user: str, fake: FakeSlack) -> tuple[float, int, str]:
        started = time.monotonic()
        status, body = self.post(slash_command(text, fake.response_url(), user=user), FORM)
        return time.monotonic() - started, status, body

    def healthz(self) -> float:
        started = time.monotonic()
        assert self.get("/healthz", timeout=30)[0] == 200
        return time.monotonic() - started


def test_while_a_hostile_issue_is_read_everyone_else_is_still_answered(
    fake: FakeSlack, github: FakeGitHub
) -> None:
    github.add("kubernetes/kubernetes#9", ORDINARY, "\n" * 20_000 + "\u3000\n" * 10_000)
    served = Served(fake, github)
    try:
        served.dm("https://github.com/kubernetes/kubernetes/issues/9", "U1", "EvHostile")
        time.sleep(0.5)  # the read is under way
        assert served.healthz() < 3
        seconds, status, body = served.sig("network", "U2", fake)
        assert status == 200 and "SIG Network" in body and seconds < 3
        [post] = fake.wait_for("chat.postMessage", timeout=30)
        assert "SIG Node" in all_text(post.args["blocks"])
    finally:
        output = served.stop()
    assert "Traceback" not in output


def test_twenty_dms_waiting_on_a_silent_github_leave_sig_answered_within_three_seconds(
    fake: FakeSlack, github: FakeGitHub
) -> None:
    github.mode = "hang"
    served = Served(fake, github)
    try:
        for n in range(20):
            served.dm(f"https://github.com/kubernetes/kubernetes/issues/{n + 1}", f"U{n}", f"E{n}")
        seconds, status, body = served.sig("network", "UASK", fake)
        assert status == 200 and "SIG Network" in body
        assert seconds < 3
        github.stop()  # GitHub gives up: every DM still gets its reply
        replies = fake.wait_for("chat.postMessage", count=20, timeout=30)
        assert all("kubernetes/kubernetes#" in p.args["text"] for p in replies)
    finally:
        served.stop()


# 10. Issue data never starts a line of a --comment ---------------------------------------------

INJECTED = "\n/close\n/sig made-up\n/lgtm\n/approve\n-->\n"


@pytest.mark.parametrize("separator", ["\n", "\r\n", "\u2028", "\u0085"])
def test_a_title_or_url_carrying_prow_commands_starts_no_line_of_the_comment(
    tmp_path: Path, separator: str
) -> None:
    injected = INJECTED.replace("\n", separator)
    issues = [
        gh_issue(1, f"kubelet crashes on start{injected}", url=f"https://x.io/1{injected}"),
        gh_issue(2, f"kubectl apply --server-side fails{injected}`{injected}"),
        gh_issue(3, f"-->{injected}<!--", url=f"https://github.com/a/b/issues/3 -->{injected}"),
    ]
    result, _ = triage_cli(tmp_path, issues, "--comment")
    assert result.returncode == 0, result.stderr
    suggested, _ = triage_cli(tmp_path, issues, "--json")
    ours = {
        c
        for line in suggested.stdout.split("\n")[:-1]  # a title may hold U+2028, a line break
        for c in json.loads(line)["command"].split("\n")
        if c
    }
    for line in result.stdout.splitlines():
        stripped = line.strip()
        assert not stripped.startswith(("/close", "/lgtm", "/approve", "-->", "/sig made")), line
        assert not stripped.startswith("/") or stripped in ours, line
    heads = [line for line in result.stdout.splitlines() if line.startswith("<!-- sigbot")]
    assert len(heads) == 3 and all(
        line.endswith(" -->") and line.count("-->") == 1 for line in heads
    )
    assert "/sig node" in ours  # the real suggestion still comes out on its own line


# 11. `number` must be a number ------------------------------------------------------------------


@pytest.mark.parametrize("number", [True, "12", 1.5, [1]])
def test_an_issue_whose_number_is_not_an_integer_is_refused_in_one_line(
    tmp_path: Path, number: Any
) -> None:
    result, _ = triage_cli(tmp_path, [gh_issue(number, ORDINARY)])
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "number must be an integer" in lines[0]
    assert result.stdout == ""


# 12. A nesting bomb is malformed input ----------------------------------------------------------


@pytest.mark.parametrize(
    "bomb",
    ["[" * 100_000, '{"a":' * 100_000, "[" * 100_000 + "]" * 100_000],
    # Short ids: pytest before 9.2 puts the whole value in the test id and in the
    # PYTEST_CURRENT_TEST variable the CLI subprocess inherits, over Linux's 128 KiB limit.
    ids=["open-arrays", "open-objects", "closed-arrays"],
)
def test_triage_of_json_nested_a_hundred_thousand_deep_is_a_one_line_usage_error(
    tmp_path: Path, bomb: str
) -> None:
    result, _ = triage_cli(tmp_path, bomb)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nested too deep" in lines[0]
    assert "Traceback" not in result.stderr
