"""The repository an issue or pull request was filed in (triage input, a pasted link): a prior
for the group that owns it. Pure.

sigs.yaml maps about 320 repositories to their groups through their subprojects' OWNERS files.
A repository that one group owns ("kubernetes-sigs/kueue", "kubernetes/website") says where an
issue most likely belongs when its title is vague; one shared by many groups
(kubernetes/kubernetes) says nothing, and is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.evidence.base import Evidence, Index, Scan
from bot.evidence.kinds import kind
from bot.model import KnowledgeBase

NAME = "repository"


@dataclass
class Repositories:
    """The table of repositories that one group owns alone."""

    owner: dict[str, str] = field(default_factory=dict)  # "org/repo" -> its only group


def build(kb: KnowledgeBase, index: Index) -> Repositories:
    groups: dict[str, set[str]] = {}
    for g in kb.groups:
        for sub in g.subprojects:
            for loc in sub.owners:
                repo = "/".join(loc.split("/")[:2]).casefold()
                groups.setdefault(repo, set()).add(g.id)
    return Repositories({repo: next(iter(gs)) for repo, gs in groups.items() if len(gs) == 1})


def collect(scan: Scan, table: Repositories) -> None:
    repo = scan.query.repository.casefold()
    gid = table.owner.get(repo)
    if gid is None:
        return
    ev = Evidence("filed_in", repo, kind("filed_in").points, True, location=repo)
    scan.credit(gid, ev, frozenset({scan.new_slot()}))
