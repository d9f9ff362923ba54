"""A store that is down or locked must not stop, or delay, answers.

GuardedStore forwards to the configured backend. When a call fails it logs one line (the
exception type, never the URL or its password), counts it in `sigbot_state_errors_total{op}`,
and carries on: de-duplication falls back to an in-process set, so a re-delivery to this
process is still answered once; writes that could not be stored are counted as lost.

The question log and feedback are written behind: the request only queues the record, and one
writer thread stores it. A SQLite file locked by another process (a `report`, a backup) held
each answer for the busy timeout, and answers queued behind each other; now it holds the writer
only. The queue is bounded: when it is full, the record is logged and counted as lost. Reads
wait (briefly) for the queued writes, so this process reads what it wrote.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from bot.state.memory import MemoryStore
from bot.state.records import EVENT_TTL_SECONDS, FeedbackRecord, QuestionRecord, StateStore

logger = logging.getLogger("sigbot")
T = TypeVar("T")
MAX_QUEUED_WRITES = 10_000  # records waiting for the writer; beyond that they are lost (counted)
READ_WAIT_SECONDS = 5.0  # a read waits this long at most for queued writes to be stored


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
        self._writes: queue.Queue[tuple[str, Callable[[], None]]] = queue.Queue(MAX_QUEUED_WRITES)
        self._writer: threading.Thread | None = None
        self._writer_lock = threading.Lock()

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
        self._write_later("question", lambda: self.backend.add_question(record))

    def add_feedback(self, record: FeedbackRecord) -> None:
        self._write_later("feedback", lambda: self.backend.add_feedback(record))

    def questions(self, since: float = 0.0) -> list[QuestionRecord]:
        self.flush()
        return self._call("read", lambda: self.backend.questions(since), list)

    def question(self, question_id: str) -> QuestionRecord | None:
        self.flush()
        return self._call("read", lambda: self.backend.question(question_id), lambda: None)

    def feedback(self) -> list[FeedbackRecord]:
        self.flush()
        return self._call("read", lambda: self.backend.feedback(), list)

    def pseudonym_salt(self) -> str:
        """The store's salt; while the store is down, this process's own (pseudonyms made
        meanwhile count as other people)."""
        return self._call("salt", self.backend.pseudonym_salt, self.fallback.pseudonym_salt)

    def close(self) -> None:
        self.flush()
        self._call("close", self.backend.close, lambda: None)

    # -- writing behind -------------------------------------------------------------------
    def _write_later(self, op: str, write: Callable[[], None]) -> None:
        self._start_writer()
        try:
            self._writes.put_nowait((op, write))
        except queue.Full:
            logger.warning(
                "%s: %s not stored (%d writes waiting)", self.name, op, MAX_QUEUED_WRITES
            )
            self._on_error(op)

    def _start_writer(self) -> None:
        with self._writer_lock:
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._drain, name="sigbot-state-writer", daemon=True
                )
                self._writer.start()

    def _drain(self) -> None:
        while True:
            op, write = self._writes.get()
            try:
                self._call(op, write, lambda: None)
            finally:
                self._writes.task_done()

    def flush(self, timeout: float = READ_WAIT_SECONDS) -> bool:
        """Wait until every queued write was stored (or failed); False after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._writes.all_tasks_done:
            while self._writes.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._writes.all_tasks_done.wait(left)
        return True
