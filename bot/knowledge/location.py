"""Where the knowledge is: an explicit directory, $SIGBOT_KNOWLEDGE, the copy shipped inside a
built wheel (`bot/_knowledge`), or the checkout's `knowledge/`. No I/O beyond looking; kept apart
from the loader so that finding the knowledge costs no YAML import (the start-up cache needs it
before it knows whether anything must be parsed)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_KNOWLEDGE = "SIGBOT_KNOWLEDGE"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # bot/


def default_knowledge_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    if os.environ.get(ENV_KNOWLEDGE):
        return Path(os.environ[ENV_KNOWLEDGE])
    shipped = _PACKAGE_DIR / "_knowledge"
    if shipped.is_dir():
        return shipped
    return _PACKAGE_DIR.parent / "knowledge"
