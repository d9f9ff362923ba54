"""`sqlite:///ABS/PATH.db`: the embedded store for one process, surviving restarts.

WAL so readers (`sigbot report`) never block the bot; a schema version with ordered migrations
so a newer sigbot opens an older file; every table bounded by expiry or a row cap.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import astuple
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bot.state.records import (
    RETENTION,
    FeedbackRecord,
    QuestionRecord,
    Retention,
    StateUrlError,
    new_salt,
)

PRUNE_EVERY = 500  # writes between clean-ups of expired keys and over-cap rows
# How long a statement waits for a file another process has locked. Short: de-duplication runs
# before an event is acknowledged (GuardedStore falls back to memory when this fails), and the
# question log is written behind, so a longer wait would only hold the writer.
BUSY_TIMEOUT_SECONDS = 0.25

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE deliveries (key TEXT PRIMARY KEY, expires REAL NOT NULL);
    CREATE TABLE welcomes (key TEXT PRIMARY KEY, expires REAL NOT NULL);
    CREATE TABLE questions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, at REAL NOT NULL,
        surface TEXT NOT NULL, outcome TEXT NOT NULL, grp TEXT, confidence TEXT, query TEXT);
    CREATE INDEX questions_id ON questions (id);
    CREATE INDEX questions_at ON questions (at);
    CREATE TABLE feedback (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, question_id TEXT NOT NULL, at REAL NOT NULL,
        surface TEXT NOT NULL, verdict TEXT NOT NULL, answered TEXT, chosen TEXT,
        user_hash TEXT NOT NULL);
    """,
    # 2: who asked (a pseudonym), so repeated unanswered questions count people, not clicks
    """
    ALTER TABLE questions ADD COLUMN user_hash TEXT NOT NULL DEFAULT '';
    """,
    # 3: values made once and kept (the pseudonym salt)
    """
    CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)
# Each record's fields, in order, and the column that holds each ("group" is a keyword in SQL).
QUESTION_COLUMNS = ("id", "at", "surface", "outcome", "grp", "confidence", "query", "user_hash")
FEEDBACK_COLUMNS = (
    "question_id",
    "at",
    "surface",
    "verdict",
    "answered",
    "chosen",
    "user_hash",
)


class SqliteStore:
    """`read_only` (for `sigbot report` beside a running bot): the file is opened read-only,
    nothing is created, converted or migrated, so the database and its -wal file keep their
    bytes and times; a file without sigbot's tables raises StateUrlError."""

    def __init__(
        self, path: str, read_only: bool = False, retention: Retention = RETENTION
    ) -> None:
        self.retention = retention
        self._lock = threading.Lock()
        self._writes = 0
        if read_only:
            self._db = sqlite3.connect(
                f"file:{quote(os.path.realpath(path))}?mode=ro",  # "file:/abs": no authority
                uri=True,
                check_same_thread=False,
                timeout=2.0,
            )
            self._check_readable()
            return
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # One connection shared by the listener threads, serialised by a lock: the writes are
        # tiny, and SQLite serialises writers anyway.
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
            self._migrate()

    def _check_readable(self) -> None:
        version = self.schema_version
        if version == 0:
            self._db.close()
            raise StateUrlError("it holds no sigbot state (no tables)")
        if version > len(MIGRATIONS):
            self._db.close()
            raise StateUrlError(
                f"its schema version {version} is newer than this sigbot understands "
                f"({len(MIGRATIONS)}); upgrade sigbot"
            )

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise RuntimeError(
                f"the state database has schema version {version}, newer than this sigbot "
                f"understands ({len(MIGRATIONS)}); upgrade sigbot or point SIGBOT_STATE_URL "
                "at another file"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._db:
                self._db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number};")

    def _add_key(self, table: str, key: str, ttl: float) -> bool:
        now = time.time()
        with self._lock, self._db:
            # One statement decides: a fresh key inserts, an expired one is replaced, a live one
            # is left alone (rowcount 0). SQLite runs it atomically, whoever else writes.
            cur = self._db.execute(
                f"INSERT INTO {table} (key, expires) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET expires = excluded.expires "
                f"WHERE {table}.expires <= ?",
                (key, now + ttl, now),
            )
            self._after_write()
            return cur.rowcount == 1

    def first_delivery(self, key: str, ttl: int = RETENTION.event_ttl) -> bool:
        return self._add_key("deliveries", key, ttl)

    def first_welcome(self, channel: str, user: str) -> bool:
        return self._add_key("welcomes", f"{channel}:{user}", self.retention.welcome_ttl)

    def add_question(self, record: QuestionRecord) -> None:
        self._insert("questions", QUESTION_COLUMNS, astuple(record))

    def add_feedback(self, record: FeedbackRecord) -> None:
        self._insert("feedback", FEEDBACK_COLUMNS, astuple(record))

    def _insert(self, table: str, columns: tuple[str, ...], values: tuple[Any, ...]) -> None:
        marks = ", ".join("?" * len(columns))
        with self._lock, self._db:
            self._db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values)
            self._after_write()

    def _after_write(self) -> None:
        self._writes += 1
        if self._writes % PRUNE_EVERY == 0:
            self.prune()

    def prune(self) -> None:
        """Drop expired keys and rows beyond the caps. Called with the lock held."""
        now = time.time()
        self._db.execute("DELETE FROM deliveries WHERE expires <= ?", (now,))
        self._db.execute("DELETE FROM welcomes WHERE expires <= ?", (now,))
        caps = (
            ("questions", self.retention.max_questions),
            ("feedback", self.retention.max_feedback),
        )
        for table, cap in caps:
            self._db.execute(
                f"DELETE FROM {table} WHERE seq <= (SELECT MAX(seq) FROM {table}) - ?", (cap,)
            )

    def _select(
        self, table: str, columns: tuple[str, ...], where: str, args: tuple[Any, ...]
    ) -> list[Any]:
        with self._lock:
            return self._db.execute(
                f"SELECT {', '.join(columns)} FROM {table} {where}", args
            ).fetchall()

    def questions(self, since: float = 0.0) -> list[QuestionRecord]:
        rows = self._select("questions", QUESTION_COLUMNS, "WHERE at >= ? ORDER BY seq", (since,))
        return [QuestionRecord(*row) for row in rows]

    def question(self, question_id: str) -> QuestionRecord | None:
        rows = self._select(
            "questions", QUESTION_COLUMNS, "WHERE id = ? ORDER BY seq DESC LIMIT 1", (question_id,)
        )
        return QuestionRecord(*rows[0]) if rows else None

    def feedback(self) -> list[FeedbackRecord]:
        rows = self._select("feedback", FEEDBACK_COLUMNS, "ORDER BY seq", ())
        return [FeedbackRecord(*row) for row in rows]

    def pseudonym_salt(self) -> str:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO meta (name, value) VALUES ('pseudonym_salt', ?)",
                (new_salt(),),
            )
            return str(
                self._db.execute("SELECT value FROM meta WHERE name = 'pseudonym_salt'").fetchone()[
                    0
                ]
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
