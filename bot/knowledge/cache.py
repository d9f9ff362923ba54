"""The loaded knowledge and its index, kept between runs of `sigbot ask` so a terminal answer
starts in a fraction of the time: parsing the YAML and building the index take most of a cold
start, and neither changes until a knowledge file does.

The cache is one pickle per knowledge directory under $XDG_CACHE_HOME/sigbot (else
~/.cache/sigbot), named by a digest of what it was built from: sigbot's own modules, Python's
version, and every knowledge file's name, size and modification time. A changed file, an edit
to the code, a new release or a new Python makes a new digest, and the knowledge is read again.
Only knowledge that loads without errors is cached; a cache that cannot be read or written is
ignored (a read-only home, a full disk), never an error. SIGBOT_CACHE=0 turns it off. The pickle
is written by this user's own sigbot into this user's own cache directory, like any program's
cache.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from bot.knowledge.location import default_knowledge_dir
from bot.matching import Index, build_index
from bot.model import KnowledgeBase

ENV_CACHE = "SIGBOT_CACHE"


class KnowledgeProblems(ValueError):
    """The knowledge has errors: nothing is loaded (the caller reports them)."""

    def __init__(self, directory: Path, problems: list[object]) -> None:
        super().__init__(f"the knowledge in {directory} has problems")
        self.directory = directory
        self.problems = problems


def load_engine(directory: str | None = None) -> tuple[KnowledgeBase, Index]:
    """The knowledge in `directory` (or the default) and its index, from the cache when the
    files are unchanged. Raises KnowledgeProblems when the knowledge does not load."""
    kb, index = _load(directory, with_index=True)
    assert index is not None
    return kb, index


def load_cached_knowledge(directory: str | None = None) -> KnowledgeBase:
    """The knowledge alone, for a command that shows it and answers nothing (`sigbot show`,
    `sigbot list`): the cache holds it first and the index after, so it is read without the
    index, which is most of the cache (~30 ms instead of ~110). Raises KnowledgeProblems."""
    return _load(directory, with_index=False)[0]


def _load(directory: str | None, with_index: bool) -> tuple[KnowledgeBase, Index | None]:
    path = default_knowledge_dir(directory)
    cached = _cache_file(path)
    if cached is not None:
        try:
            with open(cached, "rb") as handle:
                kb, index = _unpickle(handle, with_index)
            if isinstance(kb, KnowledgeBase) and (not with_index or isinstance(index, Index)):
                return kb, index
        except Exception:  # missing, stale format, truncated: read the knowledge instead
            pass
    # Parsing and validating YAML is needed only on a cache miss: imported here, not above.
    from bot.knowledge.loader import check_knowledge

    loaded, problems = check_knowledge(path)
    if loaded is None:
        raise KnowledgeProblems(path, list(problems))
    index = build_index(loaded)
    if cached is not None:
        _write(cached, (loaded, index))
    return loaded, index


def _unpickle(handle: BinaryIO, with_index: bool) -> tuple[Any, Any]:
    """Unpickle with the cyclic garbage collector paused, then freeze what the process holds.

    The knowledge is ~150,000 objects (strings, tuples, frozen dataclasses) built in one go:
    with the collector running, every 700 allocations start a collection that walks the young
    objects again, and the first collection after the load walks all of them. Paused and then
    frozen (moved out of the collector's generations for good), the load took 37 ms instead of
    56 ms of every `sigbot ask` (median of 8 processes each). Freezing suits the one caller,
    `sigbot ask`, a process that answers and exits; the knowledge holds no reference cycles, so
    reference counting still frees a frozen copy that is dropped (tests/test_knowledge_cache.py
    checks this)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        # The knowledge, then the index, by one unpickler: the index's references to the
        # knowledge's objects are to the same objects (the pickler's memo is shared, see _write).
        unpickler = pickle.Unpickler(handle)
        kb = unpickler.load()
        index = unpickler.load() if with_index else None
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
    return kb, index


def _cache_file(directory: Path) -> Path | None:
    if os.environ.get(ENV_CACHE, "1") == "0":
        return None
    try:
        files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))
        stats = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    except OSError:
        return None
    where = _digest(str(directory.resolve()))
    digest = _digest(repr((_code(), sys.version, stats)))
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sigbot"
    return base / f"knowledge-{where}-{digest}.pickle"


def _digest(text: str) -> str:
    """64 bits of two CRC-32s: enough to tell caches apart, and zlib loads in a millisecond
    where hashlib's OpenSSL takes several (this runs on every `sigbot ask`)."""
    data = text.encode()
    return f"{zlib.crc32(data):08x}{zlib.crc32(data, 0x5EED):08x}"


def _code() -> list[tuple[str, int, int]]:
    """sigbot's own code as it is on disk (name, size, modification time of each module): an
    index built by other code, a release or an edit in a checkout, is not this one's."""
    return sorted(_modules(str(Path(__file__).resolve().parent.parent), ""))


def _modules(folder: str, prefix: str) -> list[tuple[str, int, int]]:
    """The .py files under `folder`, as `Path.rglob("*.py")` finds them (symlinked folders not
    followed), by os.scandir: one stat a file, and no descent into __pycache__. This runs on
    every `sigbot ask`: 0.4 ms, where rglob and two stats a file took 2.6 ms."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    found += _modules(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                stat = entry.stat()
                found.append((prefix + entry.name, stat.st_size, stat.st_mtime_ns))
    return found


def _write(target: Path, value: tuple[KnowledgeBase, Index]) -> None:
    """Write atomically (another process may be reading), and keep only the newest cache of a
    knowledge directory: older ones are removed, not left to pile up."""
    import tempfile  # only on a cache miss: with shutil and random, ~3 ms of every start-up

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            # Two pickles by one pickler: the knowledge can be read without the index
            # (load_cached_knowledge), and the index refers to the knowledge's objects, not
            # copies of them.
            pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dump(value[0])
            pickler.dump(value[1])
        os.replace(handle.name, target)
        prefix = target.name.rsplit("-", 1)[0]
        for old in target.parent.glob(f"{prefix}-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        return
