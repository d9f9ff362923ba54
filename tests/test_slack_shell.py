"""Issue #25, the Slack shell: what every request goes through, whatever its surface. A
listener that fails still gets the person a polite reply (and the log a line with the request
id, never a secret); people's pseudonyms survive a change of bot token, on SQLite and Redis.
Signed requests through Bolt's real dispatch, a fake Slack Web API on loopback."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.app import build_app
from bot.listeners.context import SlackContext
from bot.live import LiveKnowledge
from bot.model import KnowledgeBase
from bot.settings import Settings
from bot.state import hash_user, open_store
from tests.fake_slack import FakeSlack
from tests.slack_requests import (
    BOT_TOKEN,
    SIGNING_SECRET,
    block_action,
    command,
    dispatch,
    event_callback,
    mention,
)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


def make_app(
    fake: FakeSlack, kb: KnowledgeBase, state_url: str = "memory://", **settings: Any
) -> tuple[App, SlackContext]:
    values: dict[str, Any] = {
        "bot_token": BOT_TOKEN,
        "signing_secret": SIGNING_SECRET,
        "api_url": fake.url,
    } | settings
    client = WebClient(token=values["bot_token"], base_url=fake.url)
    return build_app(
        Settings(**values), LiveKnowledge(kb), client=client, store=open_store(state_url)
    )


class Broken(RuntimeError):
    """What a listener with a bug raises."""


# @app.error: a failure becomes a logged id and a polite reply ------------------------------------


def test_a_command_whose_listener_raises_gets_a_polite_reply_with_a_reference(
    fake: FakeSlack, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    app, ctx = make_app(fake, kb)

    @app.command("/boom")
    def fail(ack: Ack) -> None:
        raise Broken(f"token {BOT_TOKEN} leaked into a message")

    body = command_body("/boom")
    status, text = dispatch(app, body)
    assert status == 200
    reply = json.loads(text)
    assert reply["response_type"] == "ephemeral"
    assert "something went wrong on my side" in reply["text"]
    reference = re.search(r"reference ([0-9a-f]{8})", reply["text"])
    assert reference is not None
    [line] = [r.getMessage() for r in caplog.records if "a listener failed" in r.getMessage()]
    assert reference.group(1) in line and "Broken" in line and "test_slack_shell.py" in line
    assert BOT_TOKEN not in caplog.text and SIGNING_SECRET not in caplog.text
    assert "sigbot_listener_errors_total 1.0" in ctx.metrics.exposition().decode()


def test_a_button_whose_listener_raises_after_the_ack_still_tells_the_clicker(
    fake: FakeSlack, kb: KnowledgeBase
) -> None:
    app, _ = make_app(fake, kb)

    @app.action("sigbot_test_boom")
    def fail(ack: Ack) -> None:
        ack()
        time.sleep(0.2)  # working on it (Bolt has sent the ack) when it fails
        raise Broken("after the ack")

    status, _ = dispatch(app, block_action("sigbot_test_boom", fake.response_url(), value="x"))
    assert status == 200
    [reply] = fake.wait_for("response")
    assert reply.args["response_type"] == "ephemeral"
    assert reply.args["replace_original"] is False
    assert "something went wrong on my side" in reply.args["text"]


def test_an_event_listener_that_raises_is_logged_with_the_event_id(
    fake: FakeSlack, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    app, _ = make_app(fake, kb)

    @app.event("reaction_added")
    def fail(event: dict[str, Any]) -> None:
        raise Broken("in an event")

    event = {"type": "reaction_added", "user": "U100", "reaction": "+1", "item": {}}
    status, _ = dispatch(app, event_callback(event, "EvBoom42"), content_type="application/json")
    assert status == 200
    assert wait_for_log(caplog, "request EvBoom42: a listener failed: Broken")


def test_answers_still_work_beside_the_error_handler(fake: FakeSlack, kb: KnowledgeBase) -> None:
    app, _ = make_app(fake, kb)
    assert command(app, fake, "kubectl")["text"] == "SIG CLI owns this."
    dispatch(app, event_callback(mention("kubectl", ts="5.5")), content_type="application/json")
    [post] = fake.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "5.5" and "SIG CLI" in post.args["text"]


# The pseudonym salt: its own setting, else the store's, never the bot token -----------------------


def feedback_user_hash(app: App, fake: FakeSlack) -> str:
    """U100 asks in a thread and clicks 👍 on the answer; the pseudonym stored with it."""
    fake.calls.clear()
    event = event_callback(mention("kubectl", ts="7.7"), event_id=f"Ev{uuid.uuid4().hex}")
    dispatch(app, event, content_type="application/json")
    [post] = fake.wait_for("chat.postMessage")
    blocks = post.args["blocks"]
    [controls] = [b for b in blocks if str(b.get("block_id", "")).startswith("sigbot_fb|")]
    dispatch(
        app,
        block_action(
            "sigbot_feedback_up",
            fake.response_url("fb"),
            value="up",
            block_id=controls["block_id"],
            ephemeral=False,
            message={"type": "message", "ts": "7.8", "blocks": blocks},
        ),
    )
    [response] = fake.wait_for("response")
    assert response.args["replace_original"] is True  # the asker's own click, recognised
    return str(controls["block_id"]).split("|")[-1]


@pytest.fixture(params=["sqlite", "redis"])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/state.db"
    return str(request.getfixturevalue("redis_url"))


def test_rotating_the_bot_token_keeps_everyones_pseudonym(
    fake: FakeSlack, kb: KnowledgeBase, state_url: str
) -> None:
    before, ctx_before = make_app(fake, kb, state_url, bot_token="xoxb-1-old-token-value")
    first = feedback_user_hash(before, fake)
    after, ctx_after = make_app(fake, kb, state_url, bot_token="xoxb-2-new-token-value")
    assert feedback_user_hash(after, fake) == first
    assert ctx_after.user_salt == ctx_before.user_salt
    people = {f.user_hash for f in open_store(state_url).feedback()}
    assert len(people) == 1  # one person, before and after the rotation


def test_a_configured_salt_is_used_as_given(
    fake: FakeSlack, kb: KnowledgeBase, state_url: str
) -> None:
    salt = "configured-salt-0123456789abcdef"
    app, ctx = make_app(fake, kb, state_url, pseudonym_salt=salt)
    assert ctx.user_salt == salt
    assert feedback_user_hash(app, fake) == hash_user("U100", salt)


def test_the_salt_setting_is_read_from_the_environment_and_checked() -> None:
    from bot.settings import SettingsError, load_settings

    env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-1-x"}
    salt = "0123456789abcdef0123"
    settings = load_settings("socket", env | {"SIGBOT_PSEUDONYM_SALT": salt})
    assert settings.pseudonym_salt == salt and salt in settings.secrets
    assert salt not in repr(settings)
    with pytest.raises(SettingsError, match="SIGBOT_PSEUDONYM_SALT must be at least 16"):
        load_settings("socket", env | {"SIGBOT_PSEUDONYM_SALT": "short"})


# helpers -----------------------------------------------------------------------------------------


def command_body(name: str) -> str:
    from urllib.parse import urlencode

    return urlencode(
        {
            "team_id": "T1",
            "channel_id": "C100",
            "user_id": "U100",
            "command": name,
            "text": "",
            "response_url": "http://127.0.0.1:9/r",
            "trigger_id": "1.2.3",
        }
    )


def wait_for_log(caplog: pytest.LogCaptureFixture, text: str, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in caplog.text:
            return True
        time.sleep(0.05)
    return False
