"""Slack misbehaving: rate limits, server errors, resets, timeouts, retried deliveries. The user
still gets an answer or a short apology, and the app keeps serving."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

from bot.app import build_app
from bot.listeners.context import SlackContext
from bot.live import LiveKnowledge
from bot.model import KnowledgeBase
from bot.settings import Settings
from tests.fake_slack import FakeSlack, Fault
from tests.slack_requests import BOT_TOKEN, SIGNING_SECRET, event_callback, mention, signed_headers


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    server.users["U100"] = {"tz": "Europe/Berlin", "locale": "en-US"}
    yield server
    server.stop()


@pytest.fixture
def slack(fake: FakeSlack, kb: KnowledgeBase) -> tuple[App, SlackContext]:
    settings = Settings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=fake.url)
    client = WebClient(token=BOT_TOKEN, base_url=fake.url, timeout=1)
    return build_app(settings, LiveKnowledge(kb), client=client)


def send_mention(app: App, text: str, event_id: str, retry: int | None = None) -> int:
    body = event_callback(mention(text, ts=f"{event_id}.1"), event_id=event_id)
    headers = signed_headers(body, content_type="application/json")
    if retry is not None:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
    return app.dispatch(BoltRequest(body=body, headers=headers)).status


def posted_texts(fake: FakeSlack, count: int) -> list[str]:
    return [c.args.get("text", "") for c in fake.wait_for("chat.postMessage", count=count)]


def test_rate_limited_post_is_retried_after_retry_after(slack, fake) -> None:
    fake.fail(
        "chat.postMessage",
        Fault(429, {"Retry-After": "1"}, json.dumps({"ok": False, "error": "ratelimited"})),
    )
    assert send_mention(slack[0], "kubectl", "Ev1") == 200
    texts = posted_texts(fake, 2)
    assert texts[-1] == "SIG CLI owns this."
    assert slack[1].metrics.slack_api_errors.labels("rate_limited")._value.get() == 1


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_retried(slack, fake, status: int) -> None:
    fake.fail("chat.postMessage", Fault(status))
    send_mention(slack[0], "kubectl", "Ev2")
    assert posted_texts(fake, 2)[-1] == "SIG CLI owns this."


def settled_posts(fake: FakeSlack, at_least: int = 1, quiet: float = 2.5) -> list[str]:
    """The posts once nothing more has arrived for `quiet` seconds (so duplicates show)."""
    fake.wait_for("chat.postMessage", count=at_least)
    time.sleep(quiet)
    return [c.args.get("text", "") for c in fake.calls_to("chat.postMessage")]


@pytest.mark.parametrize(
    "fault",
    [Fault(0, drop=True), Fault(200, delay=1.5)],
    ids=["connection cut after the request was sent", "answer slower than the timeout"],
)
def test_a_post_that_may_have_arrived_is_neither_retried_nor_followed_by_an_apology(
    slack, fake, fault: Fault
) -> None:
    """Slack may have posted it: a retry would answer twice, an apology would be wrong."""
    fake.fail("chat.postMessage", fault)
    send_mention(slack[0], "kubectl", "Ev3")
    assert settled_posts(fake) == ["SIG CLI owns this."]
    assert slack[1].metrics.slack_api_errors.labels("post_uncertain")._value.get() == 1


def test_a_refused_connection_is_retried_because_nothing_was_sent(slack, fake) -> None:
    from tests.services import free_port

    app, ctx = slack
    real = app.client.base_url
    app.client.base_url = f"http://127.0.0.1:{free_port()}/"  # nobody listens there
    try:
        send_mention(app, "kubectl", "EvRefused")
        time.sleep(2.0)
    finally:
        app.client.base_url = real
    # The post was tried again (twice) before giving up: a refused connection delivered nothing.
    assert ctx.metrics.slack_api_errors.labels("connection")._value.get() >= 2


def test_a_long_retry_after_gives_up_instead_of_holding_a_worker(slack, fake) -> None:
    """Retry-After: 40 used to hold the worker 40 s; now it is refused at once and counted."""
    fake.fail(
        "chat.postMessage",
        Fault(429, {"Retry-After": "40"}, json.dumps({"ok": False, "error": "ratelimited"})),
    )
    started = time.monotonic()
    send_mention(slack[0], "kubectl", "EvLong")
    texts = settled_posts(fake, at_least=2, quiet=1.0)
    assert time.monotonic() - started < 10
    assert "Sorry" in texts[-1]  # the answer did not go out: say so once
    assert slack[1].metrics.slack_api_errors.labels("rate_limited_gave_up")._value.get() == 1


def test_persistent_failure_ends_in_an_apology_and_the_app_keeps_working(slack, fake) -> None:
    fake.fail("chat.postMessage", Fault(500), Fault(500), Fault(500))  # first try + 2 retries
    send_mention(slack[0], "kubectl", "Ev5")
    texts = posted_texts(fake, 4)
    assert "Sorry" in texts[3]
    send_mention(slack[0], "CSI", "Ev6")
    assert posted_texts(fake, 5)[-1] == "SIG Storage owns this."


def test_users_info_failure_still_answers_without_local_times(slack, fake) -> None:
    fake.fail("users.info", Fault(500), Fault(500), Fault(500))
    send_mention(slack[0], "kubectl", "Ev7")
    assert posted_texts(fake, 1)[0] == "SIG CLI owns this."


def test_a_retried_event_delivery_is_answered_once(slack, fake) -> None:
    assert send_mention(slack[0], "kubectl", "EvDup") == 200
    assert send_mention(slack[0], "kubectl", "EvDup", retry=1) == 200
    assert send_mention(slack[0], "kubectl", "EvDup", retry=2) == 200
    send_mention(slack[0], "CSI", "EvOther")
    texts = posted_texts(fake, 2)
    assert sorted(texts) == ["SIG CLI owns this.", "SIG Storage owns this."]
    assert slack[1].metrics.duplicate_events._value.get() == 2
