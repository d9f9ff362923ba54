"""Keeping the running bot's knowledge true without a restart: the imperative shell around
loading, validating and swapping.

- `reload()`: re-read the knowledge directory (on SIGHUP, or when the watcher sees a change, e.g.
  a re-mounted ConfigMap). Validated first; a broken file keeps the last good knowledge.
- `refresh_upstream()`: fetch upstream sigs.yaml, import it, validate it against the curated
  files, and swap it in; a truncated, malformed or suspicious file is rejected.
- `refresh_keps()`: the same for KEPs, from a .tar.gz of kubernetes/enhancements (GitHub's
  archive of a branch), read as a stream: KEPs stay as current as groups.
Every attempt is logged as one JSON line and counted in metrics.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.knowledge.enhancements import read_archive
from bot.knowledge.keps import FEATURES_FILE, import_keps
from bot.knowledge.loader import UnsafeYaml, parse_yaml, read_knowledge_docs
from bot.knowledge.upstream import GENERATED_FILE, UpstreamError, import_sigs
from bot.knowledge.validation import (
    KNOWLEDGE_FILES,
    OPTIONAL_FILES,
    Problem,
    build_knowledge,
    format_problems,
)
from bot.live import LiveKnowledge
from bot.model import KnowledgeBase

logger = logging.getLogger("sigbot.knowledge")

MAX_UPSTREAM_BYTES = 5_000_000  # sigs.yaml is ~150 KB; anything far larger is not it
# An upstream file that loses this share of groups or subprojects at once is more likely broken
# (truncated, a bad merge) than a real reorganisation; a maintainer should look first.
MAX_GROUP_LOSS = 0.25
MAX_SUBPROJECT_LOSS = 0.5
UPSTREAM_TIMEOUT_SECONDS = 20
# kubernetes/enhancements as GitHub's .tar.gz: tens of MB (KEP READMEs, images), read as a
# stream and never held whole; a KEP refresh that loses this share of KEPs at once is rejected.
MAX_ENHANCEMENTS_BYTES = 200_000_000
ENHANCEMENTS_TIMEOUT_SECONDS = 300
MAX_KEP_LOSS = 0.25


@dataclass(frozen=True)
class Outcome:
    ok: bool
    reason: str  # "reload", "SIGHUP", "upstream", "watch"
    problems: tuple[str, ...] = ()
    error: bool = False  # failed unexpectedly (not a rejected edit)


class KnowledgeKeeper:
    """Owns where knowledge comes from (a directory, optionally a fetched upstream file) and
    swaps new knowledge into `live` only when it validates."""

    def __init__(
        self,
        live: LiveKnowledge,
        directory: Path,
        on_outcome: Callable[[Outcome], None] | None = None,
    ) -> None:
        self.live = live
        self.directory = directory
        self.on_outcome = on_outcome
        # The last accepted imports from upstream (upstream.yaml, features.yaml), by file name:
        # they stand in for the files on disk until the next refresh.
        self.fetched: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()

    # -- building ----------------------------------------------------------------------------

    def _read_docs(self) -> tuple[dict[str, Any], list[Problem]]:
        return read_knowledge_docs(self.directory, dict(self.fetched) or None)

    def _take(self, reason: str, name: str, doc: dict[str, Any]) -> Outcome:
        """Swap in a fresh import of one generated file, if the whole knowledge validates with
        it; otherwise keep the previous one (the curated files do not fit the new upstream)."""
        with self._lock:
            previous = self.fetched.get(name)
            self.fetched[name] = doc
            docs, problems = self._read_docs()
            kb, problems = self._build(docs, problems)
            if kb is None:
                if previous is None:
                    del self.fetched[name]
                else:
                    self.fetched[name] = previous
            return self._finish(reason, kb, problems)

    def _build(
        self, docs: dict[str, Any], problems: list[Problem]
    ) -> tuple[KnowledgeBase | None, list[Problem]]:
        if problems:
            return None, problems
        return build_knowledge(docs)

    def _finish(self, reason: str, kb: KnowledgeBase | None, problems: list[Problem]) -> Outcome:
        errors = [p for p in problems if p.severity == "error"]
        if kb is None:
            outcome = Outcome(False, reason, tuple(str(p) for p in errors))
            logger.error(
                json.dumps(
                    {
                        "event": "knowledge_rejected",
                        "reason": reason,
                        "problems": list(outcome.problems),
                    },
                    ensure_ascii=False,
                )
            )
            logger.error("keeping the last good knowledge; problems:\n%s", format_problems(errors))
        else:
            self.live.replace(kb)
            outcome = Outcome(True, reason)
            logger.info(
                json.dumps(
                    {
                        "event": "knowledge_loaded",
                        "reason": reason,
                        "groups": len(kb.groups),
                        "topics": len(kb.topics),
                    }
                )
            )
        if self.on_outcome:
            self.on_outcome(outcome)
        return outcome

    # -- entry points --------------------------------------------------------------------------

    def reload(self, reason: str = "reload") -> Outcome:
        """Re-read the directory. Never raises: anything unexpected is a rejected reload,
        logged and counted, and the last good knowledge keeps serving."""
        try:
            with self._lock:
                docs, problems = self._read_docs()
                kb, problems = self._build(docs, problems)
                return self._finish(reason, kb, problems)
        except Exception as e:
            logger.exception("knowledge reload failed")
            return self._failed(reason, f"reload failed: {type(e).__name__}")

    def reload_in_background(self, reason: str) -> threading.Thread:
        """For signal handlers: they must return at once (the HTTP server's loop runs on the
        same thread), so the reload runs on its own thread."""
        thread = threading.Thread(
            target=self.reload, args=(reason,), name="sigbot-reload", daemon=True
        )
        thread.start()
        return thread

    def _failed(self, reason: str, message: str) -> Outcome:
        outcome = Outcome(False, reason, (message,), error=True)
        if self.on_outcome:
            self.on_outcome(outcome)
        return outcome

    def _refresh(
        self, reason: str, name: str, url: str, load: Callable[[], dict[str, Any]]
    ) -> Outcome:
        """Fetch and import (`load`, outside the lock: a slow upstream never holds up a SIGHUP
        reload), then swap the result in only when all is well. Never raises."""
        try:
            doc = load()
        except (OSError, ValueError) as e:
            return self._finish(reason, None, [Problem(_safe_url(url), "", "", str(e))])
        except Exception as e:
            logger.exception("%s refresh failed", reason)
            return self._failed(reason, f"refresh failed: {type(e).__name__}")
        return self._take(reason, name, doc)

    def refresh_upstream(self, url: str) -> Outcome:
        """Fetch, import and validate upstream sigs.yaml; swap it in only when all is well."""

        def load() -> dict[str, Any]:
            raw = fetch(url)
            # A raw file says no commit: its facts are as of the day it was fetched.
            source = {"file": _safe_url(url), "sha256": hashlib.sha256(raw).hexdigest()}
            source["date"] = source["fetched"] = _today()
            doc = parse_upstream(raw, source=source)
            check_plausible(doc, self.live.current.kb)
            return doc

        return self._refresh("upstream", GENERATED_FILE, url, load)

    def refresh_keps(self, url: str) -> Outcome:
        """Fetch kubernetes/enhancements (a .tar.gz, read as a stream), import its KEPs, and
        swap them in only when they validate against the groups."""

        def load() -> dict[str, Any]:
            current = self.live.current.kb
            with open_stream(url, ENHANCEMENTS_TIMEOUT_SECONDS, MAX_ENHANCEMENTS_BYTES) as stream:
                files, found = read_archive(stream)
            source = {"file": _safe_url(url), "fetched": _today(), **found}
            doc, _notes = import_keps(files, {g.id for g in current.groups}, source)
            check_keps_plausible(doc, current)
            return doc

        return self._refresh("keps", FEATURES_FILE, url, load)

    # -- background work -----------------------------------------------------------------------

    def fingerprint(self) -> str:
        """Changes whenever a knowledge file changes, including ConfigMap's symlink swaps."""
        parts = []
        for name in (*KNOWLEDGE_FILES, *OPTIONAL_FILES):
            path = self.directory / name
            try:
                st = os.stat(path)  # follows symlinks: a re-pointed ..data link counts
                parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}:{os.path.realpath(path)}")
            except OSError:
                parts.append(f"{name}:missing")
        return "|".join(parts)

    def watch(self, interval: float = 5.0) -> threading.Thread:
        # Taken here, not in the thread: an edit made just after watch() returns, before the
        # thread first runs, must count as a change rather than become the baseline.
        seen = self.fingerprint()

        def loop() -> None:
            nonlocal seen
            while not self._stop.wait(interval):
                try:
                    now = self.fingerprint()
                    if now != seen:
                        seen = now
                        self.reload("watch")
                except Exception as e:  # the watcher must outlive any one bad edit
                    logger.exception("knowledge watcher error")
                    self._failed("watch", f"watcher error: {type(e).__name__}")

        thread = threading.Thread(target=loop, name="sigbot-knowledge-watch", daemon=True)
        thread.start()
        return thread

    def poll_upstream(
        self, url: str, interval: float, now: bool = False, keps_url: str = ""
    ) -> threading.Thread:
        """Refresh groups (`url`) and KEPs (`keps_url`) every `interval` seconds (and once at
        once with `now`), on a thread of its own: start-up never waits for upstream."""

        def refresh() -> None:
            for source, step in ((url, self.refresh_upstream), (keps_url, self.refresh_keps)):
                if source:
                    try:
                        step(source)
                    except Exception:  # a refresh must never take the bot down
                        logger.exception("upstream refresh failed")

        def loop() -> None:
            if now:
                refresh()
            while not self._stop.wait(interval):
                refresh()

        thread = threading.Thread(target=loop, name="sigbot-upstream-refresh", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()


class _SameSchemeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the scheme we started with (https stays https)."""

    def __init__(self, scheme: str) -> None:
        self.scheme = scheme

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        target = urlsplit(newurl).scheme
        if target != self.scheme:
            raise ValueError(f"upstream redirected to a {target or 'relative'}: URL; refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _safe_url(url: str) -> str:
    """For messages: scheme, host and path only (no credentials or query)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{parts.path}"


def _today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def fetch(
    url: str, timeout: float = UPSTREAM_TIMEOUT_SECONDS, max_bytes: int = MAX_UPSTREAM_BYTES
) -> bytes:
    """The whole body within `timeout` seconds in total (not per read: a server trickling one
    byte at a time is cut off), at most `max_bytes`, redirects only to the same scheme."""
    with open_stream(url, timeout, max_bytes) as stream:
        data = stream.read()
        declared = stream.declared
    if declared is not None and len(data) != declared:
        raise ValueError(f"upstream file is truncated ({len(data)} of {declared} bytes)")
    return data


class _Capped(io.RawIOBase):
    """A response body read within a deadline for the whole body and a byte limit."""

    def __init__(self, response: Any, timeout: float, max_bytes: int) -> None:
        self.response = response
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self.left = max_bytes
        header = response.headers.get("Content-Length")
        self.declared = int(header) if header and header.isdigit() else None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ValueError(f"upstream did not send the file within {self.timeout:.0f}s")
        raw = getattr(getattr(self.response, "fp", None), "raw", None)
        sock = getattr(raw, "_sock", None)
        if sock is not None:
            sock.settimeout(min(left, self.timeout))
        want = min(len(buffer), 65536)
        read = getattr(self.response, "read1", None) or self.response.read
        try:
            chunk = read(want)
        except TimeoutError:
            raise ValueError(f"upstream did not send the file within {self.timeout:.0f}s") from None
        self.left -= len(chunk)
        if self.left < 0:
            raise ValueError("upstream file is too large")
        buffer[: len(chunk)] = chunk
        return len(chunk)


@contextlib.contextmanager
def open_stream(url: str, timeout: float, max_bytes: int) -> Iterator[_Capped]:
    """The body of `url` as a stream, read within `timeout` seconds in total and `max_bytes`."""
    scheme = urlsplit(url).scheme
    if scheme not in ("https", "http", "file"):
        raise ValueError("upstream URL must be http(s) or file")
    opener = urllib.request.build_opener(_SameSchemeRedirects(scheme))
    try:
        response = opener.open(url, timeout=timeout)  # scheme checked above
    except TimeoutError:
        raise ValueError(f"upstream did not answer within {timeout:.0f}s") from None
    with response:
        stream = _Capped(response, timeout, max_bytes)
        if stream.declared is not None and stream.declared > max_bytes:
            raise ValueError(f"upstream file is too large ({stream.declared} bytes)")
        yield stream


def parse_upstream(raw: bytes, source: dict[str, str]) -> dict[str, Any]:
    try:
        upstream = parse_yaml(raw.decode("utf-8"), "upstream file")
    except UnsafeYaml:
        raise
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise ValueError(f"upstream file is not valid YAML: {e}") from e
    try:
        doc, _notes = import_sigs(upstream, source)
    except UpstreamError as e:
        raise ValueError(str(e)) from e
    return doc


def _not_gutted(what: str, new: int, have: int, max_loss: float) -> None:
    """An import that lost more than `max_loss` of its `what` at once is suspicious."""
    if not new:
        raise ValueError(f"upstream lists no {what}")
    if new < (1 - max_loss) * have:
        raise ValueError(
            f"suspicious upstream data: {new} {what}, we have {have} "
            f"(more than {max_loss:.0%} gone at once)"
        )


def check_keps_plausible(doc: dict[str, Any], current: KnowledgeBase) -> None:
    """Reject a KEP import that looks broken next to what we serve now (a cut archive)."""
    _not_gutted("KEPs", len(doc.get("features") or []), len(current.features), MAX_KEP_LOSS)


def check_plausible(doc: dict[str, Any], current: KnowledgeBase) -> None:
    """Reject an upstream file that looks broken compared with what we serve now."""
    groups = doc.get("groups") or []
    _not_gutted("groups", len(groups), len(current.groups), MAX_GROUP_LOSS)
    subprojects = sum(len(g.get("subprojects") or []) for g in groups)
    have = sum(len(g.subprojects) for g in current.groups)
    if have:
        _not_gutted("subprojects", subprojects, have, MAX_SUBPROJECT_LOSS)
