"""The start-up cache: `sigbot ask` answers from a kept copy of the loaded knowledge, and never
from a stale one (bot/knowledge/cache.py)."""

from __future__ import annotations

import pickle
import shutil
import weakref
from pathlib import Path

import pytest

from bot.knowledge import cache
from bot.knowledge.cache import load_cached_knowledge, load_engine
from tests.conftest import KNOWLEDGE


@pytest.fixture
def knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    directory = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, directory)
    return directory


def caches(knowledge: Path) -> list[Path]:
    return sorted((knowledge.parent / "cache" / "sigbot").glob("knowledge-*.pickle"))


def test_a_second_load_comes_from_the_cache(knowledge: Path) -> None:
    kb, _ = load_engine(str(knowledge))
    assert len(caches(knowledge)) == 1
    again, _ = load_engine(str(knowledge))
    assert again == kb and again is not kb


def test_an_edited_knowledge_file_is_read_again_and_the_old_cache_goes(knowledge: Path) -> None:
    load_engine(str(knowledge))
    topics = knowledge / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    # the group's own list of topic names (a line that starts with it, not a pair's list)
    at = text.index("\n    en: [", text.index("  sig-network:\n")) + len("\n    en: [")
    topics.write_text(text[:at] + "zorbium, " + text[at:], encoding="utf-8")
    kb, _ = load_engine(str(knowledge))
    assert any(t.alias == "zorbium" for t in kb.topics)
    assert len(caches(knowledge)) == 1  # the stale one was removed


def test_sigbot_cache_0_turns_it_off(knowledge: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGBOT_CACHE", "0")
    load_engine(str(knowledge))
    assert caches(knowledge) == []


def test_a_cache_that_cannot_be_written_is_no_error(
    knowledge: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = knowledge.parent / "not-a-dir"
    blocker.write_text("a file where the cache directory would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    kb, index = load_engine(str(knowledge))
    assert kb.group("sig-network") is not None and index.vocabulary


def test_a_corrupt_cache_is_read_past(knowledge: Path) -> None:
    load_engine(str(knowledge))
    [cache] = caches(knowledge)
    cache.write_bytes(b"not a pickle")
    kb, _ = load_engine(str(knowledge))
    assert kb.group("sig-network") is not None


def test_a_cached_copy_that_is_dropped_is_freed_though_frozen(knowledge: Path) -> None:
    """The load freezes what it read out of the garbage collector's reach (a faster start-up):
    that is safe only while the knowledge holds no reference cycles, so that reference counting
    alone frees it."""
    load_engine(str(knowledge))
    kb, index = load_engine(str(knowledge))  # from the cache, frozen
    gone = weakref.ref(kb), weakref.ref(index)
    del kb, index
    assert [ref() for ref in gone] == [None, None]


def test_the_cache_key_lists_every_module_of_sigbot_with_its_size_and_time() -> None:
    """An edit to any module must make a new cache: the key lists what rglob finds."""
    root = Path(cache.__file__).resolve().parent.parent
    every = sorted(
        (str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*.py")
    )
    listed = cache._code()
    assert listed == every
    assert "knowledge/cache.py" in {name for name, _, _ in listed}  # subfolders are walked


def test_show_and_list_read_the_knowledge_from_the_cache_without_its_index(knowledge: Path) -> None:
    """The cache holds the knowledge first and the index after it (most of the file): `sigbot
    show` and `sigbot list` read the first part only. With the index cut off the file, they
    still read the cache as it is, where `sigbot ask` would read the knowledge again."""
    kb, _ = load_engine(str(knowledge))
    [kept] = caches(knowledge)
    with open(kept, "rb") as handle:
        pickle.Unpickler(handle).load()
        first = handle.tell()
    kept.write_bytes(kept.read_bytes()[:first])
    written = kept.stat().st_mtime_ns
    assert load_cached_knowledge(str(knowledge)) == kb
    assert kept.stat().st_mtime_ns == written  # read, not written again
