"""Kubernetes API groups named in a message ("networking.k8s.io/v1", "apps/v1 DaemonSet",
"rbac.authorization.k8s.io"): the group that owns the API. Pure.

Where upstream's sigs.yaml lists the OWNERS of an API group's directory
(kubernetes/kubernetes/pkg/apis/<group> or staging/src/k8s.io/api/<group>), that group owns
it; the others are curated beside each group in knowledge/topics.yaml (`api_groups`). This
module is also the worked example of a source in docs/ARCHITECTURE.md: one file, one line in
bot/evidence/__init__.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, count

from bot.evidence.base import Evidence, Index, Scan
from bot.evidence.kinds import kind
from bot.model import KnowledgeBase
from bot.query import stem

NAME = "api_groups"
# Where upstream keeps an API group's types; the OWNERS file there names its owner.
_API_DIR = re.compile(r"^kubernetes/kubernetes/(?:pkg/apis|staging/src/k8s\.io/api)/([a-z0-9]+)$")
_VERSION = re.compile(r"v\d{1,2}(?:(?:alpha|beta)\d{1,2})?")
DOMAIN = ("k8s", "io")


@dataclass
class ApiGroups:
    """The table of API groups: which groups own each, by its first label."""

    owners: dict[str, list[str]] = field(default_factory=dict)  # first label (folded) -> groups
    names: dict[str, str] = field(default_factory=dict)  # first label -> full name as said


def build(kb: KnowledgeBase, index: Index) -> ApiGroups:
    table = ApiGroups()

    def add(name: str, gid: str) -> None:
        first = stem(name.split(".")[0].casefold())
        owners = table.owners.setdefault(first, [])
        if gid not in owners:
            owners.append(gid)
        table.names.setdefault(first, name)

    for g in kb.groups:
        for name in g.api_groups:
            add(name, g.id)
    for g in kb.groups:
        for sub in g.subprojects:
            for loc in sub.owners:
                m = _API_DIR.match(loc)
                if m and m.group(1) != "core":  # core/v1 is everyone's
                    add(m.group(1), g.id)
    return table


def collect(scan: Scan, table: ApiGroups) -> None:
    """An API group is a label followed by its domain ("networking k8s io", the domain perhaps
    after more labels: "rbac authorization k8s io") or by a version ("apps v1")."""
    tokens = scan.tokens
    points = kind("api_group").points
    # Only the words that are an API group's first label (picked out in C) are looked at.
    for i in compress(count(), map(table.owners.__contains__, tokens)):
        tok = tokens[i]
        owners = table.owners[tok]
        if not owners:
            continue
        end = _end_of_group(tokens, i)
        if end is None:
            continue
        label = table.names[tok]
        shared = tuple(owners) if len(owners) > 1 else ()  # shown together, in curated order
        for gid in owners:
            ev = Evidence("api_group", label, points, True, shared_with=shared, location=label)
            scan.credit(gid, ev, frozenset(range(i, end)))


def _end_of_group(tokens: list[str], i: int) -> int | None:
    """Where the API group starting at i ends (exclusive), or None when it is only a word."""
    j = i + 1
    while j < len(tokens) and j - i <= 3 and tokens[j : j + 2] != list(DOMAIN):
        j += 1
    if tokens[j : j + 2] == list(DOMAIN):
        return j + 2 + (1 if j + 2 < len(tokens) and _VERSION.fullmatch(tokens[j + 2]) else 0)
    if i + 1 < len(tokens) and _VERSION.fullmatch(tokens[i + 1]):
        return i + 2
    return None
