"""Slack surfaces, one module each, each with `register(app, ctx)`."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import actions, commands, events, feedback, home, onboarding, shell
from bot.listeners.context import SlackContext

# shell first: its middleware and error handler apply to every surface after it.
MODULES = (shell, commands, events, actions, feedback, onboarding, home)


def register_listeners(app: App, ctx: SlackContext) -> None:
    for module in MODULES:
        module.register(app, ctx)


def registered_commands() -> set[str]:
    return {c for m in MODULES for c in getattr(m, "COMMANDS", ())}


def registered_events() -> set[str]:
    return {e for m in MODULES for e in getattr(m, "EVENTS", ())}
