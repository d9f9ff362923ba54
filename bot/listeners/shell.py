"""What every request goes through, whatever its surface, in Bolt's own terms: middleware that
gives it an id, drops Slack's re-deliveries and attaches what is already known of the asker, and
the one error handler that turns a listener's failure into a log line with that id and a polite
reply, instead of silence.

Listeners read the per-request facts from Bolt's `context`: `context["request_id"]` and
`context["prefs"]` (the asker's time zone and language if already known, else None; never a
Slack call on the way).
"""

from __future__ import annotations

import json
import logging
import secrets
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient

from bot.lang import Lang, language_of
from bot.listeners.context import SlackContext, UserPrefs
from bot.render.wording import t

logger = logging.getLogger("sigbot")
BOT_PACKAGE = Path(__file__).resolve().parents[1]


def new_request_id() -> str:
    return secrets.token_hex(4)


def known_prefs(context: BoltContext) -> UserPrefs | None:
    """The asker's preferences as the middleware found them (None: not known yet)."""
    prefs = context.get("prefs")
    return prefs if isinstance(prefs, UserPrefs) else None


def reader_lang(context: BoltContext) -> Lang:
    prefs = known_prefs(context)
    return language_of(preferred=prefs.lang if prefs else None)


def register(app: App, ctx: SlackContext) -> None:
    @app.middleware
    def tag_request(body: dict[str, Any], context: BoltContext, next: Callable[[], None]) -> None:
        """An id for the request's log lines and, if it fails, for the apology: Slack's event
        id when there is one (it names the event in Slack's own logs too)."""
        event_id = body.get("event_id") if isinstance(body, dict) else None
        context["request_id"] = str(event_id) if event_id else new_request_id()
        next()

    @app.middleware
    def drop_duplicate_events(
        body: dict[str, Any], next: Callable[[], None]
    ) -> BoltResponse | None:
        """Slack re-delivers an event it thinks was not acknowledged; answer it only once."""
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id and not ctx.store.first_delivery(f"event:{event_id}"):
            ctx.metrics.duplicate_events.inc()
            return BoltResponse(status=200, body="")
        next()
        return None

    @app.middleware
    def attach_preferences(context: BoltContext, next: Callable[[], None]) -> None:
        context["prefs"] = ctx.users.cached(context.user_id or "") if context.user_id else None
        next()

    @app.error
    def handle_listener_error(
        error: Exception,
        body: dict[str, Any],
        context: BoltContext,
        response: BoltResponse | None,
        client: WebClient,
    ) -> BoltResponse | None:
        """Log the failure with the request id (the exception's type and where it happened,
        never its message, which could hold anything) and tell the person something went
        wrong, with the same id to quote."""
        request_id = str(context.get("request_id") or new_request_id())
        logger.error(
            "request %s: a listener failed: %s at %s",
            request_id,
            type(error).__name__,
            _where(error),
        )
        ctx.metrics.listener_errors.inc()
        text = t("error_reply", reader_lang(context), reference=request_id)
        if body.get("command") and response is not None:  # not acknowledged yet: say it there
            return BoltResponse(
                status=200,
                body=json.dumps({"response_type": "ephemeral", "text": text}),
                headers={"content-type": ["application/json;charset=utf-8"]},
            )
        try:
            _apologise(body, context, client, text)
        except Exception as e:  # Slack itself failing: the log line above is all we can do
            logger.warning("request %s: could not apologise: %s", request_id, type(e).__name__)
        return BoltResponse(status=200, body="") if response is not None else None


def _apologise(body: dict[str, Any], context: BoltContext, client: WebClient, text: str) -> None:
    """Where the person will see it: privately through the response URL for commands and
    buttons, else in the DM or the mention's thread."""
    if context.respond is not None:
        context.respond(response_type="ephemeral", replace_original=False, text=text)
        return
    raw_event = body.get("event")
    event: dict[str, Any] = raw_event if isinstance(raw_event, dict) else {}
    kind, channel = event.get("type"), event.get("channel")
    if channel and kind in ("app_mention", "message"):
        # A mention is answered in its thread; a DM in the DM (or the thread it was in).
        thread = event.get("thread_ts") or (event.get("ts") if kind == "app_mention" else None)
        client.chat_postMessage(channel=channel, thread_ts=thread, text=text)


def _where(error: Exception) -> str:
    """The innermost frame in sigbot's own code, as `file:line in function`."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f.filename.startswith(str(BOT_PACKAGE))] or frames
    if not ours:
        return "unknown"
    frame = ours[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"
