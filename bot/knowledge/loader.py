"""Read knowledge/*.yaml from disk: the only module of the core that does file I/O.

Where the knowledge lives, in order: an explicit directory (`--knowledge`), `SIGBOT_KNOWLEDGE`,
the copy shipped inside a built wheel (`bot/_knowledge`), the checkout's `knowledge/`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.location import ENV_KNOWLEDGE as ENV_KNOWLEDGE
from bot.knowledge.location import default_knowledge_dir as default_knowledge_dir
from bot.knowledge.validation import (
    KNOWLEDGE_FILES,
    OPTIONAL_FILES,
    KnowledgeError,
    Problem,
    build_knowledge,
)
from bot.model import KnowledgeBase

# libyaml's safe loader when present: same results, several times faster to parse.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The largest knowledge file (features.yaml) is about 330 KB; upstream sigs.yaml about 150 KB.
MAX_YAML_BYTES = 4_000_000
# An anchor (&name) is the only way to define what an alias (*name) repeats. Text without one
# cannot hold an alias, so only text that seems to have one pays for a scan of its events.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s,\[{:-])&[^\s]", re.MULTILINE)


class UnsafeYaml(ValueError):
    """A YAML document refused before it is built: too large, or using aliases (which let a
    few KB expand into gigabytes, the "billion laughs")."""


def parse_yaml(text: str, what: str = "document") -> Any:
    """Safe YAML from anywhere outside (knowledge files, upstream, KEPs): size-capped, with
    aliases refused before anything is expanded. Raises UnsafeYaml or yaml.YAMLError."""
    if len(text) > MAX_YAML_BYTES:
        raise UnsafeYaml(
            f"{what} is too large ({len(text):,} characters; limit {MAX_YAML_BYTES:,})"
        )
    if _MAYBE_ANCHOR.search(text):
        for event in yaml.parse(text, Loader=_YAML_LOADER):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                where = f" (line {mark.line + 1})" if mark else ""
                raise UnsafeYaml(f"{what} uses a YAML alias{where}; aliases are not allowed")
    return yaml.load(text, Loader=_YAML_LOADER)


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse one file; a syntax error becomes a Problem with its line and column."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(name, "", "", f"file is missing from {path.parent}")]
    except (OSError, UnicodeDecodeError) as e:
        return None, [Problem(name, "", "", f"cannot read: {e}")]
    try:
        return parse_yaml(text, name), []
    except UnsafeYaml as e:
        return None, [Problem(name, "", "", str(e))]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        return None, [Problem(name, where, "", f"YAML syntax error: {e.problem}")]
    except yaml.YAMLError as e:
        return None, [Problem(name, "", "", f"YAML error: {e}")]


def read_knowledge_docs(
    directory: Path, overrides: dict[str, Any] | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Every knowledge file of `directory`, parsed (file name -> data), and what went wrong.

    The one place knowledge files are read. `overrides` stands in for files already parsed (an
    upstream refresh held in memory). Optional files (features, scope, language) may be absent.
    """
    docs: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in (*KNOWLEDGE_FILES, *OPTIONAL_FILES):
        if overrides and name in overrides:
            docs[name] = overrides[name]
            continue
        path = directory / name
        if name in OPTIONAL_FILES and not path.exists():
            docs[name] = None
            continue
        data, file_problems = read_yaml(path)
        problems += file_problems
        docs[name] = data
    return docs, problems


def check_knowledge(directory: Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load and validate; never raises for bad content, so callers can report everything."""
    if not directory.is_dir():
        return None, [Problem(str(directory), "", "", "knowledge directory does not exist")]
    docs, problems = read_knowledge_docs(directory)
    if problems:
        # A file that did not parse would cascade into dozens of "unknown group" errors.
        return None, problems
    return build_knowledge(docs)


def load_knowledge(directory: str | os.PathLike[str] | None = None) -> KnowledgeBase:
    """The knowledge base, or KnowledgeError listing every problem."""
    kb, problems = check_knowledge(default_knowledge_dir(directory))
    if kb is None:
        raise KnowledgeError(problems)
    return kb
