"""How sigbot calls Slack's Web API when Slack is slow or refuses: bounded, counted, and never
posting the same answer twice.

- Every call has a total deadline (`CALL_DEADLINE_SECONDS`), retries included.
- `Retry-After` is honoured up to `RETRY_AFTER_CAP_SECONDS`; a longer wait gives up and counts.
- A post whose fate is unknown (a timeout or a connection cut after the request was sent) is
  never retried: Slack may have delivered it, and a retry would post it twice. Reads are.
- Server errors (500, 503) and connections that were refused are retried with a short backoff.
"""

from __future__ import annotations

import random
import time
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.metrics import Metrics

WEB_API_TIMEOUT_SECONDS = 5  # one attempt
CALL_DEADLINE_SECONDS = 15.0  # all attempts of one call
RETRY_AFTER_CAP_SECONDS = 5.0
MAX_RETRIES = 2
# Calls that change something visible: retrying one that may have arrived duplicates it.
POSTING_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update"})


def delivery_uncertain(error: BaseException | None) -> bool:
    """The whole request left us, and we do not know whether Slack acted on it.

    urllib raises URLError only while connecting or sending (an incomplete request is never
    acted on); a timeout or a cut connection while waiting for the answer comes through as the
    bare error."""
    if isinstance(error, URLError):
        return False
    return isinstance(error, TimeoutError | RemoteDisconnected | ConnectionResetError)


def _method(request: HttpRequest) -> str:
    return request.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]


def _retry_after(response: HttpResponse) -> float:
    for key, values in response.headers.items():
        if key.lower() == "retry-after":
            value = values[0] if isinstance(values, list) else values
            try:
                return max(0.0, float(value))
            except (TypeError, ValueError):
                return RETRY_AFTER_CAP_SECONDS + 1  # unreadable: treat as too long
    return 1.0


class BoundedRetries(RetryHandler):
    """One retry policy for every Web API call (see the module docstring)."""

    def __init__(self, metrics: Metrics, max_retry_count: int = MAX_RETRIES) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.metrics = metrics

    def _count(self, kind: str) -> None:
        self.metrics.slack_api_errors.labels(kind).inc()

    def _elapsed(self, state: RetryState) -> float:
        if state.custom_values is None:
            state.custom_values = {}
        started = state.custom_values.setdefault("started", time.monotonic())
        return time.monotonic() - float(started)

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        elapsed = self._elapsed(state)
        if response is not None:
            if response.status_code == 429:
                wait = _retry_after(response)
                if wait > RETRY_AFTER_CAP_SECONDS or elapsed + wait > CALL_DEADLINE_SECONDS:
                    self._count("rate_limited_gave_up")
                    return False
                return True
            retry = response.status_code in (500, 503)
        elif error is not None:
            if delivery_uncertain(error) and _method(request) in POSTING_METHODS:
                self._count("uncertain_not_retried")
                return False
            retry = isinstance(
                error, URLError | ConnectionError | TimeoutError | RemoteDisconnected
            )
        else:
            return False
        if retry and elapsed >= CALL_DEADLINE_SECONDS:
            self._count("deadline")
            return False
        return retry

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is not None and response.status_code == 429:
            self._count("rate_limited")
            wait = _retry_after(response) + random.random() * 0.2
        else:
            self._count("server_error" if response is not None else "connection")
            wait = 0.3 * (2**state.current_attempt) + random.random() * 0.1
        state.next_attempt_requested = True
        time.sleep(min(wait, max(0.0, CALL_DEADLINE_SECONDS - self._elapsed(state))))
        state.increment_current_attempt()


def retry_handlers(metrics: Metrics) -> list[Any]:
    return [BoundedRetries(metrics)]
