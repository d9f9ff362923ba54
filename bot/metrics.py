"""Prometheus metrics, one registry per running app (so tests can build many apps)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "sigbot_requests",
            "Questions handled, by Slack surface and outcome",
            ["surface", "outcome"],
            registry=self.registry,
        )
        self.answer_seconds = Histogram(
            "sigbot_answer_seconds",
            "Time to compose and render an answer",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.reloads = Counter(
            "sigbot_knowledge_reloads",
            "Knowledge reload attempts, by trigger and result",
            ["trigger", "result"],
            registry=self.registry,
        )
        self.slack_api_errors = Counter(
            "sigbot_slack_api_errors",
            "Slack Web API calls that failed or were retried",
            ["kind"],
            registry=self.registry,
        )
        self.duplicate_events = Counter(
            "sigbot_duplicate_events",
            "Event deliveries dropped as duplicates (Slack retries)",
            registry=self.registry,
        )

        self.state_errors = Counter(
            "sigbot_state_errors",
            "State store calls that failed (the bot answered anyway), by operation",
            ["op"],
            registry=self.registry,
        )
        self.feedback = Counter(
            "sigbot_feedback",
            "Feedback clicks on answer cards, by verdict (up, down, correct)",
            ["verdict"],
            registry=self.registry,
        )
        self.corrections = Counter(
            "sigbot_corrections",
            "Answers corrected by a reader picking the right group",
            registry=self.registry,
        )
        self.listener_errors = Counter(
            "sigbot_listener_errors",
            "Requests whose listener failed (logged with the request id; the person was told)",
            registry=self.registry,
        )
        self.background_skipped = Counter(
            "sigbot_background_skipped",
            "Optional lookups skipped because the background queue was full",
            registry=self.registry,
        )

        self.socket_connected = Gauge(
            "sigbot_socket_connected",
            "1 while a Socket Mode session is connected and answering pings",
            registry=self.registry,
        )
        self.socket_reconnects = Counter(
            "sigbot_socket_reconnects",
            "Socket Mode reconnections forced by the watchdog, by reason",
            ["reason"],
            registry=self.registry,
        )
        self.socket_messages = Counter(
            "sigbot_socket_messages",
            "Socket Mode messages received",
            registry=self.registry,
        )

        self.rejected_requests = Counter(
            "sigbot_rejected_requests",
            "HTTP requests refused before reaching the app, by reason",
            ["reason"],
            registry=self.registry,
        )

        self.github_errors = Counter(
            "sigbot_github_errors",
            "GitHub issue lookups that failed, by kind (not_found, rate_limited, timeout, error)",
            ["kind"],
            registry=self.registry,
        )

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
