"""The one wiring function: settings + knowledge -> a Bolt App with every listener registered."""

from __future__ import annotations

import logging
import signal
import threading
import time
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.knowledge.refresh import KnowledgeKeeper, Outcome
from bot.listeners import register_listeners
from bot.listeners.context import SlackContext
from bot.live import LiveKnowledge
from bot.metrics import Metrics
from bot.model import KnowledgeBase
from bot.settings import Settings, install_redaction
from bot.slack_calls import WEB_API_TIMEOUT_SECONDS, retry_handlers
from bot.state import GuardedStore, StateStore, StateUrlError, describe_url, open_store
from bot.state.memory import MemoryStore

LISTENER_THREADS = 8  # Bolt's listener pool (its default is 5)
WATCH_SECONDS = 5.0  # how often the knowledge directory is checked for edits
logger = logging.getLogger("sigbot")


def build_app(
    settings: Settings,
    knowledge: LiveKnowledge,
    *,
    client: WebClient | None = None,
    metrics: Metrics | None = None,
    process_before_response: bool = False,
    store: StateStore | None = None,
    listener_executor: Executor | None = None,
) -> tuple[App, SlackContext]:
    """Tests pass a small knowledge base and a client pointed at their fake Web API."""
    metrics = metrics or Metrics()
    client = client or WebClient(
        token=settings.bot_token, base_url=settings.api_url, timeout=WEB_API_TIMEOUT_SECONDS
    )
    # Ours replace slack_sdk's defaults, whose connection-error handler would retry a post
    # that may already have been delivered.
    client.retry_handlers[:] = retry_handlers(metrics)
    _quiet_token_warning()
    app = App(
        client=client,
        # Signatures are checked once, in front of Bolt (bot/server.py: before the body is
        # parsed, with the replay guard); Socket Mode has none to check.
        request_verification_enabled=False,
        process_before_response=process_before_response,
        raise_error_for_unhandled_request=False,
        listener_executor=listener_executor,
    )
    store = store if store is not None else GuardedStore(MemoryStore())
    ctx = SlackContext.for_settings(settings, knowledge, metrics, store)
    # People's pseudonyms: the configured salt, else the store's own (made once, kept), so
    # rotating the bot token changes nobody's preferences or feedback identity.
    ctx.user_salt = settings.pseudonym_salt or store.pseudonym_salt()
    register_listeners(app, ctx)
    return app, ctx


class _SkipTokenWarning(logging.Filter):
    """Bolt warns at every start that the client's token wins over $SLACK_BOT_TOKEN; they are
    the same token here (the client is built from it), so the line only misleads."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def _quiet_token_warning() -> None:
    bolt = logging.getLogger("slack_bolt.App")
    if not any(isinstance(f, _SkipTokenWarning) for f in bolt.filters):
        bolt.addFilter(_SkipTokenWarning())


class CountingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, counting work in flight so a stop can wait for it."""

    def __init__(self, max_workers: int) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="sigbot-listener")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        with self._idle:
            self._pending += 1

        def run() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

        return super().submit(run)

    def wait_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True


class StartupError(RuntimeError):
    """Something outside the knowledge (the state store, say) stops start-up; the message says
    which variable to fix, never its value."""


@dataclass
class Service:
    """Everything a running sigbot holds, for the mode runners (HTTP server, Socket Mode)."""

    settings: Settings
    knowledge: LiveKnowledge
    app: App
    ctx: SlackContext
    metrics: Metrics
    store: GuardedStore
    keeper: KnowledgeKeeper
    listener_executor: CountingExecutor


def start_service(settings: Settings, kb: KnowledgeBase, knowledge_dir: Path) -> Service:
    """Logging with secrets redacted, the state store, the app, and the knowledge keeper
    (SIGHUP, file watching, optional upstream refresh)."""
    install_redaction(settings.secrets, settings.log_level)
    metrics = Metrics()
    try:
        store = open_store(settings.state_url, lambda op: metrics.state_errors.labels(op).inc())
    except StateUrlError as e:
        raise StartupError(str(e)) from None
    logger.info("state: %s", describe_url(settings.state_url))
    knowledge = LiveKnowledge(kb)
    executor = CountingExecutor(LISTENER_THREADS)
    try:  # Bolt checks the token with auth.test here: the first call to Slack
        app, ctx = build_app(
            settings, knowledge, metrics=metrics, store=store, listener_executor=executor
        )
    except BoltError:
        raise StartupError(
            "Slack refused SLACK_BOT_TOKEN (auth.test failed): check that it is the app's "
            "current bot token. See README.md, section 'Connect to Slack'."
        ) from None
    except (OSError, SlackClientError) as e:
        reason = type(getattr(e, "reason", None) or e).__name__
        raise StartupError(
            f"cannot reach Slack at start-up ({reason}): check the network, any proxy, and "
            "SLACK_API_URL if set."
        ) from None

    def count(outcome: Outcome) -> None:
        result = "ok" if outcome.ok else ("error" if outcome.error else "rejected")
        metrics.reloads.labels(outcome.reason, result).inc()

    keeper = KnowledgeKeeper(knowledge, knowledge_dir, on_outcome=count)
    if hasattr(signal, "SIGHUP"):
        # The handler only starts a thread: it returns at once and can never raise.
        signal.signal(signal.SIGHUP, lambda *_: keeper.reload_in_background("SIGHUP"))
    keeper.watch(WATCH_SECONDS)
    if settings.upstream_url or settings.enhancements_url:
        keeper.poll_upstream(
            settings.upstream_url,
            settings.upstream_refresh_seconds,
            now=True,
            keps_url=settings.enhancements_url,
        )
    return Service(settings, knowledge, app, ctx, metrics, store, keeper, executor)
