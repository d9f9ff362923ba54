"""What curators learn from the state store: `sigbot report --state` and `sigbot suggest-aliases`.

Pure over records. Useful without question text (counts, groups, corrections); with
SIGBOT_LOG_QUERIES=1 it also lists the questions and can propose aliases from them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from bot.model import Vocabulary
from bot.query import EMPTY_VOCABULARY, parse_query, stem
from bot.state import FeedbackRecord, QuestionRecord

WEEK_SECONDS = 7 * 24 * 3600
_ASCII_WORD = re.compile(r"[a-z0-9]+")
MAX_ALIAS_WORDS = 6


@dataclass
class StateReport:
    questions: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    unanswered: Counter[str] = field(default_factory=Counter)  # question text -> count
    ambiguous: Counter[str] = field(default_factory=Counter)
    without_text: int = 0
    feedback: Counter[str] = field(default_factory=Counter)  # verdict -> count
    by_group: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    corrections: Counter[tuple[str, str]] = field(default_factory=Counter)  # (answered, chosen)
    correction_people: dict[tuple[str, str], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    week: Counter[str] = field(default_factory=Counter)  # surface -> questions this week

    def to_json(self, top: int = 30) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "outcomes": dict(self.outcomes),
            "unanswered": [{"query": q, "count": n} for q, n in self.unanswered.most_common(top)],
            "ambiguous": [{"query": q, "count": n} for q, n in self.ambiguous.most_common(top)],
            "without_text": self.without_text,
            "feedback": {
                "up": self.feedback["up"],
                "down": self.feedback["down"],
                "correct": self.feedback["correct"],
                "by_group": {g: dict(c) for g, c in sorted(self.by_group.items())},
            },
            "corrections": [
                {
                    "answered": a or None,
                    "corrected": c,
                    "count": n,
                    "people": len(self.correction_people[(a, c)]),
                }
                for (a, c), n in self.corrections.most_common()
            ],
            "week": dict(self.week),
        }


def build_report(
    questions: Iterable[QuestionRecord], feedback: Iterable[FeedbackRecord], now: float
) -> StateReport:
    report = StateReport()
    for q in questions:
        report.questions += 1
        report.outcomes[q.outcome] += 1
        if q.at >= now - WEEK_SECONDS:
            report.week[q.surface] += 1
        if q.outcome in ("none", "ambiguous"):
            if q.query:
                target = report.unanswered if q.outcome == "none" else report.ambiguous
                target[" ".join(q.query.split()).lower()] += 1
            else:
                report.without_text += 1
    for f in feedback:
        report.feedback[f.verdict] += 1
        group = f.answered or "(no answer)"
        report.by_group[group][f.verdict] += 1
        if f.verdict == "correct" and f.chosen and f.chosen != f.answered:
            key = (f.answered or "", f.chosen)
            report.corrections[key] += 1
            report.correction_people[key].add(f.user_hash)
    return report


def format_report(report: StateReport, top: int = 30) -> str:
    outcomes = ", ".join(f"{n} {o}" for o, n in report.outcomes.most_common())
    out = [f"{report.questions} questions" + (f": {outcomes}" if outcomes else " recorded")]
    if report.week:
        out.append(
            "This week by surface: " + ", ".join(f"{s} {n}" for s, n in sorted(report.week.items()))
        )
    if report.without_text:
        out.append(
            f"{report.without_text} unanswered or ambiguous questions have no text "
            "(set SIGBOT_LOG_QUERIES=1 to keep it)."
        )
    for title, counter in (("No answer", report.unanswered), ("Ambiguous", report.ambiguous)):
        if counter:
            out.append(f"\n{title}, most frequent first:")
            out += [f"  {n:>5}  {q}" for q, n in counter.most_common(top)]
    f = report.feedback
    out.append(f"\nFeedback: {f['up']} right, {f['down']} wrong, {f['correct']} corrections")
    for group, counts in sorted(report.by_group.items(), key=lambda kv: -sum(kv[1].values())):
        out.append(
            f"  {group:<28} 👍 {counts['up']:>4}  👎 {counts['down']:>4}  "
            f"corrected {counts['correct']:>4}"
        )
    if report.corrections:
        out.append("\nCorrections (answered -> picked by the reader):")
        for (answered, chosen), n in report.corrections.most_common(top):
            people = len(report.correction_people[(answered, chosen)])
            out.append(f"  {n:>5}  {answered or '(no answer)'} -> {chosen}  ({people} people)")
    return "\n".join(out)


@dataclass(frozen=True)
class AliasProposal:
    group: str
    alias: str
    lang: str
    count: int
    people: int
    questions: tuple[str, ...]
    guess: bool = False  # from repeated unanswered questions: the engine's closest group


MIN_REPEATS = 2  # an unanswered question asked this often is worth a curator's look


def alias_candidate(text: str, vocabulary: Vocabulary = EMPTY_VOCABULARY) -> tuple[str, str] | None:
    """The words of a question that name its topic, as the reader wrote them ("watches", not
    the folded "watche" the engine compares): its meaningful words, or the Chinese part without
    filler. None when nothing specific is left."""
    query = parse_query(text, vocabulary)
    if query.lang == "zh" and query.zh_text:
        return (query.zh_text, "zh") if 2 <= len(query.zh_text) <= 12 else None
    content = set(query.content)
    written: dict[str, str] = {}  # the engine's form -> the first word written that way
    for word in _ASCII_WORD.findall(query.text):
        if stem(word) in content:
            written.setdefault(stem(word), word)
    words = [written.get(token, token) for token in query.content]
    if not words or len(words) > MAX_ALIAS_WORDS:
        return None
    return " ".join(words), "en"


def propose_aliases(
    questions: Iterable[QuestionRecord],
    feedback: Iterable[FeedbackRecord],
    min_people: int = 1,
    vocabulary: Vocabulary = EMPTY_VOCABULARY,
) -> tuple[list[AliasProposal], int]:
    """Corrections whose question text is known become alias proposals for the group the reader
    picked. Returns the proposals and how many corrections had no text to learn from."""
    by_id = {q.id: q for q in questions}
    backing: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    without_text = 0
    for f in feedback:
        if f.verdict != "correct" or not f.chosen or f.chosen == f.answered:
            continue
        q = by_id.get(f.question_id)
        if q is None or not q.query:
            without_text += 1
            continue
        candidate = alias_candidate(q.query, vocabulary)
        if candidate is None:
            continue
        alias, lang = candidate
        backing[(f.chosen, alias, lang)].append((f.user_hash, q.query))
    proposals = []
    for (group, alias, lang), items in backing.items():
        people = len({u for u, _ in items})
        if people < min_people:
            continue
        asked = tuple(dict.fromkeys(text for _, text in items))[:5]
        proposals.append(AliasProposal(group, alias, lang, len(items), people, asked))
    covered = {(p.alias, p.lang) for p in proposals}
    proposals += _repeated_unanswered(by_id.values(), covered, min_people, vocabulary)
    proposals.sort(key=lambda p: (p.guess, -p.people, -p.count, p.group, p.alias))
    return proposals, without_text


def _repeated_unanswered(
    questions: Iterable[QuestionRecord],
    covered: set[tuple[str, str]],
    min_people: int = 1,
    vocabulary: Vocabulary = EMPTY_VOCABULARY,
) -> list[AliasProposal]:
    """Questions asked repeatedly without an answer, proposed for the group the engine ranked
    first (too weakly to answer), when at least `min_people` people asked. Marked as guesses:
    a curator must check the group. Records from before askers were kept count as one person."""
    asked: dict[tuple[str, str, str], list[QuestionRecord]] = defaultdict(list)
    for q in questions:
        if q.outcome not in ("none", "ambiguous") or not q.query or not q.group:
            continue
        candidate = alias_candidate(q.query, vocabulary)
        if candidate is None or candidate in covered:
            continue
        asked[(q.group, candidate[0], candidate[1])].append(q)
    proposals = []
    for (group, alias, lang), records in asked.items():
        people = max(1, len({q.user_hash for q in records if q.user_hash}))
        if len(records) < MIN_REPEATS or people < min_people:
            continue
        texts = tuple(dict.fromkeys(q.query or "" for q in records))[:5]
        proposals.append(AliasProposal(group, alias, lang, len(records), people, texts, True))
    return proposals


def format_patch(proposals: list[AliasProposal], without_text: int) -> str:
    """A YAML fragment in topics.yaml's shape, for a curator to review and merge by hand."""
    lines = [
        "# Proposed additions to knowledge/topics.yaml, from readers' corrections.",
        "# Review each one: an alias may belong to one group only (sigbot validate checks).",
    ]
    if without_text:
        lines.append(
            f"# {without_text} corrections had no question text (SIGBOT_LOG_QUERIES was off)."
        )
    if not proposals:
        lines.append("# Nothing to propose yet.")
        return "\n".join(lines) + "\n"
    grouped: dict[str, dict[str, list[AliasProposal]]] = defaultdict(lambda: defaultdict(list))
    for p in proposals:
        grouped[p.group][p.lang].append(p)
    lines.append("groups:")
    for group in sorted(grouped):
        lines.append(f"  {group}:")
        for lang in ("en", "zh"):
            items = grouped[group].get(lang)
            if not items:
                continue
            lines.append(f"    {lang}:")
            for p in items:
                value = yaml.safe_dump([p.alias], allow_unicode=True, default_flow_style=True)
                quoted = value.strip()[1:-1]
                asked = "; ".join(" ".join(q.split())[:80] for q in p.questions)
                if p.guess:
                    who = "1 person" if p.people == 1 else f"{p.people} people"
                    why = f"GUESS: asked {p.count} times unanswered ({who}); check the group"
                else:
                    why = f"{p.people} people, {p.count} corrections"
                lines.append(f"      - {quoted}  # {why}: {asked}")
    return "\n".join(lines) + "\n"
