"""👍 / 👎 / "wrong group?" on answer cards: stored with the question's id. The asker's click is
acknowledged in place (the controls disappear, so one click counts once); on an answer everyone
sees (a thread reply), anyone else's click is stored and acknowledged to them alone, and the
answer stays as it was for everyone else."""

from __future__ import annotations

import re
import time
from typing import Any

from slack_bolt import App, Args, Respond

from bot.answers import answer_for_group
from bot.lang import Lang
from bot.listeners.context import SlackContext
from bot.listeners.shell import reader_lang
from bot.render.slack.action_ids import (
    ACTION_CORRECT,
    ACTION_FEEDBACK_DOWN,
    ACTION_FEEDBACK_UP,
    FEEDBACK_BLOCK,
)
from bot.render.slack.blocks import FeedbackRef, feedback_block, parse_feedback_block
from bot.render.slack.card import escape
from bot.render.slack.limits import MAX_MESSAGE_BLOCKS
from bot.render.wording import t
from bot.state import FeedbackRecord, hash_user

ACTIONS = (ACTION_FEEDBACK_UP, ACTION_FEEDBACK_DOWN, ACTION_CORRECT)
Parsed = tuple[str, str | None, str, str]  # question id, answered group, surface, asker


def register(app: App, ctx: SlackContext) -> None:
    @app.action(re.compile(rf"^({ACTION_FEEDBACK_UP}|{ACTION_FEEDBACK_DOWN})$"))
    def handle_verdict(args: Args) -> None:
        body, action = args.body, args.action or {}
        args.ack()
        verdict = "up" if action.get("action_id") == ACTION_FEEDBACK_UP else "down"
        parsed = record(ctx, body, action, verdict, None)
        if parsed is None:
            return
        question_id, answered, surface, asker = parsed
        lang = reader_lang(args.context)
        mine = by_asker(ctx, body, asker)
        blocks = shown_blocks(ctx, body, answered, lang) if mine else []
        thanks = "feedback_thanks" if verdict == "up" else "feedback_thanks_down"
        blocks.append(note(t(thanks, lang, user=mention(body))))
        if verdict == "down":  # offer the picker, to the asker in place, to others privately
            snapshot = ctx.knowledge.current
            answer = answer_for_group(snapshot.kb, answered or "", lang)
            ref = FeedbackRef(question_id, surface, asker if mine else clicker(ctx, body))
            picker = (
                feedback_block(answer, snapshot.kb, ref, with_verdict=False) if answer else None
            )
            if picker is not None:
                blocks.append(picker.to_dict())
        reply(
            ctx, body, asker, args.respond, blocks[-MAX_MESSAGE_BLOCKS:], t("feedback_prompt", lang)
        )

    @app.action(ACTION_CORRECT)
    def handle_correction(args: Args) -> None:
        body, action = args.body, args.action or {}
        args.ack()
        chosen = str((action.get("selected_option") or {}).get("value", ""))
        snapshot = ctx.knowledge.current
        lang = reader_lang(args.context)
        answer = answer_for_group(snapshot.kb, chosen, lang)
        if answer is None:  # a stale picker naming a group that no longer exists
            return
        parsed = record(ctx, body, action, "correct", chosen)
        if parsed is None:
            return
        group = answer.groups[0].display_name if answer.groups else chosen
        thanks = t("feedback_thanks_correct", lang, user=mention(body), group=escape(group))
        card = ctx.blocks(answer, snapshot.kb, share=False)
        reply(
            ctx, body, parsed[3], args.respond, [note(thanks), *card][:MAX_MESSAGE_BLOCKS], thanks
        )


def record(
    ctx: SlackContext,
    body: dict[str, Any],
    action: dict[str, Any],
    verdict: str,
    chosen: str | None,
) -> Parsed | None:
    """Store the click (with the clicker's pseudonym) and count it; None for a block id that is
    not sigbot's."""
    parsed = parse_feedback_block(str(action.get("block_id", "")))
    if parsed is None:
        return None
    question_id, answered, surface, _ = parsed
    ctx.store.add_feedback(
        FeedbackRecord(
            question_id=question_id,
            at=time.time(),
            surface=surface,
            verdict=verdict,
            answered=answered,
            chosen=chosen,
            user_hash=clicker(ctx, body),
        )
    )
    ctx.metrics.feedback.labels(verdict).inc()
    if verdict == "correct" and chosen != answered:
        ctx.metrics.corrections.inc()
    return parsed


def clicker(ctx: SlackContext, body: dict[str, Any]) -> str:
    return hash_user(str(body.get("user", {}).get("id", "")), ctx.user_salt)


def by_asker(ctx: SlackContext, body: dict[str, Any], asker: str) -> bool:
    """Only the asker sees an ephemeral answer; on any other, the click must be theirs."""
    if (body.get("container") or {}).get("is_ephemeral"):
        return True
    return bool(asker) and clicker(ctx, body) == asker


def reply(
    ctx: SlackContext,
    body: dict[str, Any],
    asker: str,
    respond: Respond,
    blocks: list[Any],
    text: str,
) -> None:
    """In place for the asker; to anyone else privately, leaving the answer as it was."""
    if by_asker(ctx, body, asker):
        respond(replace_original=True, blocks=blocks, text=text)
    else:
        respond(response_type="ephemeral", replace_original=False, blocks=blocks, text=text)


def shown_blocks(
    ctx: SlackContext, body: dict[str, Any], answered: str | None, lang: Lang
) -> list[Any]:
    """What the reader was looking at, without its feedback controls."""
    message = body.get("message")
    if isinstance(message, dict) and isinstance(message.get("blocks"), list):
        blocks = message["blocks"]
    else:  # ephemeral messages do not come back with the click: draw the card again
        snapshot = ctx.knowledge.current
        answer = answer_for_group(snapshot.kb, answered or "", lang)
        blocks = ctx.blocks(answer, snapshot.kb, share=False) if answer else []
    return [
        b
        for b in blocks
        if not (isinstance(b, dict) and str(b.get("block_id", "")).startswith(FEEDBACK_BLOCK))
    ]


def note(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def mention(body: dict[str, Any]) -> str:
    user = str(body.get("user", {}).get("id", ""))
    return f"<@{user}>" if re.fullmatch(r"[UW][A-Z0-9]+", user) else "there"
