"""Import the "In scope" part of each group's charter as word counts (`knowledge/scope.yaml`). Pure.

A charter says in prose what a group owns ("Kubelet and its features", "Cluster DNS"). We keep
only how often each word appears in that part, which the matcher's term weighting reads; the
prose itself is never copied into the product.
"""

from __future__ import annotations

import re
from typing import Any

from bot.knowledge.generated import Note, content_words, format_terms
from bot.knowledge.generated import header as generated_header

SCOPE_FILE = "scope.yaml"
FORMAT_VERSION = 1
MAX_TERMS_PER_GROUP = 150

_HEADING = re.compile(r"^(#{2,6})\s*(.+?)\s*$", re.M)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def in_scope_text(charter: str) -> str:
    """The text under the 'In scope' heading (with its sub-headings), up to the next heading of
    the same or a higher level; the whole 'Scope' section when there is no such heading."""
    headings = list(_HEADING.finditer(charter))
    for wanted in ("in scope", "scope"):
        for i, h in enumerate(headings):
            if h.group(2).strip().lower().rstrip(":") != wanted:
                continue
            level = len(h.group(1))
            end = len(charter)
            for nxt in headings[i + 1 :]:
                title = nxt.group(2).strip().lower()
                if len(nxt.group(1)) <= level or title.startswith("out of scope"):
                    end = nxt.start()
                    break
            return charter[h.end() : end]
    return ""


def scope_terms(charter: str) -> dict[str, int]:
    text = _LINK.sub(r"\1", in_scope_text(charter))
    text = re.sub(r"https?://\S+", " ", text)
    return content_words(text, MAX_TERMS_PER_GROUP)


def import_charters(
    files: dict[str, str], known_groups: set[str], source: dict[str, str]
) -> tuple[dict[str, Any], list[Note]]:
    """files: charter file name ('sig-node.md') -> its text. Returns the document and notes."""
    notes: list[Note] = []
    groups: dict[str, str] = {}
    for name in sorted(files):
        gid = name.removesuffix(".md")
        if gid not in known_groups:
            notes.append(Note(name, "not an active group; skipped"))
            continue
        terms = scope_terms(files[name])
        if not terms:
            notes.append(Note(name, "no 'In scope' section found; skipped"))
            continue
        groups[gid] = format_terms(terms)
    for gid in sorted(known_groups - set(groups)):
        if f"{gid}.md" not in files:
            notes.append(Note(gid, "has no charter in the snapshot"))
    return {
        "format": FORMAT_VERSION,
        "source": dict(sorted(source.items())),
        "groups": groups,
    }, notes


def header(source: dict[str, str]) -> str:
    return generated_header(
        "import-charters",
        "kubernetes/community charters",
        source,
        (
            "Counts of the words each charter's 'In scope' section uses (matching only; never",
            "shown to anyone).",
        ),
    )
