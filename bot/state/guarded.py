"""A store that is down must not stop answers.

GuardedStore forwards to the configured backend. When a call fails it logs one line (the
exception type, never the URL or its password), counts it in `sigbot_state_errors_total{op}`,
and carries on: de-duplication falls back to an in-process set, so a re-delivery to this
process is still answered once; writes that could not be stored are counted as lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from bot.state.memory import MemoryStore
from bot.state.records import EVENT_TTL_SECONDS, FeedbackRecord, QuestionRecord, StateStore

logger = logging.getLogger("sigbot")
T = TypeVar("T")


class GuardedStore:
    def __init__(
        self,
        backend: StateStore,
        on_error: Callable[[str], None] | None = None,
        name: str = "state store",
    ) -> None:
        self.backend = backend
        self.name = name
        self.fallback = MemoryStore()
        self._on_error = on_error or (lambda op: None)

    def _call(self, op: str, primary: Callable[[], T], fallback: Callable[[], T]) -> T:
        try:
            return primary()
        except Exception as e:  # any backend failure: answer anyway
            logger.warning(
                "%s: %s failed (%s); carrying on without it", self.name, op, type(e).__name__
            )
            self._on_error(op)
            return fallback()

    def first_delivery(self, key: str, ttl: int = EVENT_TTL_SECONDS) -> bool:
        # Always mark the in-process set too, so that when the backend fails half-way through a
        # burst of re-deliveries this process still answers each event once.
        local_first = self.fallback.first_delivery(key, ttl)
        return self._call(
            "dedupe", lambda: self.backend.first_delivery(key, ttl), lambda: local_first
        )

    def first_welcome(self, channel: str, user: str) -> bool:
        local_first = self.fallback.first_welcome(channel, user)
        return self._call(
            "welcome", lambda: self.backend.first_welcome(channel, user), lambda: local_first
        )

    def add_question(self, record: QuestionRecord) -> None:
        self._call("question", lambda: self.backend.add_question(record), lambda: None)

    def add_feedback(self, record: FeedbackRecord) -> None:
        self._call("feedback", lambda: self.backend.add_feedback(record), lambda: None)

    def questions(self, since: float = 0.0) -> list[QuestionRecord]:
        return self._call("read", lambda: self.backend.questions(since), list)

    def question(self, question_id: str) -> QuestionRecord | None:
        return self._call("read", lambda: self.backend.question(question_id), lambda: None)

    def feedback(self) -> list[FeedbackRecord]:
        return self._call("read", lambda: self.backend.feedback(), list)

    def close(self) -> None:
        self._call("close", self.backend.close, lambda: None)
