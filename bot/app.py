"""The one wiring function: settings + knowledge -> a Bolt App with every listener registered."""

from __future__ import annotations

from collections.abc import Callable
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    RetryHandler,
)
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.listeners import register_listeners
from bot.listeners.context import SlackContext
from bot.live import LiveKnowledge
from bot.metrics import Metrics
from bot.settings import Settings

WEB_API_TIMEOUT_SECONDS = 10
MAX_RETRIES = (
    2  # per failure kind; with Retry-After honoured, a rate-limited reply is late, not lost
)


def retry_handlers(metrics: Metrics) -> list[RetryHandler]:
    """slack_sdk's own retry handlers, counting each retry in metrics."""

    def counted(base: type[RetryHandler], kind: str, **options: Any) -> RetryHandler:
        class Counted(base):  # type: ignore[misc, valid-type]
            def prepare_for_next_attempt(self, **kwargs: Any) -> None:
                metrics.slack_api_errors.labels(kind).inc()
                super().prepare_for_next_attempt(**kwargs)

        return Counted(max_retry_count=MAX_RETRIES, **options)

    return [
        counted(RateLimitErrorRetryHandler, "rate_limited"),
        counted(ServerErrorRetryHandler, "server_error"),
        # slack_sdk's defaults plus timeouts: a slow Slack is retried like a reset connection.
        counted(
            ConnectionErrorRetryHandler,
            "connection",
            error_types=[URLError, ConnectionResetError, RemoteDisconnected, TimeoutError],
        ),
    ]


def build_app(
    settings: Settings,
    knowledge: LiveKnowledge,
    *,
    client: WebClient | None = None,
    metrics: Metrics | None = None,
    process_before_response: bool = False,
) -> tuple[App, SlackContext]:
    """Tests pass a small knowledge base and a client pointed at their fake Web API."""
    metrics = metrics or Metrics()
    client = client or WebClient(
        token=settings.bot_token, base_url=settings.api_url, timeout=WEB_API_TIMEOUT_SECONDS
    )
    for handler in retry_handlers(metrics):
        client.retry_handlers.append(handler)
    app = App(
        client=client,
        signing_secret=settings.signing_secret or None,
        # Socket Mode has no signatures to check; HTTP mode always checks them.
        request_verification_enabled=bool(settings.signing_secret),
        process_before_response=process_before_response,
        raise_error_for_unhandled_request=False,
    )
    ctx = SlackContext(settings=settings, knowledge=knowledge, metrics=metrics)

    @app.middleware
    def drop_duplicate_events(
        body: dict[str, Any], next: Callable[[], None]
    ) -> BoltResponse | None:
        """Slack re-delivers an event it thinks was not acknowledged; answer it only once."""
        event_id = body.get("event_id") if isinstance(body, dict) else None
        if event_id and not ctx.seen_events.first_time(str(event_id)):
            metrics.duplicate_events.inc()
            return BoltResponse(status=200, body="")
        next()
        return None

    register_listeners(app, ctx)
    return app, ctx
