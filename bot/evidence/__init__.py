"""The evidence sources, in the order they read a question. Each is one module (see base.py for
the three names a source defines); adding a source is a new module and one line here.

Order matters twice: a source may read another's table when it is built later (chinese and
channels read the phrases table), and evidence that ties keeps the order it was found in.
"""

from __future__ import annotations

from types import ModuleType

from bot.evidence import (
    api_groups,
    channels,
    chinese,
    components,
    features,
    identifiers,
    pairs,
    paths,
    phrases,
    repository,
    terms,
    test_tags,
    title_tags,
)

SOURCES: tuple[ModuleType, ...] = (
    paths,
    features,
    phrases,
    chinese,
    channels,
    api_groups,
    test_tags,
    title_tags,
    pairs,
    repository,
    terms,
    identifiers,
    components,
)
