"""Triage as maintainers and newcomers use it: `sigbot triage` on `gh` JSON (table, --json,
--comment, --all), and a GitHub link pasted into /sig, a mention or a DM, read from a fake GitHub
API on loopback. The core and the command answer from the frozen tests/fixtures/knowledge-mini;
the quality floor on real titles is in tests/test_real_data_quality.py."""

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
from bot.matching import Index
from bot.model import KnowledgeBase
from bot.settings import Settings, load_settings
from bot.triage import body_pieces, clean_body, suggest_owners, triage_issue
from tests.conftest import MINI_KNOWLEDGE, REPO
from tests.fake_github import FakeGitHub
from tests.fake_slack import FakeSlack
from tests.slack_requests import (
    BOT_TOKEN,
    SIGNING_SECRET,
    all_text,
    command,
    direct_message,
    dispatch,
    event_callback,
    mention,
)

GITHUB_TOKEN = "ghp_testtoken1234567890abcdef"
MINI = ("--knowledge", str(MINI_KNOWLEDGE))
TEMPLATE_BODY = """<!-- Please use this template while reporting a bug -->

#### What happened?

The kubelet restarts every container when the node's cgroup driver is systemd.

#### What did you expect to happen?

Containers keep running.

#### How can we reproduce it (as minimally and precisely as possible)?

```
$ kubectl get pods -A
E0101 12:00:00.000000    1234 kuberuntime_manager.go:123] network plugin error
panic: runtime error: invalid memory address
goroutine 1 [running]:
```

#### Kubernetes version

<details>
v1.30.0
</details>
"""


def issue(number: int, title: str, body: str = "", labels: tuple[str, ...] = ()) -> dict:
    return {
        "number": number,
        "title": title,
        "body": body,
        "labels": [{"name": n, "id": "x", "description": "", "color": "fff"} for n in labels],
        "url": f"https://github.com/kubernetes/kubernetes/issues/{number}",
    }


def run_triage(tmp_path: Path, issues: list[dict], *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(issues), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "triage", str(path), *MINI, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- the core ---------------------------------------------------------------------------------


def test_template_prompts_logs_and_stack_traces_are_not_read_as_the_issue() -> None:
    cleaned = clean_body(TEMPLATE_BODY)
    assert "cgroup driver is systemd" in cleaned
    for noise in ("What happened", "goroutine", "network plugin", "v1.30.0", "Please use"):
        assert noise not in cleaned


def test_a_huge_body_is_read_in_a_bounded_number_of_pieces() -> None:
    pieces = body_pieces("The scheduler preempts pods. " * 50_000)
    assert 0 < len(pieces) <= 6 and all(len(p) <= 300 for p in pieces)


def test_a_vague_title_is_rescued_by_the_body_but_never_with_high_confidence(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    vague = "Containers restart unexpectedly"
    [first, *_] = suggest_owners(vague, TEMPLATE_BODY, mini_kb, mini_index) or [None]
    assert first is not None and first.id == "sig-node" and first.confidence != "high"


def test_a_title_that_says_nothing_is_never_more_than_a_low_suggestion(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "x" matched a stray term; the engine answers none for it, so triage must not propose a
    label with medium confidence (a wrong label costs a maintainer more than none)."""
    suggestions = suggest_owners("x", "", kb, index)
    assert all(s.confidence == "low" for s in suggestions)


def test_the_title_counts_more_than_a_body_that_mentions_other_things(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    body = "We noticed this while testing CSI volume snapshots and the network policy setup."
    title = "kubectl apply --prune deletes the wrong objects"
    [first, *_] = suggest_owners(title, body, mini_kb, mini_index)
    assert first.id == "sig-cli"


def test_ci_failure_reports_are_never_labelled_with_high_confidence(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    title = "kubelet eviction tests time out in ci-kubernetes-node-e2e"
    [plain, *_] = suggest_owners(title, "", mini_kb, mini_index)
    assert (plain.id, plain.confidence) == ("sig-node", "high")  # the same words, not a CI report
    suggestions = suggest_owners(f"[Failing Test] {title}", "", mini_kb, mini_index)
    assert suggestions and all(s.confidence != "high" for s in suggestions)


def test_labelled_issues_are_skipped_unless_all_and_then_say_whether_we_agree(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    labelled = issue(2, "NetworkPolicy egress is not enforced", labels=("sig/network", "kind/bug"))
    assert triage_issue(labelled, mini_kb, mini_index).skipped
    kept = triage_issue(labelled, mini_kb, mini_index, keep_labelled=True)
    assert kept.agrees is True and kept.suggest[0].label == "sig/network"
    wrong = issue(3, "NetworkPolicy egress is not enforced", labels=("sig/storage",))
    assert triage_issue(wrong, mini_kb, mini_index, keep_labelled=True).agrees is False


# --- the command ------------------------------------------------------------------------------


def test_triage_json_follows_the_contract_with_a_prow_command_for_sure_answers(
    tmp_path: Path,
) -> None:
    issues = [
        issue(1, "kubelet crashes when the cgroup driver is systemd", TEMPLATE_BODY),
        issue(2, "NetworkPolicy egress is not enforced", labels=("sig/network",)),
        issue(3, "Something is weird", "It does not work."),
    ]
    result = run_triage(tmp_path, issues, "--json")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["number"] for line in lines] == [1, 3]  # #2 already has an owner label
    first = lines[0]
    assert {"number", "url", "title", "suggest", "command"} <= first.keys()
    top = first["suggest"][0]
    assert {"id", "label", "score", "confidence"} <= top.keys()
    assert (top["id"], top["label"], top["confidence"]) == ("sig-node", "sig/node", "high")
    assert first["command"] == "/sig node"
    assert lines[1]["suggest"] == [] and lines[1]["command"] == ""


def test_triage_table_and_comments_read_well(tmp_path: Path) -> None:
    issues = [issue(10, "CSI driver fails to attach volumes after upgrade")]
    table = run_triage(tmp_path, issues)
    assert "sig/storage" in table.stdout and "10" in table.stdout
    comment = run_triage(tmp_path, issues, "--comment").stdout
    assert "SIG Storage" in comment and "/sig storage" in comment and "Why:" in comment


def test_triage_with_all_marks_agreement(tmp_path: Path) -> None:
    issues = [issue(2, "NetworkPolicy egress is not enforced", labels=("sig/network",))]
    out = run_triage(tmp_path, issues, "--all")
    assert "label agrees" in out.stdout


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "is not what `gh issue list"),
        ('{"items": []}', "no title"),
        ('[{"title": 5}]', "no title"),
        ('[{"title": "x", "labels": "sig/node"}]', "labels must be a list"),
    ],
)
def test_input_that_is_not_gh_json_is_explained(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "triage", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and message in result.stderr


# --- in Slack ---------------------------------------------------------------------------------


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    server = FakeGitHub().start()
    server.add("kubernetes/kubernetes#101", "kube-proxy drops UDP packets after conntrack cleanup")
    server.add(
        "kubernetes/kubernetes#102",
        "Pods stuck terminating",
        labels=("sig/node", "kind/bug"),
    )
    server.add("kubernetes/kubernetes#103", "CSI volume snapshots fail to restore")
    yield server
    server.stop()


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture
def slack(fake: FakeSlack, github: FakeGitHub, mini_kb: KnowledgeBase) -> tuple[App, SlackContext]:
    settings = Settings(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        api_url=fake.url,
        github_api_url=github.url,
        github_token=GITHUB_TOKEN,
    )
    return build_app(settings, LiveKnowledge(mini_kb), client=WebClient(BOT_TOKEN, fake.url))


def later_response(fake: FakeSlack) -> dict[str, Any]:
    [response] = fake.wait_for("response")
    return response.args


def test_a_pasted_issue_link_is_acknowledged_then_answered_with_owner_command_and_card(
    slack, fake, github
) -> None:
    reply = command(slack[0], fake, "https://github.com/kubernetes/kubernetes/issues/101")
    assert "Looking up kubernetes/kubernetes#101" in reply["text"]
    answer = later_response(fake)
    shown = all_text(answer["blocks"])
    assert answer["replace_original"] is True
    assert "SIG Network" in shown and "/sig network" in shown and "#sig-network" in shown
    assert github.requests[0]["Authorization"] == f"Bearer {GITHUB_TOKEN}"


def test_an_already_labelled_issue_says_so_with_the_owners_card(slack, fake) -> None:
    command(slack[0], fake, "<https://github.com/kubernetes/kubernetes/issues/102>")
    shown = all_text(later_response(fake)["blocks"])
    assert "already labelled `sig/node`" in shown and "#sig-node" in shown


@pytest.mark.parametrize(
    "setup, expected",
    [
        ("missing", "does not exist or is private"),
        ("rate_limited", "rate-limiting"),
        ("slow", "did not answer in time"),
    ],
)
def test_when_github_cannot_answer_the_reply_asks_for_the_title(
    slack, fake, github, monkeypatch: pytest.MonkeyPatch, setup: str, expected: str
) -> None:
    url = "https://github.com/kubernetes/kubernetes/issues/101"
    if setup == "missing":
        url = "https://github.com/kubernetes/secret-repo/pull/7"
    elif setup == "rate_limited":
        github.rate_limited = True
    else:
        import bot.github

        monkeypatch.setattr(bot.github, "TIMEOUT_SECONDS", 0.5)
        github.delay = 2.0
    started = time.monotonic()
    command(slack[0], fake, url)
    answer = later_response(fake)
    assert expected in answer["text"] and "Paste its title" in answer["text"]
    assert time.monotonic() - started < 5
    assert (
        slack[1]
        .metrics.github_errors.labels(
            {"missing": "not_found", "rate_limited": "rate_limited", "slow": "timeout"}[setup]
        )
        ._value.get()
        == 1
    )


def test_a_pull_request_link_in_a_mention_is_triaged_in_the_thread(slack, fake, github) -> None:
    github.add("kubernetes/kubernetes#555", "Add ServiceCIDR allocator metrics")
    dispatch(
        slack[0],
        event_callback(
            mention(
                "who should review https://github.com/kubernetes/kubernetes/pull/555 ?", ts="7.7"
            )
        ),
        content_type="application/json",
    )
    [post] = fake.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "7.7" and "kubernetes/kubernetes#555" in post.args["text"]


def test_a_link_in_a_dm_is_triaged_and_the_token_never_reaches_the_logs(
    slack, fake, caplog: pytest.LogCaptureFixture
) -> None:
    dispatch(
        slack[0],
        event_callback(direct_message("https://github.com/kubernetes/kubernetes/issues/103")),
        content_type="application/json",
    )
    [post] = fake.wait_for("chat.postMessage")
    assert "SIG Storage" in all_text(post.args["blocks"])
    assert GITHUB_TOKEN not in caplog.text


def test_github_settings_come_from_the_environment() -> None:
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_APP_TOKEN": "xapp-1-x",
        "GITHUB_API_URL": "https://github.example.com/api/v3/",
        "GITHUB_TOKEN": GITHUB_TOKEN,
        "SIGBOT_STATE_URL": "memory://",
    }
    settings = load_settings("socket", env)
    assert settings.github_api_url == "https://github.example.com/api/v3"
    assert GITHUB_TOKEN in settings.secrets and GITHUB_TOKEN not in repr(settings)
