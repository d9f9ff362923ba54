"""`/sig <anything>`: answered in the ack itself, ephemeral, with no Web API call on the way."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.github import find_issue_ref
from bot.listeners.context import SlackContext, UserPrefs, warm_user
from bot.listeners.replies import compose_issue_reply, compose_reply, reply_language
from bot.render.wording import Lang, t

COMMANDS = ("/sig",)


def register(app: App, ctx: SlackContext) -> None:
    @app.command("/sig")
    def handle_sig_command(
        ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        user = str(command.get("user_id", ""))
        # Fast path: only what we already know about the user; users.info happens after the ack.
        prefs = ctx.users.cached(user)
        text = str(command.get("text") or "")
        ref = find_issue_ref(text)
        if ref is not None:  # a pasted issue link: GitHub is slow, so answer after the ack
            lang = reply_language(text, prefs or UserPrefs())
            ack(response_type="ephemeral", text=t("triage_looking", lang, issue=ref.name))
            answer_issue_later(ctx, text, prefs or UserPrefs(), respond, lang, ref.name)
            return
        reply = compose_reply(
            ctx, str(command.get("text") or ""), prefs or UserPrefs(), share=True, surface="command"
        )
        ack(response_type="ephemeral", blocks=reply.blocks, text=reply.text)
        if prefs is None and user:
            warm_user(ctx, client, user)


def answer_issue_later(
    ctx: SlackContext, text: str, prefs: UserPrefs, respond: Respond, lang: Lang, issue: str
) -> None:
    """Read the issue on the background pool and replace the "looking it up" note."""

    def work() -> None:
        reply = compose_issue_reply(ctx, text, prefs, "command")
        if reply is not None:
            blocks, fallback = reply
            respond(replace_original=True, response_type="ephemeral", blocks=blocks, text=fallback)

    if ctx.background.submit(work) is None:
        ctx.metrics.background_skipped.inc()
        respond(replace_original=True, text=t("triage_busy", lang, issue=issue))
