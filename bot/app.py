"""The one wiring function: settings + knowledge -> a Bolt App with every listener registered."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.listeners import register_listeners
from bot.listeners.context import SlackContext
from bot.live import LiveKnowledge
from bot.settings import Settings


def build_app(
    settings: Settings,
    knowledge: LiveKnowledge,
    *,
    client: WebClient | None = None,
    process_before_response: bool = False,
) -> tuple[App, SlackContext]:
    """Tests pass a small knowledge base and a client pointed at their fake Web API."""
    client = client or WebClient(token=settings.bot_token, base_url=settings.api_url)
    app = App(
        client=client,
        signing_secret=settings.signing_secret or None,
        # Socket Mode has no signatures to check; HTTP mode always checks them.
        request_verification_enabled=bool(settings.signing_secret),
        process_before_response=process_before_response,
        raise_error_for_unhandled_request=False,
    )
    ctx = SlackContext(settings=settings, knowledge=knowledge)
    register_listeners(app, ctx)
    return app, ctx
