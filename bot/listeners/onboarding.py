"""Welcome newcomers who join a configured channel: an ephemeral note only they can see, with a
picker of groups by category that shows the chosen group's card."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.answers import answer_for_group
from bot.lang import language_of
from bot.listeners.context import SlackContext, prefs_within
from bot.render.slack.action_ids import ACTION_PICK
from bot.render.slack.blocks import fallback_text, home_view, welcome_blocks
from bot.render.wording import t

EVENTS = ("member_joined_channel",)
ACTIONS = (ACTION_PICK,)
logger = logging.getLogger("sigbot")


def is_welcome_channel(ctx: SlackContext, client: WebClient, channel_id: str) -> bool:
    wanted = ctx.welcome_channels
    if not wanted:
        return False
    if channel_id in wanted:
        return True
    if all(w.startswith(("C", "G")) and w.isupper() for w in wanted):
        return False  # only IDs configured: no need to ask Slack for the name
    name = ctx.channel_names.get(channel_id)
    if name is None:
        try:
            name = str(client.conversations_info(channel=channel_id)["channel"]["name"])
        except SlackApiError as e:
            logger.warning("conversations.info failed: %s", e.response.get("error"))
            return False
        ctx.channel_names[channel_id] = name
    return name in wanted


def register(app: App, ctx: SlackContext) -> None:
    @app.event("member_joined_channel")
    def handle_member_joined(event: dict[str, Any], client: WebClient) -> None:
        channel, user = str(event.get("channel", "")), str(event.get("user", ""))
        if not channel or not user or not is_welcome_channel(ctx, client, channel):
            return
        if not ctx.store.first_welcome(channel, user):  # once per person, across replicas
            return
        prefs = prefs_within(ctx, client, user)
        lang = language_of(preferred=prefs.lang)
        kb = ctx.knowledge.current.kb
        try:
            client.chat_postEphemeral(
                channel=channel,
                user=user,
                blocks=welcome_blocks(kb, lang),
                text=t("welcome_title", lang),
            )
        except SlackApiError as e:
            logger.warning("chat.postEphemeral failed: %s", e.response.get("error"))
            ctx.metrics.slack_api_errors.labels("error").inc()

    @app.action(ACTION_PICK)
    def handle_group_picked(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        user = str(body.get("user", {}).get("id", ""))
        prefs = prefs_within(ctx, client, user)
        lang = language_of(preferred=prefs.lang)
        snapshot = ctx.knowledge.current
        group_id = str((action.get("selected_option") or {}).get("value", ""))
        if body.get("view", {}).get("type") == "home":  # the picker in App Home
            group = snapshot.kb.group(group_id)
            view = home_view(
                snapshot.kb, lang, group, ctx.now(), prefs.tz, workspace=ctx.workspace_url
            )
            try:
                client.views_publish(user_id=user, view=view)
            except SlackApiError as e:
                logger.warning("views.publish failed: %s", e.response.get("error"))
                ctx.metrics.slack_api_errors.labels("error").inc()
            return
        answer = answer_for_group(snapshot.kb, group_id, lang)
        if answer is not None:
            blocks = ctx.blocks(answer, snapshot.kb, prefs.tz, share=False)
            respond(replace_original=True, blocks=blocks, text=fallback_text(answer))
