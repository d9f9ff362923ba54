"""How sure sigbot is: one frozen set of thresholds, used by every answer and by triage. Pure.

Confidence comes from what the evidence shows, not from how much of the message the keys cover
(people write sentences): whether the first group has *specific* evidence (a multi-word topic,
a path, a KEP, a technical word), whether that evidence is *decisive* (it names the owner by
structure, or there are two pieces, or one far ahead), and how far the first group stands
ahead of the second. The thresholds were chosen on the dev sets with
`python benchmarks/eval_quality.py`, holding `high` to its precision target; the reliability
table (confidence level -> share right) is printed by that benchmark and kept in
docs/ARCHITECTURE.md.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bot.evidence.kinds import kind

if TYPE_CHECKING:
    from bot.matching import Ranked

Confidence = Literal["high", "medium", "low"]

# A CI report ("[Failing Test] gce-master-scale-performance") belongs to the group whose test
# fails, which its words rarely name: never sure, unless the test's own tag names the group
# ("[Flaky Test] [sig-storage] CSI Volumes ...": bot/answers.py).
CI_REPORT = re.compile(r"^\s*\[(flaky|failing) (test|job)s?\]", re.IGNORECASE)


@dataclass(frozen=True)
class Calibration:
    """Ratios are of evidence points, first group over second."""

    high_lead: float = 2.0  # at or above, with decisive evidence: "SIG Node owns this."
    medium_lead: float = 1.35  # at or above: "Probably SIG Node ..."; below: a choice
    # One topic word alone ("rollout", "load balancer") often names where a symptom shows
    # rather than who owns it: "high" only this far ahead of the next group ...
    single_topic_lead: float = 3.0
    # ... and a label on a GitHub issue only this far ahead: a wrong label costs a maintainer
    # more than none (benchmarks/triage.py: high precision >= 0.90).
    label_single_topic_lead: float = 5.0
    triage_medium_lead: float = 1.5  # a triage suggestion is "medium" this far ahead
    # With no specific key, term weighting alone must reach this many points (a few technical
    # words that agree on one group), at least `min_term_points` of them from the records,
    # and stand `terms_only_lead` ahead of the second group.
    terms_only_points: float = 0.4
    min_term_points: float = 0.15
    terms_only_lead: float = 2.0
    # An everyday word counts towards that evidence in full when curators listed it for the
    # group ("hugo", "membership", "job"), and by this share when it is only a group's own
    # name used as a plain word ("the office network is down", "testing my patience").
    name_word_share: float = 0.5
    # A word the records use for one group only ("defrag") is evidence this far ahead.
    distinct_lead: float = 1.35

    def is_decisive(self, top: Ranked, lead: float, single_topic_lead: float) -> bool:
        """Sure enough to say "X owns this": structural evidence, two specific pieces, or one
        topic word far ahead."""
        return kind(top.via).structural or top.strong >= 2 or lead >= single_topic_lead

    def confidence(self, top: Ranked, second: Ranked | None) -> Confidence:
        lead = top.points / second.points if second and second.points > 0 else math.inf
        if (
            top.strong
            and lead >= self.high_lead
            and self.is_decisive(top, lead, self.single_topic_lead)
        ):
            return "high"
        if lead >= self.medium_lead and (top.strong or top.points >= 2 * self.terms_only_points):
            return "medium"
        return "low"

    def has_evidence(self, top: Ranked) -> bool:
        """Anything Kubernetes-specific at all? Specific keys, or technical words that agree."""
        if top.strong > 0 or top.code_strong > 0:
            return True
        # Everyday words alone ("the pod broke up with the node") are not evidence: the
        # technical words the term weighting matched must carry part of it.
        if top.distinct and top.lead >= self.distinct_lead:
            return True
        curated = math.fsum(
            ev.points for ev in top.evidence if not ev.strong and kind(ev.via).curated
        )
        named = top.weak_points - curated
        return (
            top.term_points >= self.min_term_points
            and top.term_points + curated + self.name_word_share * named >= self.terms_only_points
            and top.lead >= self.terms_only_lead
        )


CALIBRATION = Calibration()
