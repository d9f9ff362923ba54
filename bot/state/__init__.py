"""What the running bot must remember beyond one request, behind one small interface.

`SIGBOT_STATE_URL` picks the store (docs/CONTRACTS.md, "State and feedback"):

- `sqlite:///ABS/PATH.db`: embedded, for one process; survives restarts.
- `redis://HOST:PORT/DB`: shared by replicas; de-duplication is one atomic `SET NX EX`.
- `memory://`: nothing survives a restart; for tests and throwaway runs.

Everything a store holds is bounded: de-duplication keys and welcomes expire, the question log
and feedback are capped. Callers never talk to a backend directly: `open_store` wraps it in
`GuardedStore`, which keeps answering (with in-process de-duplication) when the backend is down.
"""

from __future__ import annotations

from bot.state.guarded import GuardedStore
from bot.state.open import describe_url, open_backend, open_store
from bot.state.records import (
    FeedbackRecord,
    QuestionRecord,
    StateStore,
    StateUrlError,
    hash_user,
    new_question_id,
)

__all__ = [
    "FeedbackRecord",
    "GuardedStore",
    "QuestionRecord",
    "StateStore",
    "StateUrlError",
    "describe_url",
    "hash_user",
    "new_question_id",
    "open_backend",
    "open_store",
]
