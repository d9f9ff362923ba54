"""Buttons: "did you mean" choices replace the message with the chosen card; "Share in channel"
posts the card visibly where the ephemeral answer was."""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App, Args

from bot.answers import answer_for_group
from bot.listeners.context import SlackContext
from bot.listeners.shell import known_prefs, reader_lang
from bot.render.slack.action_ids import (
    ACTION_CHOOSE,
    ACTION_DETAILS,
    ACTION_OPEN_CHANNEL,
    ACTION_SHARE,
)
from bot.render.slack.blocks import (
    fallback_text,
    group_card_blocks,
    to_dicts,
)
from bot.render.slack.card import DETAILS, details_view
from bot.render.slack.limits import MAX_MESSAGE_BLOCKS
from bot.render.wording import t

logger = logging.getLogger("sigbot")
ACTIONS = (
    ACTION_SHARE,
    f"{ACTION_CHOOSE}_N",
    f"{ACTION_DETAILS}_WHAT",
    ACTION_OPEN_CHANNEL,
)  # the feedback buttons are in feedback.py


def register(app: App, ctx: SlackContext) -> None:
    register_details(app, ctx)

    @app.action(re.compile(rf"^{ACTION_CHOOSE}_\d+$"))
    def handle_choice(args: Args) -> None:
        body, action = args.body, args.action or {}
        args.ack()
        snapshot = ctx.knowledge.current
        answer = answer_for_group(
            snapshot.kb, str(action.get("value", "")), reader_lang(args.context)
        )
        if answer is None:
            return
        prefs = known_prefs(args.context)
        blocks = ctx.blocks(
            answer,
            snapshot.kb,
            prefs.tz if prefs else None,
            share=bool(body.get("container", {}).get("is_ephemeral")),
        )
        args.respond(replace_original=True, blocks=blocks, text=fallback_text(answer))

    @app.action(ACTION_SHARE)
    def handle_share(args: Args) -> None:
        body, action = args.body, args.action or {}
        args.ack()
        snapshot = ctx.knowledge.current
        lang = reader_lang(args.context)
        answer = answer_for_group(snapshot.kb, str(action.get("value", "")), lang)
        if answer is None:
            return
        user = str(body.get("user", {}).get("id", ""))
        mention = f"<@{user}>" if re.fullmatch(r"[UW][A-Z0-9]+", user) else "Someone"
        blocks = ctx.blocks(answer, snapshot.kb, interactive=False)
        note = t("shared_by", lang, user=mention)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
        args.respond(
            response_type="in_channel",
            replace_original=False,
            blocks=blocks,
            text=fallback_text(answer),
        )


def register_details(app: App, ctx: SlackContext) -> None:
    """The compact card's buttons: details in place (ephemeral) or in the thread (a message
    everyone sees, where replacing it would change it for all); the channel button only opens
    a URL, but Slack still expects an ack."""

    @app.action(ACTION_OPEN_CHANNEL)
    def handle_open_channel(ack: Ack) -> None:
        ack()

    @app.action(re.compile(rf"^{ACTION_DETAILS}_({'|'.join(DETAILS)})$"))
    def handle_details(args: Args) -> None:
        body, action = args.body, args.action or {}
        args.ack()
        what = str(action.get("action_id", "")).rsplit("_", 1)[-1]
        snapshot = ctx.knowledge.current
        group = snapshot.kb.group(str(action.get("value", "")))
        if group is None or what not in DETAILS:
            return
        lang = reader_lang(args.context)
        details = details_view(
            group, what, lang, snapshot.kb, ctx.now(), workspace=ctx.workspace_url
        )
        container = body.get("container") or {}
        if container.get("is_ephemeral") or not body.get("message"):
            card = group_card_blocks(
                group,
                lang,
                snapshot.kb,
                "",
                ctx.now(),
                interactive=True,
                share=True,
                expanded=(what,),
                workspace=ctx.workspace_url,
            )
            args.respond(
                replace_original=True,
                blocks=to_dicts(card[:MAX_MESSAGE_BLOCKS]),
                text=group.display_name,
            )
            return
        message = body.get("message") or {}
        channel = str((body.get("channel") or {}).get("id", ""))
        thread = str(message.get("thread_ts") or message.get("ts") or "")
        try:
            args.client.chat_postMessage(
                channel=channel,
                thread_ts=thread or None,
                blocks=to_dicts(details[:MAX_MESSAGE_BLOCKS]),
                text=f"{group.display_name}: {t(f'details_{what}', lang)}",
            )
        except Exception as e:
            ctx.metrics.slack_api_errors.labels("error").inc()
            logger.warning("could not post details: %s", type(e).__name__)
