"""The running bot's knowledge: swapped whole, so no request ever sees half a knowledge base."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bot.matching import Index, build_index
from bot.model import KnowledgeBase


@dataclass(frozen=True)
class Snapshot:
    kb: KnowledgeBase
    index: Index


class LiveKnowledge:
    """Holds the current (knowledge base, index) pair. Readers take `.current` once per request;
    `replace` builds the new index first and then swaps one reference."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._current = Snapshot(kb, build_index(kb))
        self._lock = threading.Lock()

    @property
    def current(self) -> Snapshot:
        return self._current

    def replace(self, kb: KnowledgeBase) -> None:
        snapshot = Snapshot(kb, build_index(kb))
        with self._lock:
            self._current = snapshot
