"""Triage results as a terminal table, JSON lines, or Markdown comments a maintainer can paste."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from bot.triage import Triage

TITLE_WIDTH = 60
_PLAIN_URL = re.compile(r"https://[A-Za-z0-9./_#?=&%~+:@-]{1,300}")


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def triage_table(results: Iterable[Triage]) -> str:
    rows = [f"{'#':>7}  {'suggest':<30} {'conf':<6} {'title'}"]
    skipped = 0
    for r in results:
        if r.skipped:
            skipped += 1
            continue
        number = f"{r.number}" if r.number is not None else "-"
        if r.suggest:
            s = r.suggest[0]
            others = ", ".join(x.label for x in r.suggest[1:])
            first = f"{s.label}" + (f" (+{others})" if others else "")
            conf: str = s.confidence
        else:
            first, conf = "(no suggestion)", ""
        mark = "" if r.agrees is None else ("  ✓ label agrees" if r.agrees else "  ✗ label differs")
        rows.append(
            f"{number:>7}  {_short(first, 30):<30} {conf:<6} {_short(r.title, TITLE_WIDTH)}{mark}"
        )
    if skipped:
        rows.append(
            f"\n{skipped} already labelled with an owner (sig/, wg/, committee/): skipped; "
            "--all keeps them"
        )
    return "\n".join(rows)


def triage_json_lines(results: Iterable[Triage]) -> str:
    return "".join(
        json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in results if not r.skipped
    )


def inline(text: str) -> str:
    """Text that came from an issue, or from what the engine matched in it, as one line that
    can neither start a line of its own (a Prow command such as /close) nor end an HTML comment
    or a code span: whitespace of every kind, U+2028 included, becomes one space."""
    one_line = " ".join(text.split())
    return one_line.replace("`", "'").replace("-->", "- ->").replace("<!--", "< !--")


def comment_target(r: Triage) -> str:
    """What the hidden comment header names: the issue URL when it is a plain https URL, else
    its number (a URL from the input could otherwise close the comment and go on)."""
    if r.url and _PLAIN_URL.fullmatch(r.url) and "--" not in r.url:
        return r.url
    return f"#{r.number}" if r.number is not None else "an issue"


def triage_comment(r: Triage) -> str:
    """A comment body that says what sigbot thinks and why, with the Prow line when sure. Only
    sigbot's own `/sig X` line starts a line: everything taken from the issue stays inline."""
    if not r.suggest:
        return (
            "sigbot could not tell which group owns this from its title and description. "
            "A maintainer who knows the area, please add the `/sig` label."
        )
    lines = []
    top = r.suggest[0]
    name, label = inline(top.name), inline(top.label)
    if top.confidence == "high":
        lines.append(f"This looks like **{name}**'s area ({label}).")
    else:
        lines.append(f"This might belong to **{name}** ({label}), but sigbot is not sure.")
    if top.evidence:
        lines.append("")
        lines.append("Why: " + "; ".join(f"`{inline(e)}`" for e in top.evidence) + ".")
    others = [f"{inline(s.name)} ({inline(s.label)})" for s in r.suggest[1:]]
    if others:
        lines.append("")
        lines.append("Also possible: " + ", ".join(others) + ".")
    if r.command:
        lines += ["", r.command]  # on a line of its own, so Prow applies it
    else:  # quoted mid-line: Prow ignores it until a person confirms
        lines += ["", f"If that is right, comment `/{label.replace('/', ' ', 1)}`."]
    lines += [
        "",
        "<sub>Suggested by sigbot from the group's topics, KEPs and charters. "
        "If it is wrong, label it with the right `/sig` and say so here.</sub>",
    ]
    return "\n".join(lines)


def triage_comments(results: Iterable[Triage]) -> str:
    parts = []
    for r in results:
        if r.skipped:
            continue
        head = f"<!-- sigbot triage: {comment_target(r)} -->"
        parts.append(f"{head}\n{triage_comment(r)}")
    return "\n\n---\n\n".join(parts) + ("\n" if parts else "")
