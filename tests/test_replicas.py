"""Two `sigbot serve` replicas sharing one real Redis, as behind a Kubernetes Service: a
re-delivered event is answered once, a newcomer is welcomed once, and feedback given through
one replica is in the report read from the store."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.conftest import REPO
from tests.fake_slack import FakeSlack
from tests.services import base_env, free_port, sigbot, wait_for_http
from tests.slack_requests import (
    BOT_TOKEN,
    SIGNING_SECRET,
    block_action,
    event_callback,
    mention,
    signed_headers,
    slash_command,
)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared_redis(redis_server) -> str:  # type: ignore[no-untyped-def]
    return f"redis://127.0.0.1:{redis_server.port}/3"  # a database of its own


@pytest.fixture(scope="module")
def replicas(fake: FakeSlack, shared_redis: str) -> Iterator[list[str]]:
    env = base_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.url,
        SIGBOT_STATE_URL=shared_redis,
        SIGBOT_WELCOME_CHANNELS="C_WELCOME",
        SIGBOT_LOG_QUERIES="1",
    )
    ports = [free_port(), free_port()]
    procs = [sigbot("serve", "--host", "127.0.0.1", "--port", str(p), env=env) for p in ports]
    urls = [f"http://127.0.0.1:{p}" for p in ports]
    for url, proc in zip(urls, procs, strict=True):
        wait_for_http(f"{url}/healthz", proc)
    yield urls
    for proc in procs:
        proc.terminate()
        proc.communicate(timeout=10)


def post(url: str, body: str, content_type: str, **headers: str) -> int:
    all_headers = {**signed_headers(body, content_type=content_type), **headers}
    request = urllib.request.Request(
        f"{url}/slack/events", data=body.encode(), headers=all_headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def settle(fake: FakeSlack, method: str, count: int) -> int:
    """Wait for `count` calls, then long enough that a duplicate would have arrived."""
    import time

    fake.wait_for(method, count)
    time.sleep(1.0)
    return len(fake.calls_to(method))


def test_one_event_delivered_to_both_replicas_is_answered_once(
    replicas: list[str], fake: FakeSlack
) -> None:
    fake.calls.clear()
    body = event_callback(mention("kubectl", ts="900.1"), event_id="EvReplica")
    assert post(replicas[0], body, "application/json") == 200
    assert post(replicas[1], body, "application/json", **{"X-Slack-Retry-Num": "1"}) == 200
    assert settle(fake, "chat.postMessage", 1) == 1


def test_a_newcomer_joining_through_each_replica_is_welcomed_once(
    replicas: list[str], fake: FakeSlack
) -> None:
    fake.calls.clear()
    for i, url in enumerate(replicas):  # two distinct deliveries of the same join
        event = {"type": "member_joined_channel", "user": "U777", "channel": "C_WELCOME"}
        assert post(url, event_callback(event, event_id=f"EvJoin{i}"), "application/json") == 200
    assert settle(fake, "chat.postEphemeral", 1) == 1


def test_feedback_through_one_replica_is_in_the_report_from_the_store(
    replicas: list[str], fake: FakeSlack, shared_redis: str
) -> None:
    fake.calls.clear()
    body = slash_command("pod stuck terminating", fake.response_url("r"), user="U42")
    request = urllib.request.Request(
        f"{replicas[0]}/slack/events",
        data=body.encode(),
        headers=signed_headers(body, content_type="application/x-www-form-urlencoded"),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        reply = json.loads(response.read())
    [controls] = [b for b in reply["blocks"] if b.get("block_id", "").startswith("sigbot_fb|")]
    click = block_action(
        "sigbot_correct",
        fake.response_url("r2"),
        selected="sig-node",
        user="U42",
        block_id=controls["block_id"],
    )
    assert post(replicas[1], click, "application/x-www-form-urlencoded") == 200
    fake.wait_for("response")

    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "report", "--state", shared_redis, "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["feedback"]["correct"] >= 1
    assert {"answered": None, "corrected": "sig-node", "count": 1, "people": 1} in report[
        "corrections"
    ]
    assert {"query": "pod stuck terminating", "count": 1} in report["unanswered"]
