"""The one error type the command line prints: a problem the user can fix, said in one line.

Raised anywhere below `bot.cli.main` (a command, a shared helper); `main` prints
`sigbot: <message>` on stderr and exits with `exit_code`. Messages name the bad value and the fix,
never a secret (shape taken from httpx's `_exceptions.py`: one small hierarchy, callers catch the
base).
"""

from __future__ import annotations

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A usage error (exit 2) by default; `exit_code=EXIT_PROBLEMS` for "the data has problems"
    or "no such group", which scripts tell apart from a mistyped command."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
