"""`/sig <anything>`: answered in the ack itself, ephemeral, with no Web API call on the way."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.listeners.context import SlackContext, UserPrefs, warm_user
from bot.listeners.replies import compose_reply

COMMANDS = ("/sig",)


def register(app: App, ctx: SlackContext) -> None:
    @app.command("/sig")
    def handle_sig_command(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        user = str(command.get("user_id", ""))
        # Fast path: only what we already know about the user; users.info happens after the ack.
        prefs = ctx.users.cached(user)
        reply = compose_reply(
            ctx, str(command.get("text") or ""), prefs or UserPrefs(), share=True, surface="command"
        )
        ack(response_type="ephemeral", blocks=reply.blocks, text=reply.text)
        if prefs is None and user:
            warm_user(ctx, client, user)
