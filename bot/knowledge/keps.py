"""Import kubernetes/enhancements KEP metadata into `knowledge/features.yaml`. Pure.

`import_keps` takes already-read files (path -> text) and returns the generated document plus a
report of everything it skipped or had to correct; the CLI does the reading and writing, so this
is tested with plain strings.

What is kept per KEP is metadata (number, title, owning and participating groups, status, stage,
milestones, feature gates) plus a bag of the words its Summary uses, as counts. The bag feeds the
term-weighting layer of the matcher; it is not prose and is never shown to anyone.

A KEP is known by its owning group, number and folder name: upstream has two KEPs numbered 2133
(SIG Node's "Kubelet Credential Providers" and SIG Cloud Provider's replaced "Out-of-Tree
Credential Providers"), and both are real.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from bot.knowledge.generated import Note, content_words, format_terms
from bot.knowledge.generated import header as generated_header

FEATURES_FILE = "features.yaml"
FORMAT_VERSION = 1
KEP_URL = "https://kep.k8s.io/{n}"
# A number two KEPs share: kep.k8s.io/N leads to one tracking issue, so each links its folder.
KEP_TREE_URL = "https://github.com/kubernetes/enhancements/tree/master/keps/{path}"
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
# Every status upstream uses, kept as upstream says it ("removed" is not "withdrawn").
STATUSES = (
    "provisional",
    "implementable",
    "implemented",
    "deferred",
    "rejected",
    "withdrawn",
    "replaced",
    "superseded",
    "removed",
)
# Misspellings and free-text variants seen upstream, mapped to the status they spell.
STATUS_FIXES = {
    "imlpemented": "implemented",
    "implemented (alpha)": "implemented",
}
STAGES = ("alpha", "beta", "stable", "deprecated", "disabled", "removed")
PLACEHOLDER_MILESTONES = frozenset({"0.0", "v0.0"})  # the KEP template's, never filled in


_Say = Callable[[str], None]  # says one thing about the kep.yaml being read


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
    return content_words(text[:MAX_SUMMARY_CHARS], MAX_TERMS_PER_KEP)


_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SUMMARY_HEADING = re.compile(r"^##\s+Summary\s*$", re.M | re.I)
_NEXT_HEADING = re.compile(r"^#{1,2}\s", re.M)


def summary_section(readme: str) -> str | None:
    """A KEP README's "## Summary" section, without the template's HTML comments: what the
    snapshot's summary.md files hold, for importing from a plain enhancements checkout."""
    start = _SUMMARY_HEADING.search(readme)
    if start is None:
        return None
    rest = readme[start.end() :]
    end = _NEXT_HEADING.search(rest)
    text = _HTML_COMMENT.sub("", rest[: end.start() if end else len(rest)]).strip()
    return text[:MAX_SUMMARY_CHARS] or None


@dataclass
class _Read:
    """One kep.yaml, read: its entry, and the KEPs it says it replaces or is superseded by."""

    path: str  # the KEP's folder under keps/: "sig-node/753-sidecar-containers"
    entry: dict[str, Any]
    replaces: list[int] = field(default_factory=list)
    superseded_by: list[int] = field(default_factory=list)


def import_keps(
    files: dict[str, tuple[str, str | None]],
    known_groups: set[str],
    source: dict[str, str],
) -> tuple[dict[str, Any], list[Note]]:
    """files: path of each kep.yaml -> (its text, its Summary or None).

    Returns the features document (sorted by KEP number, then owner and folder; deterministic)
    and every note. What could not be used at all is also listed in the document (`skipped`),
    so `sigbot validate` can say which upstream files the knowledge leaves out."""
    notes: list[Note] = []
    skipped: list[dict[str, str]] = []
    read: list[_Read] = []
    for path in sorted(files):
        text, summary = files[path]
        kep = _read_kep(path, text, summary, known_groups, notes)
        if isinstance(kep, str):
            notes.append(Note(path, f"skipped: {kep}"))
            skipped.append({"file": path, "reason": kep})
        else:
            read.append(kep)
    features = _one_per_kep(read, notes, skipped)
    _link_replacements(features)
    unmapped = sum(1 for r in features if "milestone" not in r.entry)
    if unmapped:
        notes.append(
            Note("keps", f"{unmapped} KEPs have no milestone map: their stage has no release")
        )
    doc: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "source": dict(sorted(source.items())),
        "features": [r.entry for r in features],
    }
    if skipped:
        doc["skipped"] = skipped
    return doc, notes


def _read_kep(
    path: str, text: str, summary: str | None, known: set[str], notes: list[Note]
) -> _Read | str:
    """One kep.yaml -> what is kept of it, or why nothing can be (a string)."""
    try:
        raw = parse_kep_yaml(text)
    except yaml.YAMLError as e:
        return f"not valid YAML ({_first_line(e)})"
    if not isinstance(raw, dict):
        return "not a mapping"
    number = _kep_number(raw.get("kep-number"), path)
    if number is None:
        return f"no usable kep-number ({raw.get('kep-number')!r})"
    title = " ".join(_str(raw.get("title")).split())
    if not title:
        return "no title"

    def note(message: str) -> None:
        notes.append(Note(path, message))

    owner = _group(raw.get("owning-sig"))
    if owner not in known:
        note(f"owning-sig {owner!r} is not an active group; kept as is")
    folder = re.sub(r"^keps/|/kep\.yaml$", "", path)
    entry: dict[str, Any] = {
        "kep": number,
        "title": title,
        "path": folder,
        "owning_group": owner,
        "participating_groups": _participating(raw.get("participating-sigs"), owner, known, note),
        "status": _status(raw.get("status"), note),
        "stage": _stage(raw.get("stage"), note),
        "latest_milestone": _latest_milestone(raw.get("latest-milestone"), note),
    }
    milestones = _milestones(raw, note)
    if milestones:  # one line, as terms are: the file stays quick to load
        entry["milestone"] = " ".join(f"{stage}:{version}" for stage, version in milestones.items())
    entry["feature_gates"] = _gates(raw.get("feature-gates"), note)
    entry["url"] = KEP_URL.format(n=number)
    if summary:
        entry["terms"] = format_terms(summary_terms(summary))
    return _Read(
        folder,
        entry,
        replaces=_references(raw.get("replaces"), number),
        superseded_by=_references(raw.get("superseded-by"), number),
    )


def _participating(raw: Any, owner: str, known: set[str], note: _Say) -> list[str]:
    out: list[str] = []
    for p in raw if isinstance(raw, list) else []:
        gid = _group(p)
        if gid in known and gid != owner and gid not in out:
            out.append(gid)
        elif gid not in known:
            note(f"participating group {_str(p)!r} is unknown; left out")
    return out


def _status(raw: Any, note: _Say) -> str:
    status = _str(raw).lower()
    if status in STATUS_FIXES:
        note(f"status {status!r} read as {STATUS_FIXES[status]!r}")
        return STATUS_FIXES[status]
    if status not in STATUSES:
        note(f"status {status!r} is not a KEP status; left empty")
        return ""
    return status


def _stage(raw: Any, note: _Say) -> str:
    stage = _str(raw).lower()
    if stage and stage not in STAGES:
        fixed = stage.split()[0] if stage.split()[0] in STAGES else ""
        note(f"stage {stage!r} read as {fixed!r}")
        return fixed
    return stage


def _latest_milestone(raw: Any, note: _Say) -> str:
    text = _str(raw)
    milestone = release(text)
    if text and not milestone and text not in PLACEHOLDER_MILESTONES:
        note(f"latest-milestone {text!r} is not a release")
    return milestone


def _milestones(raw: dict[str, Any], note: _Say) -> dict[str, str]:
    """Upstream's `milestone` map, "the milestone at which this feature was, or is targeted to
    be, at each stage": only stages with a release ("TBD" and "never" say none)."""
    value = raw.get("milestone")
    if value is None:
        return {}
    if not isinstance(value, dict):
        note(f"milestone {value!r} is not a map of stage: release; left out")
        return {}
    out = {}
    for stage in STAGES:
        version = release(_str(value.get(stage)))
        if version:
            out[stage] = version
    return out


# Gate names that say there is no gate (KEP-3314 lists "None", KEP-5304 "NA"): as gates they
# would make every message saying "none" name a KEP.
NO_GATE = frozenset({"none", "na", "tbd", "n/a", "nil", "null"})


def _gates(raw: Any, note: _Say) -> list[str]:
    gates: list[str] = []
    for g in raw if isinstance(raw, list) else []:
        name = _str(g.get("name")) if isinstance(g, dict) else _str(g)
        if name.lower() in NO_GATE:
            note(f"feature gate {name!r} means none; left out")
        elif re.fullmatch(r"[A-Za-z][A-Za-z0-9]+", name) and name not in gates:
            gates.append(name)
        elif name:
            note(f"feature gate {name!r} is not a gate name; left out")
    return gates


def _one_per_kep(
    read: list[_Read], notes: list[Note], skipped: list[dict[str, str]]
) -> list[_Read]:
    """Each KEP once, by (owning group, number, folder); a number several KEPs share is kept
    for each of them, with a note, and each links its own folder."""
    kept: dict[tuple[str, int, str], _Read] = {}
    for r in read:
        key = (r.entry["owning_group"], r.entry["kep"], r.path.rsplit("/", 1)[-1])
        if key in kept:
            reason = f"the same KEP as keps/{kept[key].path}/kep.yaml"
            notes.append(Note(f"keps/{r.path}/kep.yaml", f"skipped: {reason}"))
            skipped.append({"file": f"keps/{r.path}/kep.yaml", "reason": reason})
            continue
        kept[key] = r
    features = sorted(
        kept.values(), key=lambda r: (r.entry["kep"], r.entry["owning_group"], r.path)
    )
    by_number: dict[int, list[_Read]] = {}
    for r in features:
        by_number.setdefault(r.entry["kep"], []).append(r)
    for number, namesakes in sorted(by_number.items()):
        if len(namesakes) > 1:
            folders = ", ".join(f"keps/{r.path}" for r in namesakes)
            notes.append(
                Note(f"KEP-{number}", f"{len(namesakes)} KEPs share this number: {folders}")
            )
            for r in namesakes:
                r.entry["url"] = KEP_TREE_URL.format(path=r.path)
    return features


def _link_replacements(features: list[_Read]) -> None:
    """`replaced_by` on each KEP that another KEP says it replaces (or that says it is
    superseded by another): by number, as upstream writes the references."""
    replaced_by: dict[int, set[int]] = {}
    for r in features:
        for target in r.replaces:
            replaced_by.setdefault(target, set()).add(r.entry["kep"])
        if r.superseded_by:
            replaced_by.setdefault(r.entry["kep"], set()).update(r.superseded_by)
    for r in features:
        if r.entry["kep"] in replaced_by:
            r.entry["replaced_by"] = sorted(replaced_by[r.entry["kep"]])


def _group(raw: Any) -> str:
    gid = _str(raw).lower()
    return GROUP_RENAMES.get(gid, gid)


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _kep_number(raw: Any, path: str) -> int | None:
    text = _str(raw)
    if text.isdigit() and int(text) > 0:
        return int(text)
    m = re.search(r"/(\d+)-[^/]*/kep\.yaml$", path)  # the directory name carries it too
    number = int(m.group(1)) if m else 0
    return number or None  # 0 is the number of templates and placeholders


def release(raw: str) -> str:
    """A release such as "v1.35". Early KEPs carry the template's placeholder "0.0", which
    would read as "stable as of 0.0": it means unknown, as do "TBD" and "never"."""
    m = re.fullmatch(r"v?(\d+)\.(\d+)", raw.strip())
    if not m or int(m.group(1)) == 0:
        return ""
    return f"v{int(m.group(1))}.{int(m.group(2))}"


def _references(raw: Any, number: int) -> list[int]:
    """'/keps/sig-scheduling/583-coscheduling' -> 583; links to design docs or PRs are not
    KEPs, and a KEP never replaces itself."""
    out = []
    for ref in raw if isinstance(raw, list) else []:
        m = re.search(r"keps/[^/]+/(\d+)-", _str(ref))
        if m and int(m.group(1)) != number:
            out.append(int(m.group(1)))
    return out


def _first_line(e: Exception) -> str:
    return str(e).splitlines()[0] if str(e) else type(e).__name__


def header(source: dict[str, str]) -> str:
    return generated_header(
        "import-keps",
        "kubernetes/enhancements",
        source,
        ("terms: counts of the words each KEP's Summary uses (matching only, never shown).",),
    )
