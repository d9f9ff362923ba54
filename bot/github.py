"""Reading one GitHub issue or pull request for triage: the link people paste, and one small
REST request (stdlib; no client library needed for a single GET).

`GITHUB_API_URL` points elsewhere (GitHub Enterprise, tests); `GITHUB_TOKEN` is optional, raises
the rate limit, and is never logged. Every call has a total deadline and a size cap, and every
failure becomes a `GitHubError` whose `kind` the reply explains in plain words.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Literal

DEFAULT_API_URL = "https://api.github.com"
TIMEOUT_SECONDS = 5.0  # in total: the reader is waiting
MAX_RESPONSE_BYTES = 2_000_000  # an issue with a huge body is still read, up to this much

_ISSUE_URL = re.compile(
    r"https://github\.com/([A-Za-z0-9-]{1,39})/([A-Za-z0-9._-]{1,100})/(issues|pull)/(\d{1,9})\b"
)

FailureKind = Literal["not_found", "rate_limited", "timeout", "error"]


@dataclass(frozen=True)
class IssueRef:
    owner: str
    repo: str
    number: int
    kind: Literal["issue", "pull"]

    @property
    def name(self) -> str:
        return f"{self.owner}/{self.repo}#{self.number}"

    @property
    def url(self) -> str:
        path = "pull" if self.kind == "pull" else "issues"
        return f"https://github.com/{self.owner}/{self.repo}/{path}/{self.number}"


class GitHubError(Exception):
    def __init__(self, kind: FailureKind, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


def find_issue_ref(text: str) -> IssueRef | None:
    """The first GitHub issue or PR link in a message (Slack wraps links in <...|...>)."""
    m = _ISSUE_URL.search(text)
    if m is None:
        return None
    owner, repo, kind, number = m.groups()
    return IssueRef(owner, repo, int(number), "pull" if kind == "pull" else "issue")


def fetch_issue(
    ref: IssueRef,
    api_url: str = DEFAULT_API_URL,
    token: str = "",
    timeout: float | None = None,
) -> dict[str, Any]:
    """Title, body, labels and url of one issue or PR (the issues endpoint serves both)."""
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    url = f"{api_url.rstrip('/')}/repos/{ref.owner}/{ref.repo}/issues/{ref.number}"
    headers = {
        "Accept": "application/vnd.github+json",
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "sigbot",
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            chunks: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise GitHubError("timeout")
                chunk = response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise GitHubError("error", "answer too large")
                chunks.append(chunk)
    except urllib.error.HTTPError as e:
        remaining = e.headers.get("X-RateLimit-Remaining") if e.headers else None
        if e.code == 429 or (e.code == 403 and remaining == "0"):
            raise GitHubError("rate_limited") from None
        if e.code in (401, 403, 404, 410):
            raise GitHubError("not_found", str(e.code)) from None
        raise GitHubError("error", str(e.code)) from None
    except TimeoutError:
        raise GitHubError("timeout") from None
    except urllib.error.URLError as e:
        if isinstance(e.reason, TimeoutError):
            raise GitHubError("timeout") from None
        raise GitHubError("error", type(e.reason).__name__) from None
    try:
        data = json.loads(b"".join(chunks).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise GitHubError("error", "not JSON") from None
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
