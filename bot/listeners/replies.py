"""Turning a question into a Slack reply, shared by every surface. Also the one log line per
request (surface, outcome, group, latency; the question only when SIGBOT_LOG_QUERIES is on)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.answers import Answer, ask
from bot.github import GitHubError, IssueRef
from bot.lang import Lang, language_of
from bot.listeners.context import SlackContext, UserPrefs
from bot.render.slack.blocks import FeedbackRef, fallback_text, issue_blocks
from bot.state import QuestionRecord, hash_user, new_question_id
from bot.state.records import MAX_LOGGED_QUESTION_CHARS
from bot.triage import triage_issue

logger = logging.getLogger("sigbot.requests")


@dataclass(frozen=True)
class Reply:
    answer: Answer
    blocks: list[dict[str, Any]]
    text: str
    question_id: str = ""


def reply_language(text: str, prefs: UserPrefs) -> Lang:
    return language_of(text, prefs.lang)


def compose_reply(
    ctx: SlackContext,
    text: str,
    prefs: UserPrefs,
    *,
    share: bool = False,
    surface: str = "",
    user: str = "",
) -> Reply:
    """The answer to `text` as Slack blocks. `user` (the asker) goes into the feedback
    controls as a pseudonym, so that on a message others see only the asker's click counts as
    theirs."""
    started = time.perf_counter()
    asker = hash_user(user, ctx.user_salt) if user else ""
    snapshot = ctx.knowledge.current  # one snapshot for the whole request
    answer = ask(text, snapshot.kb, snapshot.index, reply_language(text, prefs))
    question_id = new_question_id()
    blocks = ctx.blocks(
        answer,
        snapshot.kb,
        prefs.tz,
        share=share,
        feedback=FeedbackRef(question_id, surface or "other", asker),
    )
    reply = Reply(answer, blocks, fallback_text(answer), question_id)
    log_request(ctx, surface, answer, time.perf_counter() - started, question_id, asker)
    return reply


def log_request(
    ctx: SlackContext,
    surface: str,
    answer: Answer,
    seconds: float,
    question_id: str = "",
    asker: str = "",
) -> None:
    """One log line and one stored record per question. The text only with SIGBOT_LOG_QUERIES."""
    if answer.status not in ("help", "list"):
        ctx.store.add_question(
            QuestionRecord(
                id=question_id or new_question_id(),
                at=time.time(),
                surface=surface or "other",
                outcome=answer.status,
                group=answer.matches[0].id if answer.matches else None,
                confidence=answer.confidence,
                query=answer.query.raw[:MAX_LOGGED_QUESTION_CHARS] if ctx.log_queries else None,
                user_hash=asker,
            )
        )
    ctx.metrics.requests.labels(surface or "other", answer.status).inc()
    ctx.metrics.answer_seconds.observe(seconds)
    record: dict[str, Any] = {
        "event": "request",
        "surface": surface,
        "outcome": answer.status,
        "group": answer.matches[0].id if answer.matches else None,
        "latency_ms": round(seconds * 1000, 2),
    }
    if ctx.log_queries:
        record["query"] = answer.query.raw[:MAX_LOGGED_QUESTION_CHARS]
    logger.info(json.dumps(record, ensure_ascii=False))


def compose_issue_reply(
    ctx: SlackContext, ref: IssueRef, text: str, prefs: UserPrefs, surface: str
) -> tuple[list[dict[str, Any]], str]:
    """The reply to a message holding a GitHub issue or PR link: read it (on the lookup pool:
    this waits for GitHub) and suggest its owner, or say why it could not be read."""
    started = time.perf_counter()
    snapshot = ctx.knowledge.current
    lang = reply_language(text, prefs)
    result, failure = None, None
    try:
        issue = ctx.issues.reader.read(ref)
        result = triage_issue(issue, snapshot.kb, snapshot.index)
    except GitHubError as e:
        failure = e.kind
        ctx.metrics.github_errors.labels(e.kind).inc()
        logger.info(json.dumps({"event": "github_error", "kind": e.kind, "issue": ref.name}))
    blocks, fallback = issue_blocks(
        ref.name,
        result,
        failure,
        snapshot.kb,
        lang,
        ctx.now(),
        workspace=ctx.workspace_url,
    )
    outcome = failure or ("labelled" if result and result.skipped else "triage")
    ctx.metrics.requests.labels(surface or "other", outcome).inc()
    ctx.metrics.answer_seconds.observe(time.perf_counter() - started)
    return blocks, fallback


def read_issue_later(
    ctx: SlackContext, user: str, work: Callable[[], None], refuse: Callable[[], None]
) -> None:
    """Run `work` (a GitHub read and its reply) on the lookup pool, or call `refuse` (a polite
    "busy, paste the title") at once when this person has asked for many reads within a minute
    or the pool is full. Either way the calling Slack thread returns straight away."""
    refused = ctx.issues.submit(user, work)
    if refused is not None:
        ctx.metrics.github_errors.labels(refused).inc()
        refuse()
