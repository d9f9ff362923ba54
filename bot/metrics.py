"""Prometheus metrics, one registry per running app (so tests can build many apps)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


class Metrics:
    """Every metric sigbot exports, registered on a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = self._counter(
            "sigbot_requests",
            "Questions handled, by Slack surface and outcome",
            "surface",
            "outcome",
        )
        self.answer_seconds = self._histogram(
            "sigbot_answer_seconds", "Time to compose and render an answer"
        )
        self.reloads = self._counter(
            "sigbot_knowledge_reloads",
            "Knowledge reload attempts, by trigger and result",
            "trigger",
            "result",
        )
        self.slack_api_errors = self._counter(
            "sigbot_slack_api_errors", "Slack Web API calls that failed or were retried", "kind"
        )
        self.duplicate_events = self._counter(
            "sigbot_duplicate_events", "Event deliveries dropped as duplicates (Slack retries)"
        )
        self.state_errors = self._counter(
            "sigbot_state_errors",
            "State store calls that failed (the bot answered anyway), by operation",
            "op",
        )
        self.feedback = self._counter(
            "sigbot_feedback",
            "Feedback clicks on answer cards, by verdict (up, down, correct)",
            "verdict",
        )
        self.corrections = self._counter(
            "sigbot_corrections", "Answers corrected by a reader picking the right group"
        )
        self.listener_errors = self._counter(
            "sigbot_listener_errors",
            "Requests whose listener failed (logged with the request id; the person was told)",
        )
        self.background_skipped = self._counter(
            "sigbot_background_skipped",
            "Optional lookups skipped because the background queue was full",
        )
        self.socket_connected = self._gauge(
            "sigbot_socket_connected",
            "1 while a Socket Mode session is connected and answering pings",
        )
        self.socket_reconnects = self._counter(
            "sigbot_socket_reconnects",
            "Socket Mode reconnections forced by the watchdog, by reason",
            "reason",
        )
        self.socket_messages = self._counter(
            "sigbot_socket_messages", "Socket Mode messages received"
        )
        self.rejected_requests = self._counter(
            "sigbot_rejected_requests",
            "HTTP requests refused before reaching the app, by reason",
            "reason",
        )
        self.github_errors = self._counter(
            "sigbot_github_errors",
            "GitHub issue lookups that failed, by kind (not_found, rate_limited, timeout, error)",
            "kind",
        )

    def _counter(self, name: str, doc: str, *labels: str) -> Counter:
        return Counter(name, doc, labels, registry=self.registry)

    def _gauge(self, name: str, doc: str) -> Gauge:
        return Gauge(name, doc, registry=self.registry)

    def _histogram(self, name: str, doc: str) -> Histogram:
        return Histogram(name, doc, buckets=LATENCY_BUCKETS, registry=self.registry)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
