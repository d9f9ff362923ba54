"""What listeners need, and only that, in one object the wiring function builds: the
knowledge, the store, the metrics, what is known of users, the GitHub reads, and the three
settings listeners read. Per request facts (the request id, the asker's known preferences)
travel in Bolt's own context, set by the middleware in shell.py.

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

from bot.answers import Answer
from bot.github import IssueReader, IssueRef
from bot.lang import Lang, from_locale
from bot.live import LiveKnowledge
from bot.metrics import Metrics
from bot.model import DEFAULT_WORKSPACE_URL, KnowledgeBase
from bot.render.slack.blocks import FeedbackRef, render_blocks
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
    """users.info, cached per user. Per process: each replica warms its own cache. Lookups
    nobody waits for run on a small pool of their own, never on the threads that answer /sig;
    when its queue is full they are skipped, not queued without bound."""

    ttl: float = USER_CACHE_SECONDS
    max_users: int = MAX_CACHED_USERS
    _cache: OrderedDict[str, tuple[float, UserPrefs]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pool: BoundedExecutor = field(default_factory=lambda: BoundedExecutor(2, 64))

    def warm(self, client: WebClient, user_id: str) -> Future[UserPrefs | None] | None:
        """Look the user up in the background; None when the pool is full."""
        return self._pool.submit(lambda: self.lookup(client, user_id))

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
        except OSError as e:  # network trouble (a timeout, a refused connection): expected, so
            # one line, no stack trace; the answer goes out without the local time
            logger.warning("users.info failed for a user: %s", type(e).__name__)
        except Exception:  # anything else is a bug worth its stack trace
            logger.warning("users.info failed for a user", exc_info=True)
        with self._lock:
            self._cache.pop(user_id, None)
            self._cache[user_id] = (time.monotonic(), prefs)
            while len(self._cache) > self.max_users:  # oldest first: memory stays bounded
                self._cache.popitem(last=False)
        return prefs


class IssueLookups:
    """GitHub reads for pasted issue links: the reader (one API, its token, a short cache), a
    pool of their own so a slow or hostile GitHub fills it and never the threads that answer
    Slack, and a few reads per person a minute."""

    def __init__(self, api_url: str, token: str) -> None:
        self.reader = IssueReader(api_url, token)
        self._pool = BoundedExecutor(LOOKUP_THREADS, LOOKUP_QUEUE, "sigbot-github")
        self._per_user = PerKeyLimit(LOOKUPS_PER_USER, LOOKUP_WINDOW_SECONDS)

    def find(self, text: str) -> IssueRef | None:
        return self.reader.find(text)

    def submit(self, user: str, work: Callable[[], None]) -> str | None:
        """Run `work` on the pool; or say why not: "too_many" (this person, this minute) or
        "busy" (the pool is full)."""
        if not self._per_user.allow(user):
            return "too_many"
        return "busy" if self._pool.submit(work) is None else None


@dataclass
class SlackContext:
    knowledge: LiveKnowledge
    metrics: Metrics = field(default_factory=Metrics)
    store: StateStore = field(default_factory=lambda: GuardedStore(MemoryStore()))
    users: UserDirectory = field(default_factory=UserDirectory)
    issues: IssueLookups = field(default_factory=lambda: IssueLookups("https://api.github.com", ""))
    channel_names: dict[str, str] = field(default_factory=dict)  # channel id -> name
    user_salt: str = field(default_factory=lambda: secrets.token_hex(16), repr=False)
    workspace_url: str = DEFAULT_WORKSPACE_URL  # for channel links
    welcome_channels: frozenset[str] = frozenset()
    log_queries: bool = False  # keep question text in the log and the store

    @classmethod
    def for_settings(
        cls, settings: Settings, knowledge: LiveKnowledge, metrics: Metrics, store: StateStore
    ) -> SlackContext:
        return cls(
            knowledge=knowledge,
            metrics=metrics,
            store=store,
            issues=IssueLookups(settings.github_api_url, settings.github_token),
            workspace_url=settings.workspace_url,
            welcome_channels=settings.welcome_channels,
            log_queries=settings.log_queries,
        )

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def blocks(
        self,
        answer: Answer,
        kb: KnowledgeBase,
        reader_tz: str | None = None,
        *,
        interactive: bool = True,
        share: bool = True,
        feedback: FeedbackRef | None = None,
    ) -> list[dict[str, Any]]:
        """An answer as Block Kit, now, with channel links into this workspace: what every
        listener that shows an answer sends."""
        return render_blocks(
            answer, kb, self.now(), reader_tz, interactive, share, feedback, self.workspace_url
        )


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
    future = ctx.users.warm(client, user)
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
