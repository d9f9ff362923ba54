"""Buttons: "did you mean" choices replace the message with the chosen card; "Share in channel"
posts the card visibly where the ephemeral answer was."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.answers import answer_for_group
from bot.listeners.context import SlackContext
from bot.render.blocks import ACTION_CHOOSE, ACTION_SHARE, fallback_text, render_blocks
from bot.render.wording import t

ACTIONS = (ACTION_SHARE, f"{ACTION_CHOOSE}_N")


def _lang(ctx: SlackContext, body: dict[str, Any]) -> str:
    prefs = ctx.users.cached(str(body.get("user", {}).get("id", "")))
    return "zh" if prefs and prefs.lang == "zh" else "en"


def register(app: App, ctx: SlackContext) -> None:
    @app.action(re.compile(rf"^{ACTION_CHOOSE}_\d+$"))
    def handle_choice(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        snapshot = ctx.knowledge.current
        answer = answer_for_group(snapshot.kb, str(action.get("value", "")), _lang(ctx, body))  # type: ignore[arg-type]
        if answer is None:
            return
        prefs = ctx.users.cached(str(body.get("user", {}).get("id", "")))
        blocks = render_blocks(
            answer,
            snapshot.kb,
            ctx.now(),
            prefs.tz if prefs else None,
            share=bool(body.get("container", {}).get("is_ephemeral")),
        )
        respond(replace_original=True, blocks=blocks, text=fallback_text(answer))

    @app.action(ACTION_SHARE)
    def handle_share(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond
    ) -> None:
        ack()
        snapshot = ctx.knowledge.current
        lang = _lang(ctx, body)
        answer = answer_for_group(snapshot.kb, str(action.get("value", "")), lang)  # type: ignore[arg-type]
        if answer is None:
            return
        user = str(body.get("user", {}).get("id", ""))
        mention = f"<@{user}>" if re.fullmatch(r"[UW][A-Z0-9]+", user) else "Someone"
        blocks = render_blocks(answer, snapshot.kb, ctx.now(), None, interactive=False)
        note = t("shared_by", lang, user=mention)  # type: ignore[arg-type]
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
        respond(
            response_type="in_channel",
            replace_original=False,
            blocks=blocks,
            text=fallback_text(answer),
        )
