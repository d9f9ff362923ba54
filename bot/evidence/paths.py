"""Code paths ("pkg/kubelet", "kubernetes-sigs/kind", a GitHub URL) against the OWNERS files
sigs.yaml lists for each subproject: the most specific location that holds the path wins. Pure.

Paths are read before anything else (bot/matching.py): when a path names an OWNERS location,
its words ("src", "pkg") are not topics of the question.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.evidence.base import EXACT, Evidence, Index, Scan, key_points
from bot.evidence.kinds import kind
from bot.model import KnowledgeBase

NAME = "paths"
# First parts of a kubernetes/kubernetes path as people paste them ("pkg/kubelet/...").
KUBERNETES_ROOTS = ("pkg", "cmd", "staging", "test", "plugin", "cluster", "hack", "api", "build")
# The first parts of kubernetes.io (and k8s.io) page paths: the website's, not Go import paths.
WEBSITE = frozenset({"docs", "blog", "zh-cn", "ja", "ko", "de", "fr", "es", "pt-br", "id", "it"})
# A path ending in a file: its directory holds the OWNERS file.
FILE_EXTENSIONS = (
    ".go",
    ".md",
    ".yaml",
    ".yml",
    ".sh",
    ".py",
    ".json",
    ".txt",
    ".proto",
    ".mod",
    ".bzl",
    ".toml",
)


@dataclass(frozen=True)
class PathEntry:
    """An OWNERS location and the group and subproject that own it."""

    location: str  # org/repo[/path]
    group: str
    subproject: str


@dataclass
class Paths:
    """The table of OWNERS locations, exact and by prefix."""

    at: dict[str, PathEntry] = field(default_factory=dict)  # location -> its entry
    below: dict[str, PathEntry] = field(default_factory=dict)  # prefix -> nearest under it


PathHit = tuple[PathEntry, str, float]


def build(kb: KnowledgeBase, index: Index) -> Paths:
    entries = [
        PathEntry(loc, g.id, sub.name)
        for g in kb.groups
        for sub in g.subprojects
        for loc in sub.owners
    ]
    entries.sort(key=lambda p: (-len(p.location), p.location))
    table = Paths()
    groups_below: dict[str, set[str]] = {}
    for entry in entries:
        table.at.setdefault(entry.location, entry)
        parts = entry.location.split("/")
        for n in range(1, len(parts)):
            prefix = "/".join(parts[:n])
            groups_below.setdefault(prefix, set()).add(entry.group)
            known = table.below.get(prefix)
            if known is None or (len(entry.location), entry.location) < (
                len(known.location),
                known.location,
            ):
                table.below[prefix] = entry
    # The nearest location under a path speaks for it only when every location under it is one
    # group's: "kubernetes/kubernetes" (a repository every SIG owns part of) is not test/'s.
    table.below = {p: e for p, e in table.below.items() if len(groups_below[p]) == 1}
    return table


def collect(scan: Scan, table: Paths) -> None:
    for entry, label, score, weight in scan.path_hits:
        ev = Evidence(
            "path",
            label,
            key_points(kind("path"), True, score) * weight,
            True,
            location=entry.location,
            detail=entry.subproject,
            weight=weight,
        )
        scan.credit(entry.group, ev, frozenset({scan.new_slot()}))


def readings(path: str) -> list[tuple[str, int]]:
    """OWNERS locations a path may mean, most literal first, each with how many of its leading
    parts must match (the parts a reading adds, "kubernetes/kubernetes/staging/src", plus the
    first one the path gave)."""
    found = candidates(path)
    literal = len(found[0].split("/")) if found and found[0] else 0
    return [(c, 1 if i == 0 else len(c.split("/")) - literal + 1) for i, c in enumerate(found)]


def candidates(path: str) -> list[str]:
    """OWNERS locations a path may mean, most literal first."""
    p = path.strip().strip("/")
    for prefix in ("https://", "http://"):
        if p.startswith(prefix):
            p = p[len(prefix) :]
    for host in ("github.com/", "raw.githubusercontent.com/", "www.github.com/"):
        if p.startswith(host):
            p = p[len(host) :]
    parts = [x for x in p.split("/") if x]
    if len(parts) > 3 and parts[2] in ("blob", "tree"):
        parts = parts[:2] + parts[4:]
    if parts and parts[-1].upper() == "OWNERS":
        parts = parts[:-1]
    if parts and len(parts) > 2 and parts[-1].endswith(FILE_EXTENSIONS):
        parts = parts[:-1]  # a file: its directory's owners
    p = "/".join(parts)
    found = [p]
    rest = "/".join(parts[1:])
    if parts and parts[0] == "k8s.io" and len(parts) > 1:
        if parts[1] == "kubernetes":  # the Go import path of kubernetes/kubernetes itself
            found.append(f"kubernetes/{rest}")
        else:  # k8s.io/client-go: the staging directory, and the published repository
            found += [f"kubernetes/kubernetes/staging/src/{p}", f"kubernetes/{rest}"]
    if parts and parts[0] == "sigs.k8s.io" and len(parts) > 1:
        found.append(f"kubernetes-sigs/{rest}")
    if parts and parts[0] in ("kubernetes.io", "k8s.io") and len(parts) > 1 and parts[1] in WEBSITE:
        found.append("kubernetes/website")  # a page of the website, not a Go import path
    if parts and parts[0] in KUBERNETES_ROOTS:
        found.append(f"kubernetes/kubernetes/{p}")
    elif len(parts) > 1 and "." not in parts[0] and not parts[0].startswith("kubernetes"):
        # "component-base/metrics: ...", "client-go/tools/cache": a staged library's path as
        # kubernetes/kubernetes titles write it, without k8s.io/ (a reading of the staging tree
        # that must name the library itself: never the staging root's owners).
        found.append(f"kubernetes/kubernetes/{STAGED}{p}")
    staged = p.find(STAGED)
    if staged >= 0 and p[staged + len(STAGED) :]:
        # staging/src/k8s.io/kubectl/pkg/cmd is published as kubernetes/kubectl/pkg/cmd
        found.append(f"kubernetes/{p[staged + len(STAGED) :]}")
    return found


STAGED = "staging/src/k8s.io/"
STAGING_ROOT = "kubernetes/kubernetes/" + STAGED.rstrip("/")


def _specificity(location: str) -> int:
    """How much an OWNERS location says: the staging tree itself (kubernetes/kubernetes/staging)
    holds every published library, so it says less than the library's own repository."""
    return 0 if STAGING_ROOT.startswith(location) else len(location)


def match_path(path: str, table: Paths) -> list[PathHit]:
    """The most specific OWNERS location that holds the path (the deepest over every reading
    of it: k8s.io/client-go is a staging directory and a repository), else the nearest one
    under it. A reading never climbs above what the path itself names: k8s.io/docs is not
    kubernetes/kubernetes/staging's."""
    best: PathEntry | None = None
    for candidate, floor in readings(path):
        parts = candidate.split("/")
        for n in range(len(parts), floor - 1, -1):  # the path, then its parents: most specific
            entry = table.at.get("/".join(parts[:n]))
            if entry is not None:
                if best is None or _specificity(entry.location) > _specificity(best.location):
                    best = entry
                break
    if best is not None:
        return [(best, best.location, EXACT)]
    for candidate, _ in readings(path):
        below = table.below.get(candidate)  # the shortest OWNERS location under the path
        if below is not None:
            return [(below, below.location, EXACT - 5)]
    return []
