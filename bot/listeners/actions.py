"""Buttons: "did you mean" choices replace the message with the chosen card; "Share in channel"
posts the card visibly where the ephemeral answer was."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.answers import answer_for_group
from bot.lang import Lang
from bot.listeners.context import SlackContext
from bot.listeners.shell import known_prefs, reader_lang
from bot.render.slack.action_ids import (
    ACTION_CHOOSE,
    ACTION_CORRECT,
    ACTION_DETAILS,
    ACTION_FEEDBACK_DOWN,
    ACTION_FEEDBACK_UP,
    ACTION_OPEN_CHANNEL,
    ACTION_SHARE,
    FEEDBACK_BLOCK,
)
from bot.render.slack.blocks import (
    FeedbackRef,
    fallback_text,
    feedback_block,
    group_card_blocks,
    parse_feedback_block,
    render_blocks,
    to_dicts,
)
from bot.render.slack.card import DETAILS, details_view, escape
from bot.render.wording import t
from bot.state import FeedbackRecord, hash_user

logger = logging.getLogger("sigbot")
ACTIONS = (
    ACTION_SHARE,
    f"{ACTION_CHOOSE}_N",
    ACTION_FEEDBACK_UP,
    ACTION_FEEDBACK_DOWN,
    ACTION_CORRECT,
    f"{ACTION_DETAILS}_WHAT",
    ACTION_OPEN_CHANNEL,
)


def register(app: App, ctx: SlackContext) -> None:
    register_feedback(app, ctx)
    register_details(app, ctx)

    @app.action(re.compile(rf"^{ACTION_CHOOSE}_\d+$"))
    def handle_choice(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        context: BoltContext,
    ) -> None:
        ack()
        snapshot = ctx.knowledge.current
        answer = answer_for_group(snapshot.kb, str(action.get("value", "")), reader_lang(context))
        if answer is None:
            return
        prefs = known_prefs(context)
        blocks = render_blocks(
            answer,
            snapshot.kb,
            ctx.now(),
            prefs.tz if prefs else None,
            share=bool(body.get("container", {}).get("is_ephemeral")),
            workspace=ctx.workspace_url,
        )
        respond(replace_original=True, blocks=blocks, text=fallback_text(answer))

    @app.action(ACTION_SHARE)
    def handle_share(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        context: BoltContext,
    ) -> None:
        ack()
        snapshot = ctx.knowledge.current
        lang = reader_lang(context)
        answer = answer_for_group(snapshot.kb, str(action.get("value", "")), lang)
        if answer is None:
            return
        user = str(body.get("user", {}).get("id", ""))
        mention = f"<@{user}>" if re.fullmatch(r"[UW][A-Z0-9]+", user) else "Someone"
        blocks = render_blocks(
            answer,
            snapshot.kb,
            ctx.now(),
            None,
            interactive=False,
            workspace=ctx.workspace_url,
        )
        note = t("shared_by", lang, user=mention)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
        respond(
            response_type="in_channel",
            replace_original=False,
            blocks=blocks,
            text=fallback_text(answer),
        )


def register_feedback(app: App, ctx: SlackContext) -> None:
    """👍 / 👎 / "wrong group?" on answer cards: stored with the question's id. The asker's
    click is acknowledged in place (the controls disappear, so one click counts once); on an
    answer everyone sees (a thread reply), anyone else's click is stored and acknowledged to them
    alone, and the answer stays as it was for everyone else."""

    def record(
        body: dict[str, Any], action: dict[str, Any], verdict: str, chosen: str | None
    ) -> tuple[str, str | None, str, str] | None:
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
                user_hash=clicker(body),
            )
        )
        ctx.metrics.feedback.labels(verdict).inc()
        if verdict == "correct" and chosen != answered:
            ctx.metrics.corrections.inc()
        return parsed

    def clicker(body: dict[str, Any]) -> str:
        return hash_user(str(body.get("user", {}).get("id", "")), ctx.user_salt)

    def by_asker(body: dict[str, Any], asker: str) -> bool:
        """Only the asker sees an ephemeral answer; on any other, the click must be theirs."""
        if (body.get("container") or {}).get("is_ephemeral"):
            return True
        return bool(asker) and clicker(body) == asker

    def reply(
        body: dict[str, Any], asker: str, respond: Respond, blocks: list[Any], text: str
    ) -> None:
        if by_asker(body, asker):
            respond(replace_original=True, blocks=blocks, text=text)
        else:
            respond(response_type="ephemeral", replace_original=False, blocks=blocks, text=text)

    def shown_blocks(body: dict[str, Any], answered: str | None, lang: Lang) -> list[Any]:
        """What the reader was looking at, without its feedback controls."""
        message = body.get("message")
        if isinstance(message, dict) and isinstance(message.get("blocks"), list):
            blocks = message["blocks"]
        else:  # ephemeral messages do not come back with the click: draw the card again
            snapshot = ctx.knowledge.current
            answer = answer_for_group(snapshot.kb, answered or "", lang)
            blocks = (
                render_blocks(
                    answer,
                    snapshot.kb,
                    ctx.now(),
                    share=False,
                    workspace=ctx.workspace_url,
                )
                if answer
                else []
            )
        return [
            b
            for b in blocks
            if not (isinstance(b, dict) and str(b.get("block_id", "")).startswith(FEEDBACK_BLOCK))
        ]

    def note(text: str) -> dict[str, Any]:
        return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}

    @app.action(re.compile(rf"^({ACTION_FEEDBACK_UP}|{ACTION_FEEDBACK_DOWN})$"))
    def handle_verdict(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        context: BoltContext,
    ) -> None:
        ack()
        verdict = "up" if action.get("action_id") == ACTION_FEEDBACK_UP else "down"
        parsed = record(body, action, verdict, None)
        if parsed is None:
            return
        question_id, answered, surface, asker = parsed
        lang = reader_lang(context)
        mention = _mention(body)
        mine = by_asker(body, asker)
        blocks = shown_blocks(body, answered, lang) if mine else []
        if verdict == "up":
            blocks.append(note(t("feedback_thanks", lang, user=mention)))
        else:
            blocks.append(note(t("feedback_thanks_down", lang, user=mention)))
            snapshot = ctx.knowledge.current
            answer = answer_for_group(snapshot.kb, answered or "", lang)
            if answer is not None:
                ref = FeedbackRef(question_id, surface, asker if mine else clicker(body))
                picker = feedback_block(answer, snapshot.kb, ref, with_verdict=False)
                if picker is not None:
                    blocks.append(picker.to_dict())
        reply(body, asker, respond, blocks[-50:], t("feedback_prompt", lang))

    @app.action(ACTION_CORRECT)
    def handle_correction(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        context: BoltContext,
    ) -> None:
        ack()
        chosen = str((action.get("selected_option") or {}).get("value", ""))
        snapshot = ctx.knowledge.current
        lang = reader_lang(context)
        answer = answer_for_group(snapshot.kb, chosen, lang)
        if answer is None:  # a stale picker naming a group that no longer exists
            return
        parsed = record(body, action, "correct", chosen)
        if parsed is None:
            return
        group = answer.groups[0].display_name if answer.groups else chosen
        thanks = t("feedback_thanks_correct", lang, user=_mention(body), group=escape(group))
        blocks = [
            note(thanks),
            *render_blocks(
                answer, snapshot.kb, ctx.now(), share=False, workspace=ctx.workspace_url
            ),
        ]
        reply(body, parsed[3], respond, blocks[:50], thanks)


def _mention(body: dict[str, Any]) -> str:
    user = str(body.get("user", {}).get("id", ""))
    return f"<@{user}>" if re.fullmatch(r"[UW][A-Z0-9]+", user) else "there"


def register_details(app: App, ctx: SlackContext) -> None:
    """The compact card's buttons: details in place (ephemeral) or in the thread (a message
    everyone sees, where replacing it would change it for all); the channel button only opens
    a URL, but Slack still expects an ack."""

    @app.action(ACTION_OPEN_CHANNEL)
    def handle_open_channel(ack: Ack) -> None:
        ack()

    @app.action(re.compile(rf"^{ACTION_DETAILS}_({'|'.join(DETAILS)})$"))
    def handle_details(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        what = str(action.get("action_id", "")).rsplit("_", 1)[-1]
        snapshot = ctx.knowledge.current
        group = snapshot.kb.group(str(action.get("value", "")))
        if group is None or what not in DETAILS:
            return
        lang = reader_lang(context)
        details = details_view(
            group, what, lang, snapshot.kb, ctx.now(), workspace=ctx.workspace_url
        )
        container = body.get("container") or {}
        if container.get("is_ephemeral") or not body.get("message"):
            card = group_card_blocks(
                group,
                lang,
                snapshot.kb,
                "",
                ctx.now(),
                interactive=True,
                share=True,
                expanded=(what,),
                workspace=ctx.workspace_url,
            )
            respond(replace_original=True, blocks=to_dicts(card[:50]), text=group.display_name)
            return
        message = body.get("message") or {}
        channel = str((body.get("channel") or {}).get("id", ""))
        thread = str(message.get("thread_ts") or message.get("ts") or "")
        try:
            client.chat_postMessage(
                channel=channel,
                thread_ts=thread or None,
                blocks=to_dicts(details[:50]),
                text=f"{group.display_name}: {t(f'details_{what}', lang)}",
            )
        except Exception as e:
            ctx.metrics.slack_api_errors.labels("error").inc()
            logger.warning("could not post details: %s", type(e).__name__)
