"""In-process store: `memory://`, and GuardedStore's fallback when the real store is down."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque

from bot.state.records import RETENTION, FeedbackRecord, QuestionRecord, Retention, new_salt

MAX_KEYS = 100_000  # de-duplication and welcome keys held at once; the oldest go first


class ExpiringKeys:
    """A bounded set of keys with expiry, oldest evicted first: memory stays proportional to
    the cap whatever arrives."""

    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self.max_keys = max_keys
        self._expires: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def add_if_new(self, key: str, ttl: float) -> bool:
        now = time.monotonic()
        with self._lock:
            expires = self._expires.get(key)
            if expires is not None and expires > now:
                return False
            self._expires.pop(key, None)
            self._expires[key] = now + ttl
            while len(self._expires) > self.max_keys:
                self._expires.popitem(last=False)
            return True

    def __len__(self) -> int:
        return len(self._expires)


class MemoryStore:
    def __init__(self, max_keys: int = MAX_KEYS, retention: Retention = RETENTION) -> None:
        self.retention = retention
        self._events = ExpiringKeys(max_keys)
        self._welcomes = ExpiringKeys(max_keys)
        self._questions: deque[QuestionRecord] = deque(maxlen=retention.max_questions)
        self._feedback: deque[FeedbackRecord] = deque(maxlen=retention.max_feedback)
        self._lock = threading.Lock()
        self._salt = new_salt()  # nothing outlives the process, the salt neither

    def first_delivery(self, key: str, ttl: int = RETENTION.event_ttl) -> bool:
        return self._events.add_if_new(key, ttl)

    def first_welcome(self, channel: str, user: str) -> bool:
        return self._welcomes.add_if_new(f"{channel}:{user}", self.retention.welcome_ttl)

    def add_question(self, record: QuestionRecord) -> None:
        with self._lock:
            self._questions.append(record)

    def add_feedback(self, record: FeedbackRecord) -> None:
        with self._lock:
            self._feedback.append(record)

    def questions(self, since: float = 0.0) -> list[QuestionRecord]:
        with self._lock:
            return [q for q in self._questions if q.at >= since]

    def question(self, question_id: str) -> QuestionRecord | None:
        with self._lock:
            return next((q for q in reversed(self._questions) if q.id == question_id), None)

    def feedback(self) -> list[FeedbackRecord]:
        with self._lock:
            return list(self._feedback)

    def pseudonym_salt(self) -> str:
        return self._salt

    def close(self) -> None:
        pass
