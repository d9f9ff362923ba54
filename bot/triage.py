"""Suggest the owning group for GitHub issues and pull requests: `sigbot triage` and the Slack
reply to a pasted issue link. Pure: issues in, suggestions out.

An issue is its title and its body. The title says what the issue is about and counts most;
the body is noisy (templates, logs, stack traces), so it is cleaned first and read in bounded
pieces, each ranked by the same engine as a question and added in at a lower weight. A
suggestion is `high` only when the title alone is a confident answer and the body does not
point elsewhere: a wrong label costs a maintainer more than no label.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.answers import ask
from bot.calibration import CALIBRATION, CI_REPORT, Confidence
from bot.matching import Index, rank_groups
from bot.model import KnowledgeBase
from bot.query import parse_query

OWNER_LABEL = re.compile(r"^(sig|wg|committee)/[a-z0-9-]+$")
MAX_TITLE_CHARS = 300
MAX_BODY_CHARS = 20_000  # read at most this much of a body (a pasted log can be megabytes)
MAX_BODY_PIECES = 6  # ranked pieces of cleaned body text, each up to one query's length
PIECE_CHARS = 280
BODY_WEIGHT = 0.35  # a body piece counts this much against the title
MAX_SUGGESTIONS = 3
OTHERS_SHARE = 0.25  # a second or third suggestion needs at least this share of the first's points

# Lines from the kubernetes/kubernetes issue and PR templates: headings and their prompts say
# nothing about the issue itself ("What happened?"). Matched against one line at a time, from
# its first non-blank character: never across lines, so the time is linear in the body's size
# (a MULTILINE `^\s*` over 20,000 newlines was quadratic and held the GIL for minutes).
_TEMPLATE = re.compile(
    r"(#+\s*)?(\*\*)?("
    r"what happened|what did you expect to happen|how can we reproduce it|anything else we need "
    r"to know|kubernetes version|cloud provider|os version|install tools|container runtime"
    r"|related plugins|which issue\(s\) this pr fixes|what type of pr is this|what this pr does"
    r"|special notes for your reviewer|does this pr introduce a user-facing change"
    r"|additional documentation|release note|environment|steps to reproduce|expected behavio"
    r"|actual behavio|describe the bug|to reproduce|version|details"
    r")\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)
_FENCE = re.compile(r"```.*?(```|$)", re.DOTALL)
_DETAILS = re.compile(r"<details>.*?(</details>|$)", re.DOTALL | re.IGNORECASE)
# How log lines, shell sessions, stack traces, checklists and Prow commands begin, after the
# line's indentation (an indentation of four or more is a code block in Markdown).
_LOGLIKE = re.compile(
    r"(\$ |> |at |\d{4}-\d\d-\d\d|[IEWF]\d{4} |goroutine |\w+\.go:\d+|/kind |/sig "
    r"|/area |/priority |/triage |/assign |/cc |- \[[ x]\])",
    re.IGNORECASE,
)
CODE_INDENT = 4
_URL = re.compile(r"https?://\S+")
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n+")


@dataclass(frozen=True)
class Suggestion:
    id: str
    label: str
    score: float
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "score": self.score,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Triage:
    number: int | None
    url: str
    title: str
    labels: tuple[str, ...]
    suggest: tuple[Suggestion, ...] = ()
    skipped: bool = False  # already carries an owner label
    agrees: bool | None = None  # with --all: does the first suggestion match a label?
    owner_labels: tuple[str, ...] = field(default=())

    @property
    def command(self) -> str:
        """The ready-to-paste Prow line for the high-confidence suggestions."""
        return "\n".join(
            "/" + s.label.replace("/", " ", 1) for s in self.suggest if s.confidence == "high"
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "number": self.number,
            "url": self.url,
            "title": self.title,
            "suggest": [s.to_json() for s in self.suggest],
            "command": self.command,
        }
        if self.skipped or self.owner_labels:
            out["labels"] = list(self.owner_labels)
            out["agrees"] = self.agrees
        return out


class TriageInputError(ValueError):
    """The input is not what `gh issue list --json number,title,body,labels,url` prints."""


def clean_body(body: str) -> str:
    """The prose of an issue body: no HTML comments, template prompts, code blocks, logs,
    stack traces, checklists, Prow commands or URLs. Bounded before any regex runs, and every
    pattern runs over one line or one span at a time, so the time grows with the body's size."""
    text = body[:MAX_BODY_CHARS].replace("\r\n", "\n")
    for pattern in (_COMMENT, _FENCE, _DETAILS):
        text = pattern.sub(" ", text)
    lines = [line for line in text.split("\n") if _is_prose(line)]
    text = _URL.sub(" ", "\n".join(lines))
    return text.strip()


def _is_prose(line: str) -> bool:
    """A line worth reading: not blank, not a template prompt, not log-like or indented code."""
    words = line.lstrip()
    if not words.lstrip("#").strip():  # blank, or an empty Markdown heading
        return False
    if len(line) - len(words) >= CODE_INDENT:
        return False
    return not (_TEMPLATE.match(words) or _LOGLIKE.match(words))


def body_pieces(body: str) -> list[str]:
    """Cleaned body text cut at sentence ends into pieces the engine reads whole."""
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE.split(clean_body(body)):
        sentence = " ".join(sentence.split())
        if not sentence:
            continue
        if current and len(current) + len(sentence) + 1 > PIECE_CHARS:
            pieces.append(current)
            if len(pieces) >= MAX_BODY_PIECES:
                return pieces
            current = ""
        current = f"{current} {sentence}".strip()[:PIECE_CHARS]
    if current and len(pieces) < MAX_BODY_PIECES:
        pieces.append(current)
    return pieces


def owner_labels(labels: Iterable[Any]) -> tuple[str, ...]:
    names = []
    for label in labels:
        name = label.get("name") if isinstance(label, Mapping) else label
        if isinstance(name, str) and OWNER_LABEL.match(name):
            names.append(name)
    return tuple(names)


def repository_of(url: str) -> str:
    """ "org/repo" of a GitHub issue or pull request URL, or "" for anything else."""
    parts = url.split("/")
    if len(parts) >= 5 and parts[2] in ("github.com", "www.github.com") and parts[3] and parts[4]:
        return f"{parts[3]}/{parts[4]}"
    return ""


def suggest_owners(
    title: str, body: str, kb: KnowledgeBase, index: Index, repository: str = ""
) -> tuple[Suggestion, ...]:
    """Up to three suggestions, best first. `repository`: where the issue was filed."""
    title = " ".join(title.split())[:MAX_TITLE_CHARS]
    answer = ask(title, kb, index, "en", repository) if title else None
    points: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[str]] = defaultdict(list)
    title_query = parse_query(title, index.words, repository)
    title_ranked = rank_groups(title_query, index, limit=6) if title else []
    for r in title_ranked:
        if r.retired:
            continue
        points[r.group] += r.points
        evidence[r.group].append(f"title: {r.label}")
    body_points: dict[str, float] = defaultdict(float)
    for piece in body_pieces(body):
        for r in rank_groups(parse_query(piece, index.words), index, limit=3):
            if r.retired or not r.strong:
                continue  # only specific evidence from a noisy body
            body_points[r.group] += r.points * BODY_WEIGHT
            if len(evidence[r.group]) < 4:
                evidence[r.group].append(f"body: {r.label}")
    for gid, p in body_points.items():
        points[gid] += p
    ranked = sorted(
        ((gid, p) for gid, p in points.items() if kb.group(gid) is not None),
        key=lambda kv: -kv[1],
    )
    if not ranked:
        return ()
    title_top = title_ranked[0].group if title_ranked else None
    title_confident = bool(
        answer is not None
        and answer.status == "answer"
        and answer.confidence == "high"
        and answer.matches
        and _decisive(title, title_ranked, answer.matches[0].via_kind)
    )
    owners = {g.id for g in answer.groups} if answer is not None and title_confident else set()
    body_top = max(body_points, key=lambda g: body_points[g]) if body_points else None
    out: list[Suggestion] = []
    best = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    kept = [(gid, p) for i, (gid, p) in enumerate(ranked) if i == 0 or p >= OTHERS_SHARE * best]
    for i, (gid, p) in enumerate(kept[:MAX_SUGGESTIONS]):
        group = kb.group(gid)
        assert group is not None
        confidence: Confidence
        if gid in owners and (body_top is None or body_top in owners or i == 0):
            confidence = "high"
        elif (
            i == 0
            and (second == 0 or best / second >= CALIBRATION.triage_medium_lead)
            and (
                (gid == title_top and answer is not None and answer.status != "none")
                or body_points.get(gid, 0) > 0
            )
        ):
            # a title the engine itself finds nothing in ("x") suggests, it does not propose
            confidence = "medium"
        else:
            confidence = "low"
        score = round(100 * (1 - math.exp(-p / 6)), 1)
        out.append(
            Suggestion(
                gid,
                group.github_label or gid,
                score,
                confidence,
                tuple(dict.fromkeys(evidence[gid]))[:4],
                group.display_name,
            )
        )
    return tuple(out)


def _decisive(title: str, ranked: list[Any], via_kind: str) -> bool:
    """Whether a confident title answer is sure enough to label an issue with. Titles are
    terse: one topic word ("rollout", "load balancer") often names where a symptom shows, not
    who fixes it, so it needs a wider lead than an answer in Slack."""
    if CI_REPORT.match(title) or not ranked:
        return False
    top = ranked[0]
    rival = next((r for r in ranked[1:] if r.group not in top.shared_with), None)
    lead = top.points / max(rival.points, 1e-9) if rival is not None else math.inf
    return CALIBRATION.is_decisive(
        top._replace(via=via_kind), lead, CALIBRATION.label_single_topic_lead
    )


def read_issues(data: Any) -> list[dict[str, Any]]:
    """Check the shape of `gh ... --json number,title,body,labels,url` output."""
    if isinstance(data, dict):  # one issue, as `gh issue view --json` prints it
        data = [data]
    if not isinstance(data, list):
        raise TriageInputError("expected a JSON array of issues")
    issues = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise TriageInputError(f"item {i} is not an object")
        title = item.get("title")
        if not isinstance(title, str):
            raise TriageInputError(f"item {i} has no title")
        body = item.get("body")
        labels = item.get("labels") or []
        if not isinstance(labels, list):
            raise TriageInputError(f"item {i}: labels must be a list")
        number = item.get("number")
        if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
            raise TriageInputError(f"item {i}: number must be an integer, not {number!r:.40}")
        issues.append(
            {
                "number": number,
                "url": item.get("url") if isinstance(item.get("url"), str) else "",
                "title": title,
                "body": body if isinstance(body, str) else "",
                "labels": labels,
            }
        )
    return issues


def triage_issue(
    issue: Mapping[str, Any], kb: KnowledgeBase, index: Index, keep_labelled: bool = False
) -> Triage:
    labels = owner_labels(issue.get("labels") or [])
    base = Triage(
        number=issue.get("number"),
        url=str(issue.get("url") or ""),
        title=str(issue.get("title") or ""),
        labels=tuple(
            str(x.get("name")) if isinstance(x, Mapping) else str(x)
            for x in issue.get("labels") or []
        ),
        owner_labels=labels,
    )
    if labels and not keep_labelled:
        return replace(base, skipped=True)
    body = str(issue.get("body") or "")
    suggestions = suggest_owners(base.title, body, kb, index, repository_of(base.url))
    agrees = None
    if labels:
        agrees = bool(suggestions) and suggestions[0].label in labels
    return replace(base, suggest=suggestions, agrees=agrees)


def triage_all(
    issues: Iterable[Mapping[str, Any]], kb: KnowledgeBase, index: Index, keep_labelled: bool
) -> list[Triage]:
    return [triage_issue(i, kb, index, keep_labelled) for i in issues]
