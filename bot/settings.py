"""Settings from the environment, checked once at start-up. Secrets come only from here.

A missing or malformed variable stops start-up with a message naming the variable and the README
section to read, never its value.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.model import DEFAULT_WORKSPACE_URL

README_SECTION = "README.md, section 'Connect to Slack'"
DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_UPSTREAM_REFRESH_SECONDS = 6 * 3600.0  # sigs.yaml changes a few times a week
MIN_UPSTREAM_REFRESH_SECONDS = 60.0
_UPSTREAM_URL = re.compile(r"^(https://[^\s/]+|http://(127\.0\.0\.1|localhost)(:\d+)?)/\S*$")
MIN_SALT_CHARS = 16
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
STATE_SCHEMES = ("sqlite:///", "redis://", "rediss://", "memory://")


class SettingsError(ValueError):
    """Start-up configuration is missing or malformed; the message says which variable."""


@dataclass(frozen=True)
class Settings:
    bot_token: str = field(repr=False)
    signing_secret: str = field(default="", repr=False)
    app_token: str = field(default="", repr=False)
    api_url: str = DEFAULT_API_URL
    welcome_channels: frozenset[str] = frozenset()  # channel IDs or names, without '#'
    knowledge_dir: str | None = None
    log_queries: bool = False
    workspace_url: str = DEFAULT_WORKSPACE_URL
    state_url: str = field(default="memory://", repr=False)  # may carry a Redis password
    upstream_url: str = ""
    enhancements_url: str = ""  # a .tar.gz of kubernetes/enhancements, refreshed like upstream
    upstream_refresh_seconds: float = DEFAULT_UPSTREAM_REFRESH_SECONDS
    log_level: str = "INFO"
    health_port: int | None = None  # Socket Mode: serve /healthz and /metrics here
    health_host: str = "0.0.0.0"  # sigbot run's side port address (serve uses --host)
    github_api_url: str = "https://api.github.com"
    github_token: str = field(default="", repr=False)
    pseudonym_salt: str = field(default="", repr=False)  # empty: the state store's own

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(
            s
            for s in (
                self.bot_token,
                self.signing_secret,
                self.app_token,
                self.github_token,
                self.pseudonym_salt,
            )
            if s
        )


def _require(env: Mapping[str, str], name: str, why: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise SettingsError(f"{name} is not set: {why} See {README_SECTION}.")
    return value


def _check_prefix(name: str, value: str, prefix: str, what: str) -> None:
    if not value.startswith(prefix):
        raise SettingsError(
            f"{name} does not look like {what} (it should start with '{prefix}'). "
            f"See {README_SECTION}."
        )


def load_settings(mode: str, env: Mapping[str, str] | None = None) -> Settings:
    """`mode` is 'socket' (sigbot run) or 'http' (sigbot serve)."""
    env = os.environ if env is None else env
    bot_token, app_token, signing_secret = _slack_secrets(env, mode)
    api_url = env.get("SLACK_API_URL", "").strip() or DEFAULT_API_URL
    if not re.match(r"^https?://[^\s/]+", api_url):
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_API_URL}.")
    if not api_url.endswith("/"):
        api_url += "/"
    channels = frozenset(
        c.strip().lstrip("#")
        for c in env.get("SIGBOT_WELCOME_CHANNELS", "").split(",")
        if c.strip()
    )
    state_url = env.get("SIGBOT_STATE_URL", "").strip() or default_state_url()
    if not state_url.startswith(STATE_SCHEMES):
        raise SettingsError(
            "SIGBOT_STATE_URL must start with sqlite:/// (an absolute path), redis:// or "
            "memory://. See README.md, section 'State and feedback'."
        )
    upstream_url = env.get("SIGBOT_UPSTREAM_URL", "").strip()
    enhancements_url = env.get("SIGBOT_ENHANCEMENTS_URL", "").strip()
    for name, url, what in (
        ("SIGBOT_UPSTREAM_URL", upstream_url, "a raw sigs.yaml"),
        ("SIGBOT_ENHANCEMENTS_URL", enhancements_url, "a .tar.gz of kubernetes/enhancements"),
    ):
        if url and not _UPSTREAM_URL.match(url):
            raise SettingsError(
                f"{name} must be an https:// URL of {what} (plain http only for localhost). "
                "See README.md, section 'Operations'."
            )
    refresh = _number(
        env, "SIGBOT_UPSTREAM_REFRESH_SECONDS", DEFAULT_UPSTREAM_REFRESH_SECONDS, minimum=60
    )
    log_level = (env.get("SIGBOT_LOG_LEVEL", "").strip() or "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"SIGBOT_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}.")
    health_port, health_host = _health_port(env)
    workspace_url = workspace_url_from(env)
    return Settings(
        bot_token=bot_token,
        signing_secret=signing_secret,
        app_token=app_token,
        api_url=api_url,
        welcome_channels=channels,
        knowledge_dir=env.get("SIGBOT_KNOWLEDGE") or None,
        log_queries=env.get("SIGBOT_LOG_QUERIES", "").lower() in ("1", "true", "yes", "on"),
        workspace_url=workspace_url,
        state_url=state_url,
        upstream_url=upstream_url,
        enhancements_url=enhancements_url,
        upstream_refresh_seconds=refresh,
        log_level=log_level,
        health_port=health_port,
        health_host=health_host,
        github_api_url=_github_api_url(env),
        github_token=env.get("GITHUB_TOKEN", "").strip(),
        pseudonym_salt=_pseudonym_salt(env),
    )


def _slack_secrets(env: Mapping[str, str], mode: str) -> tuple[str, str, str]:
    """(bot token, app token, signing secret): the app token for Socket Mode, the signing
    secret for HTTP mode, the other one empty."""
    bot_token = _require(
        env, "SLACK_BOT_TOKEN", "the bot token (xoxb-...) from OAuth & Permissions."
    )
    _check_prefix("SLACK_BOT_TOKEN", bot_token, "xoxb-", "a bot token")
    if mode == "socket":
        app_token = _require(
            env,
            "SLACK_APP_TOKEN",
            "Socket Mode needs an app-level token (xapp-...) with connections:write.",
        )
        _check_prefix("SLACK_APP_TOKEN", app_token, "xapp-", "an app-level token")
        return bot_token, app_token, ""
    signing_secret = _require(
        env, "SLACK_SIGNING_SECRET", "HTTP mode verifies every request with the signing secret."
    )
    if not re.fullmatch(r"[0-9a-fA-F]{16,128}", signing_secret):
        raise SettingsError(
            "SLACK_SIGNING_SECRET does not look like a signing secret (hex digits). "
            f"See {README_SECTION}."
        )
    return bot_token, "", signing_secret


def _health_port(env: Mapping[str, str]) -> tuple[int | None, str]:
    health_port = None
    if env.get("SIGBOT_HEALTH_PORT", "").strip():
        health_port = int(_number(env, "SIGBOT_HEALTH_PORT", 0, minimum=1, maximum=65535))
    health_host = env.get("SIGBOT_HEALTH_HOST", "").strip() or "0.0.0.0"
    if not re.fullmatch(r"[A-Za-z0-9.:\[\]-]{1,253}", health_host):
        raise SettingsError(
            "SIGBOT_HEALTH_HOST must be an address or host name to listen on, such as "
            "127.0.0.1 or 0.0.0.0."
        )
    return health_port, health_host


def _github_api_url(env: Mapping[str, str]) -> str:
    url = (env.get("GITHUB_API_URL", "").strip() or "https://api.github.com").rstrip("/")
    if not re.match(r"^https?://[^\s/]+", url):
        raise SettingsError("GITHUB_API_URL must be an http(s) URL such as https://api.github.com.")
    if not is_https_or_loopback(url):
        # The token travels with every request: never in clear text over a network.
        raise SettingsError(
            "GITHUB_API_URL must use https:// (plain http only for 127.0.0.1 or localhost), "
            "such as https://api.github.com or https://HOST/api/v3."
        )
    return url


def _pseudonym_salt(env: Mapping[str, str]) -> str:
    salt = env.get("SIGBOT_PSEUDONYM_SALT", "").strip()
    if salt and len(salt) < MIN_SALT_CHARS:
        raise SettingsError(
            f"SIGBOT_PSEUDONYM_SALT must be at least {MIN_SALT_CHARS} characters (a random "
            "string such as `openssl rand -hex 32` prints), or unset to let sigbot make one. "
            "See README.md, section 'State and feedback'."
        )
    return salt


def is_https_or_loopback(url: str) -> bool:
    """https://, or plain http:// to this machine (tests, a local proxy)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and (parts.hostname or "") in LOOPBACK_HOSTS


def _number(
    env: Mapping[str, str],
    name: str,
    default: float,
    minimum: float,
    maximum: float = float("inf"),
) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number.") from None
    if not minimum <= value <= maximum or value != value:
        raise SettingsError(f"{name} must be between {minimum:g} and {maximum:g}.")
    return value


def default_state_url() -> str:
    """One process, nothing configured: SQLite in the user's state directory."""
    from bot.state.open import default_state_url as default

    return default()


class RedactSecrets(logging.Filter):
    """Replaces any secret that reaches a log record with [redacted], whoever logged it."""

    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if len(s) >= 8)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            for s in self.secrets:
                message = message.replace(s, "[redacted]")
            record.msg, record.args = message, None
        return True


def install_redaction(secrets: tuple[str, ...], level: str = "INFO") -> None:
    """Attach the filter to every handler of the root logger (where all records end up)."""
    redactor = RedactSecrets(secrets)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(
            level=getattr(logging, level, logging.INFO),
            format="%(asctime)s %(levelname)s %(name)s %(message)s",
        )
    root.setLevel(getattr(logging, level, logging.INFO))
    for handler in root.handlers:
        handler.addFilter(redactor)


def workspace_url_from(env: Mapping[str, str]) -> str:
    """SIGBOT_WORKSPACE_URL: the Slack workspace whose channels links open (the bot's and the
    web page's), the Kubernetes Slack unless set."""
    workspace_url = (env.get("SIGBOT_WORKSPACE_URL") or DEFAULT_WORKSPACE_URL).strip().rstrip("/")
    if not re.fullmatch(r"https://[A-Za-z0-9.-]+", workspace_url):
        raise SettingsError(
            "SIGBOT_WORKSPACE_URL must be your workspace's https:// address, such as "
            f"{DEFAULT_WORKSPACE_URL}."
        )
    return workspace_url
