"""Realistic, signed Slack requests: slash commands, event callbacks, block actions."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_bolt import App, BoltRequest
from slack_sdk.signature import SignatureVerifier

from tests.fake_slack import FakeSlack

SIGNING_SECRET = "0123456789abcdef0123456789abcdef"
BOT_TOKEN = "xoxb-1234-5678-testtokenvalue"


def signed_headers(
    body: str, *, content_type: str, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }


def slash_command(text: str, response_url: str, user: str = "U100", channel: str = "C100") -> str:
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "team_domain": "test",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "newcomer",
            "command": "/sig",
            "text": text,
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": "123.456.abc",
        }
    )


def event_callback(event: dict[str, Any], event_id: str = "Ev1") -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        }
    )


def mention(
    text: str,
    ts: str = "1700000000.000100",
    thread_ts: str | None = None,
    user: str = "U100",
    channel: str = "C100",
) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@UBOT> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def direct_message(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D100",
        "user": "U100",
        "text": text,
        "ts": "1700000000.000200",
        "event_ts": "1700000000.000200",
        **extra,
    }


def block_action(
    action_id: str,
    response_url: str,
    *,
    value: str | None = None,
    selected: str | None = None,
    user: str = "U100",
    view: dict[str, Any] | None = None,
    ephemeral: bool = True,
    block_id: str = "b1",
    message: dict[str, Any] | None = None,
) -> str:
    """A click as Slack sends it. `message` is the clicked message (Slack includes it for
    messages everyone sees, not for ephemeral ones)."""
    action: dict[str, Any] = {
        "action_id": action_id,
        "block_id": block_id,
        "action_ts": "1700000001.0",
    }
    if value is not None:
        action.update(type="button", value=value, text={"type": "plain_text", "text": "x"})
    if selected is not None:
        action.update(
            type="static_select",
            selected_option={"value": selected, "text": {"type": "plain_text", "text": selected}},
        )
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "test"},
        "user": {"id": user, "username": "newcomer", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": "123.456.abc",
        "actions": [action],
    }
    if view is not None:
        payload["view"] = view
        payload["container"] = {"type": "view", "view_id": "V1"}
    else:
        payload["response_url"] = response_url
        payload["channel"] = {"id": "C100", "name": "general"}
        payload["container"] = {
            "type": "message",
            "message_ts": "1700000000.0003",
            "channel_id": "C100",
            "is_ephemeral": ephemeral,
        }
        if message is not None:
            payload["message"] = message
    return urlencode({"payload": json.dumps(payload)})


FORM = "application/x-www-form-urlencoded"


def dispatch(app: App, body: str, content_type: str = FORM, **signing: object) -> tuple[int, str]:
    headers = signed_headers(body, content_type=content_type, **signing)  # type: ignore[arg-type]
    response = app.dispatch(BoltRequest(body=body, headers=headers))
    return response.status, response.body


def command(app: App, fake: FakeSlack, text: str, user: str = "U100") -> dict:
    status, body = dispatch(app, slash_command(text, fake.response_url(), user=user))
    assert status == 200
    return json.loads(body)


def all_text(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)
