"""SIGBOT_STATE_URL -> a store. Errors name the variable and the problem, never the URL itself
(a Redis URL may carry a password)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from bot.state.guarded import GuardedStore
from bot.state.memory import MemoryStore
from bot.state.records import StateStore, StateUrlError

VARIABLE = "SIGBOT_STATE_URL"
SCHEMES = ("sqlite", "redis", "rediss", "memory")


def default_state_url() -> str:
    """Where one process keeps its state when nothing is configured: the user's state dir."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return f"sqlite:///{Path(base) / 'sigbot' / 'state.db'}"


def describe_url(url: str) -> str:
    """For logs: the kind of store and where, with any password removed."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return f"SQLite at {parts.path}"
    if parts.scheme.startswith("redis"):
        return f"Redis at {parts.hostname}:{parts.port or 6379}{parts.path or '/0'}"
    return "in-process memory (nothing survives a restart)"


def open_backend(url: str, read_only: bool = False) -> StateStore:
    """`read_only`: for readers beside the bot (`sigbot report`), which must not change the
    store; a SQLite file is then opened read-only and never created, converted or migrated."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise StateUrlError(
            f"{VARIABLE} must start with sqlite:///, redis:// or memory:// "
            f"(got a URL with scheme {parts.scheme!r})"
        )
    if parts.scheme == "memory":
        return MemoryStore()
    if parts.scheme == "sqlite":
        if parts.netloc or not parts.path.startswith("/") or parts.path == "/":
            raise StateUrlError(
                f"{VARIABLE} for SQLite needs an absolute file path: sqlite:///ABS/PATH.db"
            )
        from bot.state.sqlite_store import SqliteStore

        try:
            return SqliteStore(parts.path, read_only=read_only)
        except StateUrlError as e:
            raise StateUrlError(f"{VARIABLE}: {parts.path}: {e}") from None
        except Exception as e:
            raise StateUrlError(
                f"{VARIABLE}: cannot open the SQLite database ({type(e).__name__}: {e})"
            ) from None
    from bot.state.redis_store import RedisStore

    try:
        store = RedisStore(url)
        store.ping()
    except Exception as e:
        raise StateUrlError(
            f"{VARIABLE}: cannot reach Redis ({type(e).__name__}); is the server up and the "
            "URL right?"
        ) from None
    return store


def open_store(url: str, on_error: Callable[[str], None] | None = None) -> GuardedStore:
    """Open and check at start-up (a clear error if unreachable), then guard every later call."""
    backend = open_backend(url)
    return GuardedStore(backend, on_error, name=describe_url(url))
