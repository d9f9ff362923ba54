"""Reading one GitHub issue or pull request for triage: the link people paste, and small REST
requests (stdlib http.client; no client library needed for two GETs).

What is read is written by strangers, with a token that may see more than the asker may, so:

- **The token goes to one origin only**: `GITHUB_API_URL`'s scheme, host and port. A redirect
  elsewhere is not followed (the reader is told the issue could not be read).
- **Links to one GitHub only**: with GitHub Enterprise (`https://HOST/api/v3`) only links to HOST
  are looked up; a github.com link is never sent to the Enterprise API.
- **Never quote a private issue**: with a token, the repository is asked first
  (`GET /repos/OWNER/REPO`, cached); private, internal or unknown visibility reads as missing.
- **One deadline** (`TIMEOUT_SECONDS`) covers connecting, the headers and the body: every read
  waits at most for the time left, so a server trickling a byte a second is cut off on time.
- **Bounded**: answers over `MAX_RESPONSE_BYTES` and JSON nested too deep are errors; answers
  are cached briefly (`CACHE_SECONDS`, at most `MAX_CACHED`).

Every failure becomes a `GitHubError` whose `kind` the reply explains in plain words; the token
is never logged.
"""

from __future__ import annotations

import http.client
import io
import json
import re
import socket
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

DEFAULT_API_URL = "https://api.github.com"
TIMEOUT_SECONDS = 5.0  # in total, connect + headers + body: the reader is waiting
MAX_RESPONSE_BYTES = 2_000_000  # an issue with a huge body is still read, up to this much
MAX_REDIRECTS = 3  # GitHub redirects a renamed repository within the API
CACHE_SECONDS = 60.0  # a link pasted twice in a minute is read once
REPO_CACHE_SECONDS = 600.0  # a repository's visibility rarely changes
MAX_CACHED = 512
ENTERPRISE_API_PATH = "/api/v3"

# Any host: which hosts are ours is decided after matching (see `find_issue_ref`).
_ISSUE_URL = re.compile(
    r"https?://([A-Za-z0-9.-]{1,253}(?::\d{1,5})?)/([A-Za-z0-9-]{1,39})/([A-Za-z0-9._-]{1,100})"
    r"/(issues|pull)/(\d{1,9})\b"
)
_NOT_A_REPOSITORY = (".", "..")  # path segments, not names: a URL would climb out of /repos/

FailureKind = Literal["not_found", "rate_limited", "timeout", "error", "elsewhere"]


@dataclass(frozen=True)
class IssueRef:
    owner: str
    repo: str
    number: int
    kind: Literal["issue", "pull"]
    host: str = "github.com"

    @property
    def name(self) -> str:
        return f"{self.owner}/{self.repo}#{self.number}"

    @property
    def url(self) -> str:
        path = "pull" if self.kind == "pull" else "issues"
        return f"https://{self.host}/{self.owner}/{self.repo}/{path}/{self.number}"


class GitHubError(Exception):
    def __init__(self, kind: FailureKind, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


def web_host_of(api_url: str) -> str:
    """The host whose issue links an API serves: HOST for GitHub Enterprise's
    `https://HOST/api/v3`, github.com otherwise (api.github.com, or a test's local fake)."""
    parts = urlsplit(api_url)
    if parts.path.rstrip("/") == ENTERPRISE_API_PATH:
        return parts.netloc.lower()
    return "github.com"


def find_issue_ref(text: str, web_host: str = "github.com") -> IssueRef | None:
    """The first GitHub issue or PR link in a message (Slack wraps links in <...|...>), on
    github.com or the configured Enterprise host. A link whose repository is `.` or `..` is not
    an issue link."""
    for m in _ISSUE_URL.finditer(text):
        host, owner, repo, kind, number = m.groups()
        host = host.lower()
        if host not in ("github.com", web_host) or repo in _NOT_A_REPOSITORY:
            continue
        return IssueRef(owner, repo, int(number), "pull" if kind == "pull" else "issue", host)
    return None


# -- one GET with one deadline ----------------------------------------------------------------


def _time_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline passed")
    return left


class _DeadlineReader(io.RawIOBase):
    """Reads from a socket, each read waiting at most for the time left before the deadline.
    A per-read timeout alone never fires against a server that sends a byte a second."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock, self._deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(_time_left(self._deadline))
        return self._sock.recv_into(buffer)


class _DeadlineSocket:
    """What http.client needs of a connected socket, with the deadline on every read."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock, self._deadline = sock, deadline

    def makefile(self, mode: str, *_: Any, **__: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(_time_left(self._deadline))
        self._sock.sendall(data)

    def close(self) -> None:
        self._sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int | None, deadline: float) -> None:
        super().__init__(host, port, timeout=_time_left(deadline))
        self.deadline = deadline

    def connect(self) -> None:
        self.timeout = _time_left(self.deadline)
        super().connect()
        self.sock = _DeadlineSocket(self.sock, self.deadline)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int | None, deadline: float) -> None:
        super().__init__(host, port, timeout=_time_left(deadline))
        self.deadline = deadline

    def connect(self) -> None:
        self.timeout = _time_left(self.deadline)  # TCP connect and TLS handshake
        super().connect()
        self.sock = _DeadlineSocket(self.sock, self.deadline)


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def get_json(url: str, token: str, deadline: float, origin: tuple[str, str, int]) -> Any:
    """GET `url` and parse its JSON, following redirects only within `origin` (the token never
    leaves it). Raises GitHubError."""
    for _ in range(MAX_REDIRECTS + 1):
        if _origin(url) != origin:
            raise GitHubError("error", "redirected to another host")
        try:
            status, location, headers, body = _get(url, token, deadline)
        except TimeoutError:
            raise GitHubError("timeout") from None
        except (OSError, http.client.HTTPException) as e:
            raise GitHubError("error", type(e).__name__) from None
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        _raise_for_status(status, headers)
        try:
            return json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError):  # deep nesting is malformed
            raise GitHubError("error", "not JSON") from None
    raise GitHubError("error", "too many redirects")


def _get(url: str, token: str, deadline: float) -> tuple[int, str, dict[str, str], bytes]:
    parts = urlsplit(url)
    connection_class = _HTTPSConnection if parts.scheme == "https" else _HTTPConnection
    connection = connection_class(parts.hostname or "", parts.port, deadline)
    headers = {
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "sigbot",
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        connection.request(
            "GET", parts.path + (f"?{parts.query}" if parts.query else ""), None, headers
        )
        response = connection.getresponse()
        body = b""
        if response.status == 200:
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(65536):
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise GitHubError("error", "answer too large")
                chunks.append(chunk)
            body = b"".join(chunks)
        return (
            response.status,
            response.getheader("Location") or "",
            dict(response.getheaders()),
            body,
        )
    finally:
        connection.close()


def _raise_for_status(status: int, headers: dict[str, str]) -> None:
    if status == 200:
        return
    remaining = next((v for k, v in headers.items() if k.lower() == "x-ratelimit-remaining"), None)
    if status == 429 or (status == 403 and remaining == "0"):
        raise GitHubError("rate_limited")
    if status in (401, 403, 404, 410):
        raise GitHubError("not_found", str(status))
    raise GitHubError("error", str(status))


def _issue_fields(ref: IssueRef, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        raise GitHubError("error", "unexpected answer")
    raw_labels = data.get("labels")
    labels: list[Any] = raw_labels if isinstance(raw_labels, list) else []
    return {
        "number": ref.number,
        "url": ref.url,
        "title": data["title"],
        "body": data.get("body") if isinstance(data.get("body"), str) else "",
        "labels": [
            {"name": label.get("name")}
            for label in labels
            if isinstance(label, dict) and isinstance(label.get("name"), str)
        ],
    }


def is_public(repository: Any) -> bool:
    """Only a repository GitHub says is public: `private` false and, where given, `visibility`
    "public" ("internal" and anything unknown count as private)."""
    return (
        isinstance(repository, dict)
        and repository.get("private") is False
        and repository.get("visibility", "public") == "public"
    )


# -- the reader the bot holds -----------------------------------------------------------------


class _Cache:
    """Answers (or definite failures) for a short while, oldest dropped first."""

    def __init__(self, seconds: float, max_entries: int) -> None:
        self.seconds, self.max_entries = seconds, max_entries
        self._entries: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            hit = self._entries.get(key)
            if hit is None or hit[0] < time.monotonic():
                return None
            return hit[1]

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = (time.monotonic() + self.seconds, value)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


class IssueReader:
    """One GitHub API and its token: finds links to it, reads issues from it, remembers both
    answers and repository visibility for a short while."""

    def __init__(
        self,
        api_url: str = DEFAULT_API_URL,
        token: str = "",
        *,
        timeout: float | None = None,
        cache_seconds: float = CACHE_SECONDS,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.web_host = web_host_of(self.api_url)
        self._token = token
        self._timeout = timeout
        self._origin = _origin(self.api_url)
        self._issues = _Cache(cache_seconds, MAX_CACHED)
        self._repositories = _Cache(REPO_CACHE_SECONDS, MAX_CACHED)

    def find(self, text: str) -> IssueRef | None:
        return find_issue_ref(text, self.web_host)

    def read(self, ref: IssueRef) -> dict[str, Any]:
        """Title, body, labels and url of one issue or PR. Raises GitHubError."""
        if ref.host != self.web_host:
            raise GitHubError("elsewhere", ref.host)
        key = (ref.owner.lower(), ref.repo.lower(), ref.number)
        cached = self._issues.get(key)
        if isinstance(cached, GitHubError):
            raise cached
        if cached is not None:
            return dict(cached)
        timeout = TIMEOUT_SECONDS if self._timeout is None else self._timeout
        deadline = time.monotonic() + timeout
        try:
            if self._token:  # without one, GitHub shows public repositories only
                self._check_public(ref, deadline)
            data = get_json(
                self._url(ref, f"/issues/{ref.number}"), self._token, deadline, self._origin
            )
            issue = _issue_fields(ref, data)
        except GitHubError as e:
            if e.kind == "not_found":
                self._issues.put(key, e)
            raise
        self._issues.put(key, issue)
        return dict(issue)

    def _check_public(self, ref: IssueRef, deadline: float) -> None:
        key = (ref.owner.lower(), ref.repo.lower())
        public = self._repositories.get(key)
        if public is None:
            public = is_public(get_json(self._url(ref, ""), self._token, deadline, self._origin))
            self._repositories.put(key, public)
        if not public:
            raise GitHubError("not_found", "not a public repository")

    def _url(self, ref: IssueRef, rest: str) -> str:
        return f"{self.api_url}/repos/{ref.owner}/{ref.repo}{rest}"


def fetch_issue(
    ref: IssueRef, api_url: str = DEFAULT_API_URL, token: str = "", timeout: float | None = None
) -> dict[str, Any]:
    """One read without a cache (scripts and tests)."""
    return IssueReader(api_url, token, timeout=timeout, cache_seconds=0).read(ref)
