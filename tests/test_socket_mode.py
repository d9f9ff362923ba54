"""`sigbot run` end to end over a real websocket: the real process, Bolt's builtin Socket Mode
client, a fake Socket Mode server and a fake Web API on loopback. Hello, commands answered in
the ack, events acked and answered once, buttons, a requested reconnect, a dropped connection
(recovered in well under 30 s, measured), the health port, and SIGTERM with work in flight."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.fake_slack import FakeSlack, Fault
from tests.fake_socket_mode import FakeSocketMode
from tests.services import base_env, free_port, sigbot, wait_for_http
from tests.slack_requests import BOT_TOKEN

APP_TOKEN = "xapp-1-A1-1234-appleveltokenvalue"
RECOVERY_LIMIT_SECONDS = 30.0


@dataclass
class Running:
    proc: subprocess.Popen[str]
    slack: FakeSlack
    socket: FakeSocketMode
    health: str

    def status(self, path: str = "/healthz") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"{self.health}{path}", timeout=5) as r:
                return int(r.status), r.read().decode()
        except urllib.error.HTTPError as e:
            return int(e.code), e.read().decode()


def start_run(
    with_socket: bool = True,
    slack: FakeSlack | None = None,
    fake_socket: FakeSocketMode | None = None,
    **extra_env: str,
) -> Running:
    slack = slack or FakeSlack().start()
    slack.users["U100"] = {"tz": "Europe/Berlin", "locale": "en-US"}
    fake_socket = fake_socket or FakeSocketMode().start()
    if with_socket:
        slack.socket_url = fake_socket.url
    port = free_port()
    env = base_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=slack.url,
        SIGBOT_HEALTH_PORT=str(port),
        **extra_env,
    )
    proc = sigbot("run", env=env)
    health = f"http://127.0.0.1:{port}"
    wait_for_http(f"{health}/metrics", proc)
    return Running(proc, slack, fake_socket, health)


def finish(running: Running) -> str:
    if running.proc.poll() is None:
        running.proc.terminate()
    output = running.proc.communicate(timeout=30)[0]
    running.socket.stop()
    running.slack.stop()
    return output


@pytest.fixture(scope="module")
def bot() -> Iterator[Running]:
    running = start_run()
    running.socket.wait_connections(1)
    yield running
    output = finish(running)
    assert BOT_TOKEN not in output and APP_TOKEN not in output  # never in the logs


def wait_until(condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def slash_payload(text: str, response_url: str) -> dict[str, str]:
    return {
        "token": "legacy",
        "team_id": "T1",
        "team_domain": "test",
        "channel_id": "C100",
        "channel_name": "general",
        "user_id": "U100",
        "user_name": "newcomer",
        "command": "/sig",
        "text": text,
        "api_app_id": "A1",
        "response_url": response_url,
        "trigger_id": "1.2.3",
    }


def mention_payload(text: str, event_id: str, ts: str) -> dict[str, object]:
    return {
        "token": "legacy",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": {
            "type": "app_mention",
            "user": "U100",
            "text": f"<@UBOT> {text}",
            "ts": ts,
            "channel": "C100",
            "event_ts": ts,
        },
    }


def test_connected_after_hello_and_health_says_so(bot: Running) -> None:
    assert wait_until(lambda: bot.status()[0] == 200)
    status, metrics = bot.status("/metrics")
    assert status == 200 and "sigbot_socket_connected 1.0" in metrics


def test_a_slash_command_is_answered_inside_the_envelope_ack(bot: Running) -> None:
    envelope = bot.socket.send(
        "slash_commands", slash_payload("network policy", bot.slack.response_url())
    )
    ack = bot.socket.wait_ack(envelope)
    assert ack["payload"]["response_type"] == "ephemeral"
    assert ack["payload"]["text"] == "SIG Network owns this."


def test_an_event_is_acked_at_once_answered_in_its_thread_and_only_once(bot: Running) -> None:
    bot.slack.calls.clear()
    payload = mention_payload("kubectl", "EvSock1", "321.0")
    started = time.monotonic()
    bot.socket.wait_ack(bot.socket.send("events_api", payload, retry_attempt=0))
    assert time.monotonic() - started < 3  # Slack's deadline for an ack
    bot.socket.wait_ack(
        bot.socket.send("events_api", payload, retry_attempt=1, retry_reason="timeout")
    )
    [post] = bot.slack.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "321.0" and post.args["text"] == "SIG CLI owns this."
    time.sleep(1.0)
    assert len(bot.slack.calls_to("chat.postMessage")) == 1


def test_a_button_click_is_acked_and_answered(bot: Running) -> None:
    bot.slack.calls.clear()
    payload = {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "test"},
        "user": {"id": "U100", "username": "newcomer", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "response_url": bot.slack.response_url("share"),
        "channel": {"id": "C100", "name": "general"},
        "container": {"type": "message", "message_ts": "1.0", "is_ephemeral": True},
        "actions": [
            {
                "action_id": "sigbot_share",
                "block_id": "share_sig-cli",
                "type": "button",
                "value": "sig-cli",
                "action_ts": "1.1",
            }
        ],
    }
    bot.socket.wait_ack(bot.socket.send("interactive", payload))
    [response] = bot.slack.wait_for("response")
    assert response.args["response_type"] == "in_channel"


def test_a_requested_reconnect_keeps_answering(bot: Running) -> None:
    before = len(bot.socket.connections)
    bot.socket.ask_to_reconnect()
    bot.socket.wait_connections(before + 1)
    envelope = bot.socket.send("slash_commands", slash_payload("kubectl", bot.slack.response_url()))
    assert bot.socket.wait_ack(envelope)["payload"]["text"] == "SIG CLI owns this."


def test_a_dropped_connection_is_replaced_within_30_seconds(bot: Running) -> None:
    before = len(bot.socket.connections)
    dropped_at = time.monotonic()
    bot.socket.drop()
    reconnected_at = bot.socket.wait_connections(before + 1, timeout=RECOVERY_LIMIT_SECONDS)
    recovery = reconnected_at - dropped_at
    print(f"recovered from a dropped connection in {recovery:.1f}s")
    assert recovery < RECOVERY_LIMIT_SECONDS
    envelope = bot.socket.send("slash_commands", slash_payload("kubectl", bot.slack.response_url()))
    assert bot.socket.wait_ack(envelope)["payload"]["text"] == "SIG CLI owns this."
    assert wait_until(lambda: bot.status()[0] == 200)
    _, metrics = bot.status("/metrics")
    assert 'sigbot_socket_reconnects_total{reason="connection"}' in metrics


def test_health_is_503_while_slack_cannot_be_reached() -> None:
    running = start_run(with_socket=False)  # apps.connections.open keeps failing
    try:
        time.sleep(1.0)
        assert running.status()[0] == 503
        assert running.proc.poll() is None  # it keeps trying rather than exiting
    finally:
        finish(running)


def test_without_the_health_variable_nothing_listens(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.settings import load_settings

    settings = load_settings("socket", {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN})
    assert settings.health_port is None


def test_sigterm_finishes_the_request_in_flight_then_exits() -> None:
    running = start_run()
    try:
        running.socket.wait_connections(1)
        assert wait_until(lambda: running.status()[0] == 200)
        # users.info is slow, so the mention's reply is still being composed at SIGTERM.
        slow = json.dumps({"ok": True, "user": {"id": "U300", "locale": "en-US"}})
        running.slack.fail("users.info", Fault(200, body=slow, delay=1.0))
        payload = mention_payload("kubectl", "EvTerm", "777.0")
        payload["event"]["user"] = "U300"  # type: ignore[index]
        running.socket.wait_ack(running.socket.send("events_api", payload))
        running.slack.wait_for("users.info")
        running.proc.send_signal(signal.SIGTERM)
        [post] = running.slack.wait_for("chat.postMessage", timeout=15)
        assert post.args["thread_ts"] == "777.0"
        assert running.proc.wait(timeout=20) == 0
    finally:
        finish(running)


def test_two_processes_sharing_redis_answer_a_redelivered_event_once(redis_url: str) -> None:
    """Slack spreads deliveries over an app's connections; a retry may reach the other one."""
    first = start_run(SIGBOT_STATE_URL=redis_url)
    second = start_run(slack=first.slack, fake_socket=first.socket, SIGBOT_STATE_URL=redis_url)
    try:
        first.socket.wait_connections(2)
        conns = list(first.socket.connections)
        payload = mention_payload("kubectl", "EvTwoProcs", "888.0")
        first.socket.wait_ack(first.socket.send("events_api", payload, to=conns[0]))
        first.socket.wait_ack(
            first.socket.send("events_api", payload, to=conns[1], retry_attempt=1)
        )
        first.slack.wait_for("chat.postMessage")
        time.sleep(1.0)
        posts = [
            c for c in first.slack.calls_to("chat.postMessage") if c.args["thread_ts"] == "888.0"
        ]
        assert len(posts) == 1
    finally:
        second.proc.terminate()
        second.proc.communicate(timeout=30)
        finish(first)
