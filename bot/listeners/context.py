"""What every listener needs, gathered in one object built by the wiring function.

Only listeners/ and the app factory import slack_bolt; this module holds plain state.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.live import LiveKnowledge
from bot.metrics import Metrics
from bot.settings import Settings

USER_CACHE_SECONDS = 3600.0  # a user's time zone and locale rarely change within an hour
logger = logging.getLogger("sigbot")


@dataclass(frozen=True)
class UserPrefs:
    tz: str | None = None
    lang: Literal["en", "zh"] | None = None


@dataclass
class UserDirectory:
    """users.info, cached per user. Per process: each replica warms its own cache."""

    ttl: float = USER_CACHE_SECONDS
    _cache: dict[str, tuple[float, UserPrefs]] = field(default_factory=dict)
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
                lang="zh" if locale.lower().startswith("zh") else None,
            )
        except SlackApiError as e:
            logger.warning("users.info failed for a user: %s", e.response.get("error"))
        except Exception:  # network trouble: answer without the local time rather than fail
            logger.warning("users.info failed for a user", exc_info=True)
        with self._lock:
            self._cache[user_id] = (time.monotonic(), prefs)
        return prefs


@dataclass
class SeenEvents:
    """Event ids already handled, so a Slack retry (X-Slack-Retry-Num) is never answered twice.

    In memory, per process: enough for one process, and Slack only retries when an ack took
    over 3 s, which sigbot's immediate acks avoid. See README "Running several replicas"."""

    ttl: float = 3600.0
    max_entries: int = 100_000
    _seen: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def first_time(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) >= self.max_entries:
                cutoff = now - self.ttl
                self._seen = {k: t for k, t in self._seen.items() if t > cutoff}
                while len(self._seen) >= self.max_entries:  # still full: drop the oldest
                    self._seen.pop(next(iter(self._seen)))
            seen_at = self._seen.get(key)
            if seen_at is not None and now - seen_at < self.ttl:
                return False
            self._seen[key] = now
            return True


@dataclass
class SlackContext:
    settings: Settings
    knowledge: LiveKnowledge
    metrics: Metrics = field(default_factory=Metrics)
    seen_events: SeenEvents = field(default_factory=SeenEvents)
    users: UserDirectory = field(default_factory=UserDirectory)
    welcomed: set[tuple[str, str]] = field(default_factory=set)  # (channel, user)
    channel_names: dict[str, str] = field(default_factory=dict)  # channel id -> name
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> datetime:
        return datetime.now(timezone.utc)
