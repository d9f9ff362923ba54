"""`redis://HOST:PORT/DB`: the store replicas share.

De-duplication is one atomic `SET key 1 NX EX ttl`, so two replicas given the same event agree on
which one answers. The question log and feedback are capped lists (RPUSH + LTRIM in one
transaction). Short socket timeouts: a slow Redis must not hold an answer for long.
"""

from __future__ import annotations

import json
from typing import Any

import redis as redis_client

from bot.state.records import RETENTION, FeedbackRecord, QuestionRecord, Retention, new_salt

SOCKET_TIMEOUT_SECONDS = 0.5
PREFIX = "sigbot:"
QUESTION_TTL_SECONDS = 30 * 24 * 3600  # feedback on a month-old answer is rare


class RedisStore:
    def __init__(self, url: str, retention: Retention = RETENTION) -> None:
        self.retention = retention
        self._r: Any = redis_client.Redis.from_url(
            url,
            socket_timeout=SOCKET_TIMEOUT_SECONDS,
            socket_connect_timeout=SOCKET_TIMEOUT_SECONDS,
            decode_responses=True,
        )

    def ping(self) -> None:
        self._r.ping()

    def _add_key(self, key: str, ttl: int) -> bool:
        return bool(self._r.set(PREFIX + key, "1", nx=True, ex=max(1, int(ttl))))

    def first_delivery(self, key: str, ttl: int = RETENTION.event_ttl) -> bool:
        return self._add_key(f"delivery:{key}", ttl)

    def first_welcome(self, channel: str, user: str) -> bool:
        return self._add_key(f"welcome:{channel}:{user}", self.retention.welcome_ttl)

    def _push(self, name: str, item: dict[str, Any], cap: int) -> None:
        pipe = self._r.pipeline(transaction=True)
        pipe.rpush(PREFIX + name, json.dumps(item, ensure_ascii=False))
        pipe.ltrim(PREFIX + name, -cap, -1)
        pipe.execute()

    def add_question(self, record: QuestionRecord) -> None:
        item = record.to_dict()
        self._push("questions", item, self.retention.max_questions)
        # Feedback clicks look a question up by id; a keyed copy keeps that O(1).
        self._r.set(
            f"{PREFIX}question:{record.id}",
            json.dumps(item, ensure_ascii=False),
            ex=QUESTION_TTL_SECONDS,
        )

    def add_feedback(self, record: FeedbackRecord) -> None:
        self._push("feedback", record.to_dict(), self.retention.max_feedback)

    def _read(self, name: str) -> list[dict[str, Any]]:
        out = []
        for raw in self._r.lrange(PREFIX + name, 0, -1):
            try:
                item = json.loads(raw)
            except ValueError:
                continue
            if isinstance(item, dict):
                out.append(item)
        return out

    def questions(self, since: float = 0.0) -> list[QuestionRecord]:
        records = (QuestionRecord.from_dict(d) for d in self._read("questions"))
        return [q for q in records if q.at >= since]

    def question(self, question_id: str) -> QuestionRecord | None:
        raw = self._r.get(f"{PREFIX}question:{question_id}")
        if not raw:
            return None
        try:
            return QuestionRecord.from_dict(json.loads(raw))
        except (ValueError, TypeError, AttributeError):
            return None

    def feedback(self) -> list[FeedbackRecord]:
        return [FeedbackRecord.from_dict(d) for d in self._read("feedback")]

    def pseudonym_salt(self) -> str:
        # SET NX: of several replicas starting at once, the first one's salt is everyone's.
        self._r.set(f"{PREFIX}pseudonym_salt", new_salt(), nx=True)
        return str(self._r.get(f"{PREFIX}pseudonym_salt"))

    def close(self) -> None:
        self._r.close()
