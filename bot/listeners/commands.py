"""`/sig <anything>`: answered in the ack itself, ephemeral, with no Web API call on the way."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.github import IssueRef
from bot.listeners.context import SlackContext, UserPrefs, warm_user
from bot.listeners.replies import (
    compose_issue_reply,
    compose_reply,
    read_issue_later,
    reply_language,
)
from bot.listeners.shell import known_prefs
from bot.render.wording import Lang, t

COMMANDS = ("/sig",)


def register(app: App, ctx: SlackContext) -> None:
    @app.command("/sig")
    def handle_sig_command(
        ack: Ack,
        command: dict[str, Any],
        client: WebClient,
        respond: Respond,
        context: BoltContext,
    ) -> None:
        user = str(command.get("user_id", ""))
        # Fast path: only what we already know about the user; users.info happens after the ack.
        prefs = known_prefs(context)
        text = str(command.get("text") or "")
        ref = ctx.issues.find(text)
        if ref is not None:  # a pasted issue link: GitHub is slow, so answer after the ack
            lang = reply_language(text, prefs or UserPrefs())
            ack(response_type="ephemeral", text=t("triage_looking", lang, issue=ref.name))
            answer_issue_later(ctx, user, ref, text, prefs or UserPrefs(), respond, lang)
            return
        reply = compose_reply(
            ctx, text, prefs or UserPrefs(), share=True, surface="command", user=user
        )
        ack(response_type="ephemeral", blocks=reply.blocks, text=reply.text)
        if prefs is None and user:
            warm_user(ctx, client, user)


def answer_issue_later(
    ctx: SlackContext,
    user: str,
    ref: IssueRef,
    text: str,
    prefs: UserPrefs,
    respond: Respond,
    lang: Lang,
) -> None:
    """Read the issue on the lookup pool and replace the "looking it up" note."""

    def work() -> None:
        blocks, fallback = compose_issue_reply(ctx, ref, text, prefs, "command")
        respond(replace_original=True, response_type="ephemeral", blocks=blocks, text=fallback)

    def refuse() -> None:
        respond(replace_original=True, text=t("triage_busy", lang, issue=ref.name))

    read_issue_later(ctx, user, work, refuse)
