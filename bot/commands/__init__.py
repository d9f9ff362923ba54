"""Every `sigbot` command, one module each (a module may hold a family: run + serve, the three
importers). A module has `register(subparsers)`, which adds its parser(s) and sets
`func=<the function that runs it>`. Adding a command is one new module and one line below.

Every `register` has the same few lines of argparse on purpose (`duplicates` pairs them): the
parser is declarative, and a command reads best with its options beside the function it runs.

Modules import only what every command can afford at start-up; Slack, Bolt, waitress and the
state backends are imported inside the functions that need them (`sigbot ask` must start fast).
"""

from __future__ import annotations

from bot.commands import (
    ask,
    diff_upstream,
    importers,
    list_groups,
    refresh,
    report,
    show,
    slack,
    triage,
    validate,
    web,
)

COMMANDS = (
    ask,
    validate,
    list_groups,
    show,
    slack,
    diff_upstream,
    report,
    triage,
    importers,
    refresh,
    web,
)
