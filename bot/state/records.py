"""The records a store keeps and the interface every backend implements. Pure data."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal, Protocol, TypeVar

EVENT_TTL_SECONDS = 3600  # Slack retries within minutes; an hour is ample
WELCOME_TTL_SECONDS = 180 * 24 * 3600  # welcome a person to a channel once per half-year
MAX_QUESTIONS = 200_000  # the question log keeps the newest this many
MAX_FEEDBACK = 100_000
# Of a question's text, what the question log and the request log line keep (only with
# SIGBOT_LOG_QUERIES=1). Not how much the engine reads: that is bot/query.py's MAX_MESSAGE_CHARS.
MAX_LOGGED_QUESTION_CHARS = 500

SALT_BYTES = 32  # a generated pseudonym salt: 64 hex characters


@dataclass(frozen=True)
class Retention:
    """How long and how much every store keeps: one policy for the three backends (tests pass
    smaller caps instead of patching constants)."""

    event_ttl: int = EVENT_TTL_SECONDS
    welcome_ttl: int = WELCOME_TTL_SECONDS
    max_questions: int = MAX_QUESTIONS
    max_feedback: int = MAX_FEEDBACK


RETENTION = Retention()

Verdict = Literal["up", "down", "correct"]
VERDICTS: tuple[str, ...] = ("up", "down", "correct")


class StateUrlError(ValueError):
    """SIGBOT_STATE_URL is malformed or names a store that cannot be opened."""


def new_question_id() -> str:
    """Short and unguessable enough to tie a button click to its question; not a secret."""
    return secrets.token_hex(6)


def hash_user(user_id: str, salt: str) -> str:
    """A stable pseudonym for counting distinct people; the Slack id itself is never stored."""
    return hashlib.sha256(f"{salt}:{user_id}".encode()).hexdigest()[:16]


def new_salt() -> str:
    """A pseudonym salt for a store that has none yet (SIGBOT_PSEUDONYM_SALT unset)."""
    return secrets.token_hex(SALT_BYTES)


R = TypeVar("R")


def record_from_dict(cls: type[R], d: dict[str, Any]) -> R:
    """A record from its dict (JSON in Redis), tolerant of missing keys and loose types: each
    field becomes its declared kind, `str | None` staying None, anything else a string."""
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        raw = d.get(f.name)
        if f.type == "float":
            values[f.name] = float(raw or 0.0)
        elif f.type == "str | None":
            values[f.name] = None if raw is None else str(raw)
        else:
            values[f.name] = "" if raw is None else str(raw)
    return cls(**values)


@dataclass(frozen=True)
class QuestionRecord:
    id: str
    at: float  # Unix seconds
    surface: str
    outcome: str  # answer / ambiguous / none / ...
    group: str | None = None
    confidence: str | None = None
    query: str | None = None  # only with SIGBOT_LOG_QUERIES=1
    user_hash: str = ""  # the asker's pseudonym, for counting people (never the Slack id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> QuestionRecord:
        return record_from_dict(cls, d)


@dataclass(frozen=True)
class FeedbackRecord:
    question_id: str
    at: float
    surface: str
    verdict: str  # one of VERDICTS
    answered: str | None  # the group the bot answered with
    chosen: str | None = None  # the group the person picked (corrections)
    user_hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FeedbackRecord:
        return record_from_dict(cls, d)


class StateStore(Protocol):
    """What the bot asks of a store. Backends raise on failure; GuardedStore absorbs that."""

    def first_delivery(self, key: str, ttl: int = EVENT_TTL_SECONDS) -> bool:
        """True exactly once per key within ttl, across every process sharing the store."""
        ...

    def first_welcome(self, channel: str, user: str) -> bool: ...

    def add_question(self, record: QuestionRecord) -> None: ...

    def add_feedback(self, record: FeedbackRecord) -> None: ...

    def questions(self, since: float = 0.0) -> list[QuestionRecord]: ...

    def question(self, question_id: str) -> QuestionRecord | None: ...

    def feedback(self) -> list[FeedbackRecord]: ...

    def pseudonym_salt(self) -> str:
        """The salt for people's pseudonyms, made once (new_salt) and kept: every process and
        every restart sharing the store uses the same one, whatever the bot token."""
        ...

    def close(self) -> None: ...
