"""App Home: a browsable directory of every group, published when the tab is opened."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.listeners.context import SlackContext, prefs_within
from bot.render.slack.blocks import home_view

EVENTS = ("app_home_opened",)
logger = logging.getLogger("sigbot")


def register(app: App, ctx: SlackContext) -> None:
    @app.event("app_home_opened")
    def handle_app_home_opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user = str(event.get("user", ""))
        prefs = prefs_within(ctx, client, user)
        try:
            client.views_publish(
                user_id=user,
                view=home_view(
                    ctx.knowledge.current.kb,
                    prefs.lang or "en",
                    workspace=ctx.workspace_url,
                ),
            )
        except SlackApiError as e:
            logger.warning("views.publish failed: %s", e.response.get("error"))
            ctx.metrics.slack_api_errors.labels("error").inc()
