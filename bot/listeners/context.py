"""What every listener needs, gathered in one object built by the wiring function.

Only listeners/ and the app factory import slack_bolt; this module holds plain state.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.github import IssueReader
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
LOOKUP_THREADS = 4  # GitHub reads at once; each ends within github.TIMEOUT_SECONDS
LOOKUP_QUEUE = 32  # reads waiting or running; beyond that, "busy, paste the title"
LOOKUPS_PER_USER = 5  # issue links one person may have read ...
LOOKUP_WINDOW_SECONDS = 60.0  # ... within this long
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
    # GitHub reads (pasted issue links) have a pool of their own: a slow or hostile GitHub can
    # fill it, never the threads that answer Slack. Each person gets a few reads a minute.
    github: IssueReader = field(init=False)
    lookups: BoundedExecutor = field(
        default_factory=lambda: BoundedExecutor(LOOKUP_THREADS, LOOKUP_QUEUE, "sigbot-github")
    )
    lookup_limit: PerKeyLimit = field(
        default_factory=lambda: PerKeyLimit(LOOKUPS_PER_USER, LOOKUP_WINDOW_SECONDS)
    )

    def __post_init__(self) -> None:
        self.github = IssueReader(self.settings.github_api_url, self.settings.github_token)

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class PerKeyLimit:
    """At most `calls` per key within any `seconds`; keys beyond `max_keys` are forgotten,
    least recent first, so memory stays bounded whoever calls."""

    def __init__(self, calls: int, seconds: float, max_keys: int = MAX_CACHED_USERS) -> None:
        self.calls, self.seconds, self.max_keys = calls, seconds, max_keys
        self._recent: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            times = self._recent.pop(key, None) or deque()
            while times and times[0] <= now - self.seconds:
                times.popleft()
            allowed = len(times) < self.calls
            if allowed:
                times.append(now)
            self._recent[key] = times
            while len(self._recent) > self.max_keys:
                self._recent.popitem(last=False)
            return allowed


class BoundedExecutor:
    """A small thread pool whose queue has a ceiling: `submit` returns False instead of queueing
    work without bound when Slack is slow."""

    def __init__(self, workers: int, max_pending: int, name: str = "sigbot-bg") -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
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
