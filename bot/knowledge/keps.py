"""Import kubernetes/enhancements KEP metadata into `knowledge/features.yaml`. Pure.

`import_keps` takes already-read files (path -> text) and returns the generated document plus a
report of everything it skipped or had to correct; the CLI does the reading and writing, so this
is tested with plain strings.

What is kept per KEP is metadata (number, title, owning and participating groups, status, stage,
milestone, feature gates) plus a bag of the words its Summary uses, as counts. The bag feeds the
term-weighting layer of the matcher; it is not prose and is never shown to anyone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import yaml

from bot.query import tokenize

FEATURES_FILE = "features.yaml"
FORMAT_VERSION = 1
KEP_URL = "https://kep.k8s.io/{n}"
MAX_SUMMARY_CHARS = 6_000  # upstream's snapshot cuts summaries here too
MAX_TERMS_PER_KEP = 40  # the most frequent content words of a summary; the rest is noise

# Old or informal names that still appear in `owning-sig` / `participating-sigs`.
GROUP_RENAMES = {
    "sig-scheduler": "sig-scheduling",
    "sig-arch": "sig-architecture",
    "sig-machinery": "sig-api-machinery",
    "sig-apimachinery": "sig-api-machinery",
    "sig-contribex": "sig-contributor-experience",
}
STATUSES = (
    "provisional",
    "implementable",
    "implemented",
    "deferred",
    "rejected",
    "withdrawn",
    "replaced",
)
# Misspellings and free-text variants seen upstream, mapped to the status they mean.
STATUS_FIXES = {
    "imlpemented": "implemented",
    "implemented (alpha)": "implemented",
    "superseded": "replaced",
    "removed": "withdrawn",
}
STAGES = ("alpha", "beta", "stable", "deprecated", "disabled", "removed")

# Words of a summary that say nothing about its topic: grammar, and KEP boilerplate.
_SUMMARY_STOPWORDS = frozenset(
    """a an and are as at be been but by can could do does for from has have how if in into is
    it its may more most must no not of on or our should so such than that the their them then
    there these they this those through to under up use used using via was we were what when
    where which while who will with would also allow allows add adds new kep proposal propose
    proposes proposed enhancement feature features introduce introduces support supports
    provide provides current currently make makes all any each other some only one two way
    order e g i e""".split()
)


@dataclass(frozen=True)
class KepNote:
    where: str  # "keps/sig-node/753-sidecar-containers/kep.yaml"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class _NoDatesLoader(yaml.SafeLoader):
    """Dates stay strings: two upstream kep.yaml files carry impossible dates (2023-14-05), which
    a plain safe_load turns into a parse failure and would lose the whole KEP. Aliases are
    refused, as everywhere sigbot reads YAML from outside."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


MAX_KEP_YAML_CHARS = 200_000  # a kep.yaml is a few KB


def parse_kep_yaml(text: str) -> Any:
    if len(text) > MAX_KEP_YAML_CHARS:
        raise yaml.YAMLError(f"kep.yaml is too large ({len(text):,} characters)")
    return yaml.load(text, Loader=_NoDatesLoader)


def summary_terms(text: str) -> dict[str, int]:
    """The most frequent content words of a summary, as counts."""
    words = [
        w
        for w in tokenize(text[:MAX_SUMMARY_CHARS].lower())
        if len(w) > 2 and not w.isdigit() and w not in _SUMMARY_STOPWORDS
    ]
    return dict(Counter(words).most_common(MAX_TERMS_PER_KEP))


def _group(raw: Any, known: set[str]) -> str:
    gid = str(raw or "").strip().lower()
    return GROUP_RENAMES.get(gid, gid) if gid else ""


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()


def import_keps(
    files: dict[str, tuple[str, str | None]],
    known_groups: set[str],
    source: dict[str, str],
) -> tuple[dict[str, Any], list[KepNote]]:
    """files: path of each kep.yaml -> (its text, the text of summary.md beside it or None).

    Returns the features document (sorted by KEP number, deterministic) and every note.
    """
    notes: list[KepNote] = []
    features: list[dict[str, Any]] = []
    seen: dict[int, str] = {}
    replaces: dict[int, list[int]] = {}  # replaced KEP -> the KEPs that replace it
    for path in sorted(files):
        text, summary = files[path]
        try:
            raw = parse_kep_yaml(text)
        except yaml.YAMLError as e:
            notes.append(KepNote(path, f"skipped: not valid YAML ({_first_line(e)})"))
            continue
        if not isinstance(raw, dict):
            notes.append(KepNote(path, "skipped: not a mapping"))
            continue
        number = _kep_number(raw.get("kep-number"), path)
        if number is None:
            notes.append(
                KepNote(path, f"skipped: no usable kep-number ({raw.get('kep-number')!r})")
            )
            continue
        if number in seen:
            notes.append(KepNote(path, f"skipped: KEP {number} already read from {seen[number]}"))
            continue
        owner = _group(raw.get("owning-sig"), known_groups)
        if owner not in known_groups:
            notes.append(KepNote(path, f"owning-sig {owner!r} is not an active group; kept as is"))
        participating = []
        for p in raw.get("participating-sigs") or []:
            gid = _group(p, known_groups)
            if gid in known_groups and gid != owner and gid not in participating:
                participating.append(gid)
            elif gid not in known_groups:
                notes.append(KepNote(path, f"participating group {_str(p)!r} is unknown; left out"))
        status = _str(raw.get("status")).lower()
        if status in STATUS_FIXES:
            notes.append(KepNote(path, f"status {status!r} read as {STATUS_FIXES[status]!r}"))
            status = STATUS_FIXES[status]
        elif status not in STATUSES:
            notes.append(KepNote(path, f"status {status!r} is not a KEP status; left empty"))
            status = ""
        stage = _str(raw.get("stage")).lower()
        if stage and stage not in STAGES:
            fixed = stage.split()[0] if stage.split()[0] in STAGES else ""
            notes.append(KepNote(path, f"stage {stage!r} read as {fixed!r}"))
            stage = fixed
        gates = []
        for g in raw.get("feature-gates") or []:
            name = _str(g.get("name")) if isinstance(g, dict) else _str(g)
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9]+", name) and name not in gates:
                gates.append(name)
            elif name:
                notes.append(KepNote(path, f"feature gate {name!r} is not a gate name; left out"))
        title = " ".join(_str(raw.get("title")).split())
        if not title:
            notes.append(KepNote(path, "skipped: no title"))
            continue
        raw_milestone = _str(raw.get("latest-milestone")).strip()
        milestone = _milestone(raw_milestone)
        if raw_milestone and not milestone and raw_milestone not in PLACEHOLDER_MILESTONES:
            notes.append(KepNote(path, f"latest-milestone {raw_milestone!r} is not a release"))
        entry: dict[str, Any] = {
            "kep": number,
            "title": title,
            "owning_group": owner,
            "participating_groups": participating,
            "status": status,
            "stage": stage,
            "latest_milestone": milestone,
            "feature_gates": gates,
            "url": KEP_URL.format(n=number),
        }
        for ref in [*(raw.get("replaces") or [])]:
            target = _referenced_kep(_str(ref))
            if target is not None and target != number:
                replaces.setdefault(target, []).append(number)
        for ref in raw.get("superseded-by") or []:
            target = _referenced_kep(_str(ref))
            if target is not None and target != number:
                replaces.setdefault(number, []).append(target)
        if summary:
            terms = summary_terms(summary)
            entry["terms"] = " ".join(f"{w}:{n}" if n > 1 else w for w, n in terms.items())
        seen[number] = path
        features.append(entry)
    for f in features:
        if f["kep"] in replaces:
            f["replaced_by"] = sorted(set(replaces[f["kep"]]))
    features.sort(key=lambda f: f["kep"])
    doc = {"format": FORMAT_VERSION, "source": source, "features": features}
    return doc, notes


def _kep_number(raw: Any, path: str) -> int | None:
    text = _str(raw)
    if text.isdigit() and int(text) > 0:
        return int(text)
    m = re.search(r"/(\d+)-[^/]*/kep\.yaml$", path)  # the directory name carries it too
    number = int(m.group(1)) if m else 0
    return number or None  # 0 is the number of templates and placeholders


PLACEHOLDER_MILESTONES = frozenset({"0.0", "v0.0"})  # the KEP template's, never filled in


def _milestone(raw: str) -> str:
    """A release such as "v1.35". Early KEPs carry the template's placeholder "0.0", which
    would read as "stable as of 0.0": it means unknown."""
    m = re.fullmatch(r"v?(\d+)\.(\d+)", raw.strip())
    if not m or int(m.group(1)) == 0:
        return ""
    return f"v{int(m.group(1))}.{int(m.group(2))}"


def _referenced_kep(ref: str) -> int | None:
    """'/keps/sig-scheduling/583-coscheduling' -> 583; links to design docs or PRs -> None."""
    m = re.search(r"keps/[^/]+/(\d+)-", ref)
    return int(m.group(1)) if m else None


def _first_line(e: Exception) -> str:
    return str(e).splitlines()[0] if str(e) else type(e).__name__


def header(source: dict[str, str]) -> str:
    return (
        "# GENERATED by `sigbot import-keps` from kubernetes/enhancements; do not edit by hand.\n"
        f"# source: commit {source.get('commit') or 'unknown'}, {source.get('date') or 'no date'}\n"
        "# terms: counts of the words each KEP's Summary uses (matching only, never shown).\n"
    )
