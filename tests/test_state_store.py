"""The state store on real backends: SQLite files and a real Redis server. Each store answers
the same questions the same way; SQLite survives a restart; a store that is down never stops
an answer; nothing a store holds grows without bound."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.state import (
    FeedbackRecord,
    GuardedStore,
    QuestionRecord,
    StateUrlError,
    hash_user,
    open_backend,
    open_store,
)
from bot.state.memory import ExpiringKeys
from bot.state.sqlite_store import MIGRATIONS, SqliteStore


@pytest.fixture(params=["memory", "sqlite", "redis"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/state.db"
    return str(request.getfixturevalue("redis_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[GuardedStore]:
    opened = open_store(store_url)
    yield opened
    opened.close()


def question(qid: str, outcome: str = "answer", group: str | None = "sig-node") -> QuestionRecord:
    return QuestionRecord(qid, time.time(), "command", outcome, group, "high", None)


def test_an_event_is_handled_once_and_again_after_its_ttl(store: GuardedStore) -> None:
    assert store.first_delivery("event:Ev1", ttl=1) is True
    assert store.first_delivery("event:Ev1", ttl=1) is False
    assert store.first_delivery("event:Ev2", ttl=1) is True
    time.sleep(1.1)
    assert store.first_delivery("event:Ev1", ttl=1) is True


def test_a_person_is_welcomed_to_a_channel_once(store: GuardedStore) -> None:
    assert store.first_welcome("C1", "U1") is True
    assert store.first_welcome("C1", "U1") is False
    assert store.first_welcome("C2", "U1") is True


def test_questions_and_feedback_are_kept_and_found_by_id(store: GuardedStore) -> None:
    store.add_question(question("q1"))
    store.add_question(question("q2", "none", None))
    store.add_feedback(
        FeedbackRecord("q1", time.time(), "command", "correct", "sig-node", "sig-network", "h1")
    )
    assert [q.id for q in store.questions()] == ["q1", "q2"]
    found = store.question("q2")
    assert found is not None and found.outcome == "none" and found.group is None
    [fb] = store.feedback()
    assert (fb.question_id, fb.answered, fb.chosen, fb.verdict) == (
        "q1",
        "sig-node",
        "sig-network",
        "correct",
    )
    assert store.questions(since=time.time() + 60) == []


def test_only_one_of_many_concurrent_deliveries_wins(store: GuardedStore) -> None:
    """Two replicas (or two threads) given the same event agree on who answers it."""
    results: list[bool] = []
    barrier = threading.Barrier(16)

    def deliver() -> None:
        barrier.wait()
        results.append(store.first_delivery("event:same"))

    threads = [threading.Thread(target=deliver) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1


def test_sqlite_keeps_feedback_and_handled_events_across_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/state.db"
    first = open_store(url)
    assert first.first_delivery("event:Ev9")
    first.add_question(question("q9"))
    first.add_feedback(FeedbackRecord("q9", time.time(), "dm", "up", "sig-node", None, "h"))
    first.close()

    again = open_store(url)
    assert again.first_delivery("event:Ev9") is False  # already answered before the restart
    assert [f.verdict for f in again.feedback()] == ["up"]
    assert again.question("q9") is not None
    again.close()


def test_sqlite_uses_wal_and_records_its_schema_version(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "s.db"))
    assert store.schema_version == len(MIGRATIONS)
    store.close()
    with sqlite3.connect(tmp_path / "s.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_database_from_a_newer_sigbot_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StateUrlError, match="schema version 99"):
        open_store(f"sqlite:///{path}")


def test_sqlite_prunes_expired_keys_and_caps_the_question_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.state.sqlite_store as sqlite_store
    from bot.state.records import Retention

    monkeypatch.setattr(sqlite_store, "PRUNE_EVERY", 10)
    store = SqliteStore(str(tmp_path / "s.db"), retention=Retention(max_questions=50))
    for i in range(200):
        store.add_question(question(f"q{i}"))
        store.first_delivery(f"event:{i}", ttl=0)
    kept = store.questions()
    assert len(kept) <= 60 and kept[-1].id == "q199"  # the newest are kept
    count = store._db.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0]
    assert count < 20  # expired keys do not pile up
    store.close()


def test_in_process_keys_stay_bounded_whatever_arrives() -> None:
    keys = ExpiringKeys(max_keys=1000)
    for i in range(20_000):
        keys.add_if_new(f"k{i}" * 10, ttl=3600)
    assert len(keys) == 1000
    assert keys.add_if_new("k19999" * 10, ttl=3600) is False  # the newest are remembered


def test_a_store_that_goes_down_does_not_stop_deduplication_or_raise() -> None:
    from tests.services import RedisServer

    server = RedisServer()
    errors: list[str] = []
    store = open_store(server.url, on_error=errors.append)
    assert store.first_delivery("event:A")
    server.stop()  # Redis goes away while the bot runs
    assert store.first_delivery("event:B") is True  # answered, from the in-process fallback
    assert store.first_delivery("event:B") is False  # and still only once
    store.add_question(question("q"))  # lost, but never raised
    assert store.feedback() == []
    assert {"dedupe", "question", "read"} <= set(errors)


def test_an_unreachable_store_at_start_up_names_the_variable_not_the_password() -> None:
    from tests.services import free_port

    url = f"redis://:s3cret-password@127.0.0.1:{free_port()}/0"
    with pytest.raises(StateUrlError) as e:
        open_store(url)
    assert "SIGBOT_STATE_URL" in str(e.value) and "s3cret" not in str(e.value)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("postgres://db/x", "must start with sqlite:///"),
        ("sqlite://relative.db", "absolute file path"),
        ("sqlite:///", "absolute file path"),
    ],
)
def test_malformed_state_urls_are_explained(url: str, expected: str) -> None:
    with pytest.raises(StateUrlError, match=expected):
        open_backend(url)


def test_people_are_stored_as_stable_pseudonyms() -> None:
    assert hash_user("U123", "salt") == hash_user("U123", "salt")
    assert hash_user("U123", "salt") != hash_user("U124", "salt")
    assert "U123" not in hash_user("U123", "salt")
