"""`app_mention` (reply in a thread) and direct messages (reply in the DM)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.github import IssueRef
from bot.lang import Lang
from bot.listeners.context import SlackContext, UserPrefs, prefs_within
from bot.listeners.replies import (
    compose_issue_reply,
    compose_reply,
    read_issue_later,
    reply_language,
)
from bot.render.slack.limits import MAX_MESSAGE_BLOCKS
from bot.render.wording import t
from bot.slack_calls import delivery_uncertain

EVENTS = ("app_mention", "message.im")
logger = logging.getLogger("sigbot")


def is_ignored_message(event: dict[str, Any]) -> bool:
    """Bots (ourselves included) and subtypes (edits, deletions, joins) never get a reply, so
    sigbot can never loop with itself or another bot."""
    return bool(
        event.get("bot_id") or event.get("subtype") or event.get("app_id")
    ) or not event.get("user")


def post_reply(
    ctx: SlackContext, client: WebClient, event: dict[str, Any], surface: str, thread_ts: str | None
) -> None:
    text = str(event.get("text") or "")
    user = str(event["user"])
    ref = ctx.issues.find(text)
    if ref is not None:  # a pasted GitHub link: read on the lookup pool, never on this thread
        post_issue_reply_later(ctx, client, event, surface, thread_ts, ref)
        return
    prefs = prefs_within(ctx, client, user)
    reply = compose_reply(ctx, text, prefs, surface=surface, user=user)
    lang = reply.answer.lang
    # A vulnerability or a conduct matter told in a channel: the answer goes to the asker alone,
    # with a word about the message they posted; a thread reply would draw the channel's eyes.
    private = surface == "mention" and reply.answer.private
    if private and deliver_privately(ctx, client, event, thread_ts, reply.blocks, reply.text, lang):
        return
    deliver(ctx, client, event, surface, thread_ts, (reply.blocks, reply.text), lang)


def deliver_privately(
    ctx: SlackContext,
    client: WebClient,
    event: dict[str, Any],
    thread_ts: str | None,
    blocks: list[dict[str, Any]],
    fallback: str,
    lang: Lang,
) -> bool:
    """Post the reply as an ephemeral message only the asker sees, headed by a note that their
    own message is public. False when Slack refuses (the caller then replies in the thread:
    the answer itself holds no detail of the report)."""
    note = t("private_reply_note", lang)
    head = {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]}
    try:
        client.chat_postEphemeral(
            channel=event["channel"],
            user=event["user"],
            thread_ts=thread_ts,
            blocks=[head, *blocks[: MAX_MESSAGE_BLOCKS - 1]] if blocks else None,
            text=f"{note} {fallback}",
        )
    except SlackApiError as e:
        logger.warning("chat.postEphemeral failed (report): %s", e.response.get("error"))
        ctx.metrics.slack_api_errors.labels("error").inc()
        return False
    except Exception as e:  # network failure after retries
        logger.warning("chat.postEphemeral failed (report): %s", type(e).__name__)
        if delivery_uncertain(e):  # it may have arrived: a second, public copy would be wrong
            ctx.metrics.slack_api_errors.labels("post_uncertain").inc()
            return True
        ctx.metrics.slack_api_errors.labels("connection").inc()
        return False  # reply in the thread instead
    return True


def post_issue_reply_later(
    ctx: SlackContext,
    client: WebClient,
    event: dict[str, Any],
    surface: str,
    thread_ts: str | None,
    ref: IssueRef,
) -> None:
    text, user = str(event.get("text") or ""), str(event["user"])

    def work() -> None:
        prefs = prefs_within(ctx, client, user)
        reply = compose_issue_reply(ctx, ref, text, prefs, surface)
        deliver(ctx, client, event, surface, thread_ts, reply, reply_language(text, prefs))

    def refuse() -> None:
        lang = reply_language(text, ctx.users.cached(user) or UserPrefs())
        busy = t("triage_busy", lang, issue=ref.name)
        deliver(ctx, client, event, surface, thread_ts, ([], busy), lang)

    read_issue_later(ctx, user, work, refuse)


def deliver(
    ctx: SlackContext,
    client: WebClient,
    event: dict[str, Any],
    surface: str,
    thread_ts: str | None,
    reply: tuple[list[dict[str, Any]], str],
    lang: Lang,
) -> None:
    """Post a reply; when Slack refuses it, apologise (unless it may have arrived)."""
    blocks, fallback = reply
    try:
        client.chat_postMessage(
            channel=event["channel"], thread_ts=thread_ts, blocks=blocks or None, text=fallback
        )
    except SlackApiError as e:
        logger.warning("chat.postMessage failed (%s): %s", surface, e.response.get("error"))
        ctx.metrics.slack_api_errors.labels("error").inc()
        _apologise(client, event, thread_ts, lang)
    except Exception as e:  # network failure after retries: log it, never crash the worker
        logger.warning("chat.postMessage failed (%s): %s", surface, type(e).__name__)
        if delivery_uncertain(e):
            # Slack may well have posted the answer; an apology under it would be wrong, and a
            # second try could post it twice.
            ctx.metrics.slack_api_errors.labels("post_uncertain").inc()
            return
        ctx.metrics.slack_api_errors.labels("connection").inc()
        _apologise(client, event, thread_ts, lang)


def _apologise(client: WebClient, event: dict[str, Any], thread_ts: str | None, lang: Lang) -> None:
    try:
        client.chat_postMessage(
            channel=event["channel"],
            thread_ts=thread_ts,
            text=t("apology", lang),
        )
    except Exception as e:
        logger.warning("could not post the apology either: %s", type(e).__name__)


def register(app: App, ctx: SlackContext) -> None:
    @app.event("app_mention")
    def handle_app_mention(event: dict[str, Any], client: WebClient) -> None:
        if is_ignored_message(event):
            return
        # Reply in the mention's thread, or in the thread the mention itself is in.
        post_reply(ctx, client, event, "mention", event.get("thread_ts") or event.get("ts"))

    @app.event("message")
    def handle_direct_message(event: dict[str, Any], client: WebClient) -> None:
        if event.get("channel_type") != "im" or is_ignored_message(event):
            return
        post_reply(ctx, client, event, "dm", event.get("thread_ts"))
