"""What every listener needs, gathered in one object built by the wiring function.

Only listeners/ and the app factory import slack_bolt; this module holds plain state.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.lang import Lang, from_locale
from bot.live import LiveKnowledge
from bot.metrics import Metrics
from bot.settings import Settings
from bot.state import GuardedStore, StateStore
from bot.state.memory import MemoryStore

T = TypeVar("T")
LOOKUP_WAIT_SECONDS = 1.5  # how long a mention or DM reply may wait to learn the reader's language
MAX_CACHED_USERS = 10_000
USER_CACHE_SECONDS = 3600.0  # a user's time zone and locale rarely change within an hour
logger = logging.getLogger("sigbot")


@dataclass(frozen=True)
class UserPrefs:
    tz: str | None = None
    lang: Lang | None = None


@dataclass
class UserDirectory:
    """users.info, cached per user. Per process: each replica warms its own cache."""

    ttl: float = USER_CACHE_SECONDS
    max_users: int = MAX_CACHED_USERS
    _cache: OrderedDict[str, tuple[float, UserPrefs]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def cached(self, user_id: str) -> UserPrefs | None:
        hit = self._cache.get(user_id)
        if hit and time.monotonic() - hit[0] < self.ttl:
            return hit[1]
        return None

    def lookup(self, client: WebClient, user_id: str) -> UserPrefs:
        cached = self.cached(user_id)
        if cached is not None:
            return cached
        prefs = UserPrefs()
        try:
            user: dict[str, Any] = client.users_info(user=user_id, include_locale=True)["user"]
            locale = str(user.get("locale") or "")
            prefs = UserPrefs(
                tz=user.get("tz") or None,
                lang=from_locale(locale),
            )
        except SlackApiError as e:
            logger.warning("users.info failed for a user: %s", e.response.get("error"))
        except Exception:  # network trouble: answer without the local time rather than fail
            logger.warning("users.info failed for a user", exc_info=True)
        with self._lock:
            self._cache.pop(user_id, None)
            self._cache[user_id] = (time.monotonic(), prefs)
            while len(self._cache) > self.max_users:  # oldest first: memory stays bounded
                self._cache.popitem(last=False)
        return prefs


@dataclass
class SlackContext:
    settings: Settings
    knowledge: LiveKnowledge
    metrics: Metrics = field(default_factory=Metrics)
    store: StateStore = field(default_factory=lambda: GuardedStore(MemoryStore()))
    users: UserDirectory = field(default_factory=UserDirectory)
    channel_names: dict[str, str] = field(default_factory=dict)  # channel id -> name
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Lookups nobody waits for (users.info to learn a language) run here, never on the pool that
    # answers /sig; when the queue is full they are skipped, not queued without bound.
    background: BoundedExecutor = field(default_factory=lambda: BoundedExecutor(2, 64))
    user_salt: str = field(default_factory=lambda: secrets.token_hex(16), repr=False)

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class BoundedExecutor:
    """A small thread pool whose queue has a ceiling: `submit` returns False instead of queueing
    work without bound when Slack is slow."""

    def __init__(self, workers: int, max_pending: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sigbot-bg")
        self._slots = threading.BoundedSemaphore(max_pending)

    def submit(self, fn: Callable[[], T]) -> Future[T | None] | None:
        if not self._slots.acquire(blocking=False):
            return None

        def run() -> T | None:
            try:
                return fn()
            except Exception:
                logger.warning("background task failed", exc_info=True)
                return None
            finally:
                self._slots.release()

        return self._pool.submit(run)


def warm_user(ctx: SlackContext, client: WebClient, user: str) -> Future[UserPrefs | None] | None:
    """Learn a user's language and zone off the answering path; skipped when Slack is slow."""
    future = ctx.background.submit(lambda: ctx.users.lookup(client, user))
    if future is None:
        ctx.metrics.background_skipped.inc()
    return future


def prefs_within(
    ctx: SlackContext, client: WebClient, user: str, seconds: float = LOOKUP_WAIT_SECONDS
) -> UserPrefs:
    """The user's preferences if Slack tells us quickly; the defaults otherwise. A slow or
    rate-limited users.info delays one reply by at most `seconds`, and never holds more."""
    cached = ctx.users.cached(user)
    if cached is not None:
        return cached
    future = warm_user(ctx, client, user)
    if future is None:
        return UserPrefs()
    try:
        return future.result(timeout=seconds) or UserPrefs()
    except FutureTimeout:
        return UserPrefs()
