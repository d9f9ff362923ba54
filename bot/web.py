"""`sigbot web`: the directory of groups, the question box and one page per group, over HTTP,
for readers without Slack. No Slack code and no network: it needs no tokens.

The imperative shell around the core: read the request (strictly: invalid UTF-8 is a 400, never
a 500), pick the reader's language, ask the same functions `sigbot ask` calls, render with
`bot/render/web/`, and send every response with a Content-Security-Policy. Pages that depend
only on the knowledge (`/`, `/groups/<id>`) are rendered once per knowledge load and language;
a question costs the engine plus one render. Served by waitress, like `sigbot serve`.

Routes: GET / (?q=, ?lang=), GET /api/ask?q=, GET /groups/<id>, GET /static/style.css,
GET /healthz; anything else is a 404 page; methods other than GET and HEAD get 405.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from markupsafe import Markup

from bot.answers import ask
from bot.knowledge.refresh import KnowledgeKeeper
from bot.lang import Lang, has_cjk
from bot.live import LiveKnowledge, Snapshot
from bot.model import DEFAULT_WORKSPACE_URL, KnowledgeBase
from bot.query import MAX_MESSAGE_CHARS
from bot.render.json_out import answer_document
from bot.render.web.pages import (
    CONTENT_SECURITY_POLICY,
    STYLESHEET,
    Reader,
    answer_view,
    render_bad_request,
    render_directory,
    render_group,
    render_home,
    render_not_found,
)
from bot.render.wording import t

logger = logging.getLogger("sigbot.web")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

THREADS = 4
CONNECTION_LIMIT = 1000  # open connections waitress accepts (its default, 100, is a DoS lever)
CHANNEL_TIMEOUT_SECONDS = 15  # an idle or half-sent connection is closed after this long
MAX_BODY_BYTES = 16 * 1024  # GET and HEAD only: a body is never read
MAX_QUERY_FIELDS = 20  # a real request has two (q, lang)
WATCH_SECONDS = 5.0  # how often the knowledge directory is checked for edits
_GROUP_PATH = re.compile(r"/groups/([^/]*)/?")
_GROUP_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
# Control characters other than tab and newlines never mean anything in a question, and NUL
# is not allowed in HTML: they are dropped before the question is read.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HEALTH_TEXT = "ok: {groups} groups loaded\n"


class BadRequest(ValueError):
    """The request cannot be read (invalid UTF-8, too many fields): a 400 saying why."""


# -- reading the request ---------------------------------------------------------------------


def query_params(environ: dict[str, Any]) -> dict[str, str]:
    """The query string's fields (first value of each), decoded strictly as UTF-8."""
    raw = str(environ.get("QUERY_STRING", ""))
    try:
        fields = parse_qs(
            raw,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_QUERY_FIELDS,
        )
    except UnicodeDecodeError:
        raise BadRequest("not_utf8") from None
    except ValueError:
        raise BadRequest("too_many_fields") from None
    return {k: v[0] for k, v in fields.items()}


def request_path(environ: dict[str, Any]) -> str:
    """PATH_INFO as the reader typed it: WSGI hands it over as Latin-1 of the raw bytes."""
    path = str(environ.get("PATH_INFO", "") or "/")
    try:
        return path.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        raise BadRequest("not_utf8") from None


def clean_question(text: str) -> str:
    return _CONTROL.sub("", text)


def accepted_language(header: str) -> Lang | None:
    """The reader's preferred language of ours from Accept-Language ("zh-CN,zh;q=0.9,en;q=0.8"
    is Chinese), or None when it names neither."""
    best: tuple[float, Lang] | None = None
    for part in header.split(",")[:32]:
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        lang: Lang | None = "zh" if tag.startswith("zh") else "en" if tag.startswith("en") else None
        if lang is None:
            continue
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        if weight > 0 and (best is None or weight > best[0]):
            best = (weight, lang)
    return best[1] if best else None


def pick_reader(params: dict[str, str], environ: dict[str, Any], question: str = "") -> Reader:
    """`?lang=zh|en`, else Accept-Language, else the question's own language, else English."""
    chosen = params.get("lang", "")
    if chosen in ("en", "zh"):
        return Reader(chosen, chosen=True)  # type: ignore[arg-type]
    header = accepted_language(str(environ.get("HTTP_ACCEPT_LANGUAGE", "")))
    if header is not None:
        return Reader(header)
    return Reader("zh" if has_cjk(question) else "en")


# -- responses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    status: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    cache: str = "no-cache"
    extra: tuple[tuple[str, str], ...] = ()


def html(status: str, text: str) -> Response:
    return Response(status, text.encode("utf-8"), extra=(("Vary", "Accept-Language"),))


def plain(status: str, text: str, *extra: tuple[str, str]) -> Response:
    return Response(status, text.encode("utf-8"), "text/plain; charset=utf-8", extra=extra)


def json_response(status: str, data: object) -> Response:
    body = (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
    return Response(status, body, "application/json; charset=utf-8", cache="no-store")


def send(start_response: StartResponse, response: Response, head: bool) -> list[bytes]:
    """Every response carries the CSP and the same protective headers, errors included."""
    headers = [
        ("Content-Type", response.content_type),
        ("Content-Length", str(len(response.body))),
        ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", response.cache),
        *response.extra,
    ]
    start_response(response.status, headers)
    return [] if head else [response.body]


# -- the cache -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cached:
    body: Any
    until: datetime | None  # stale from then on (a "next meeting" it shows has begun)


class PageCache:
    """Pages that depend only on the knowledge, the language and the clock: kept until the
    knowledge is reloaded (a new snapshot) or the first meeting time they show has passed.
    Keys are bounded: a few pages per active group and language, nothing per question."""

    def __init__(self) -> None:
        self._snapshot: Snapshot | None = None
        self._pages: dict[tuple[str, ...], _Cached] = {}
        self._lock = threading.Lock()
        self.renders = 0  # how many pages were rendered (for tests and the benchmark)

    def get(
        self,
        snapshot: Snapshot,
        key: tuple[str, ...],
        now: datetime,
        render: Callable[[], tuple[Any, datetime | None]],
    ) -> Any:
        with self._lock:
            if snapshot is not self._snapshot:
                self._snapshot, self._pages = snapshot, {}
            hit = self._pages.get(key)
        if hit is not None and (hit.until is None or now < hit.until):
            return hit.body
        body, until = render()  # outside the lock: two first readers may both render once
        with self._lock:
            self.renders += 1
            if snapshot is self._snapshot:
                self._pages[key] = _Cached(body, until)
        return body


# -- the application -------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(timezone.utc)


def create_web_app(
    knowledge: LiveKnowledge,
    clock: Callable[[], datetime] = _now,
    cache: PageCache | None = None,
    workspace: str = DEFAULT_WORKSPACE_URL,
) -> WsgiApp:
    """The WSGI application: every route, over whatever knowledge `knowledge` holds now.
    `workspace`: the Slack workspace channel links open in (SIGBOT_WORKSPACE_URL)."""
    return WebApp(knowledge, clock, cache if cache is not None else PageCache(), workspace)


@dataclass(frozen=True)
class WebApp:
    """The routes, one method each, around one request's snapshot of the knowledge and clock
    (read once per request, so a reload mid-request cannot mix two knowledge bases)."""

    knowledge: LiveKnowledge
    clock: Callable[[], datetime]
    pages: PageCache
    workspace: str = DEFAULT_WORKSPACE_URL

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        head = environ.get("REQUEST_METHOD") == "HEAD"
        try:
            response = self.route(environ)
        except BadRequest as e:
            response = self.bad_request(environ, e)
        except Exception as e:  # a bug must not show a traceback; the log says where
            logger.exception("web request failed (%s)", type(e).__name__)
            response = plain("500 Internal Server Error", "internal error\n")
        return send(start_response, response, head)

    def route(self, environ: dict[str, Any]) -> Response:
        method = str(environ.get("REQUEST_METHOD", "GET"))
        if method not in ("GET", "HEAD"):
            return plain("405 Method Not Allowed", "GET or HEAD only\n", ("Allow", "GET, HEAD"))
        snapshot = self.knowledge.current
        now = self.clock()
        path = request_path(environ)
        if path == "/":
            return self.home(environ, snapshot, now)
        if path == "/api/ask":
            return self.api_ask(environ, snapshot, now)
        if path == "/healthz":
            return plain("200 OK", HEALTH_TEXT.format(groups=len(snapshot.kb.groups)))
        if path == "/static/style.css":
            return Response(
                "200 OK",
                STYLESHEET,
                "text/css; charset=utf-8",
                cache="public, max-age=31536000, immutable",
            )
        match = _GROUP_PATH.fullmatch(path)
        if match:
            return self.group(environ, snapshot, now, match.group(1), path)
        return self.not_found(snapshot.kb, pick_reader({}, environ), "", path)

    def directory(self, snapshot: Snapshot, reader: Reader, now: datetime) -> Markup:
        key = ("directory", reader.lang, str(reader.chosen))
        return self.pages.get(  # type: ignore[no-any-return]
            snapshot,
            key,
            now,
            lambda: (render_directory(snapshot.kb, reader, self.workspace), None),
        )

    def home(self, environ: dict[str, Any], snapshot: Snapshot, now: datetime) -> Response:
        params = query_params(environ)
        question = clean_question(params.get("q", ""))
        reader = pick_reader(params, environ, question)
        kb = snapshot.kb
        if not question.strip():
            key = ("home", reader.lang, str(reader.chosen))
            body = self.pages.get(
                snapshot,
                key,
                now,
                lambda: (render_home(kb, reader, self.directory(snapshot, reader, now)), None),
            )
            return html("200 OK", body)
        view = answer_view(ask(question, kb, snapshot.index), kb, reader, now, self.workspace)
        shown = question[:MAX_MESSAGE_CHARS]  # what the box takes back (pages.render_home)
        return html(
            "200 OK", render_home(kb, reader, self.directory(snapshot, reader, now), shown, view)
        )

    def api_ask(self, environ: dict[str, Any], snapshot: Snapshot, now: datetime) -> Response:
        params = query_params(environ)
        if "q" not in params:
            return json_response("400 Bad Request", {"error": "missing the question: ?q=TEXT"})
        answer = ask(clean_question(params["q"]), snapshot.kb, snapshot.index)
        return json_response("200 OK", answer_document(answer, snapshot.kb, now))

    def group(
        self, environ: dict[str, Any], snapshot: Snapshot, now: datetime, group_id: str, path: str
    ) -> Response:
        reader = pick_reader(query_params(environ), environ)
        kb = snapshot.kb
        if not _GROUP_ID.fullmatch(group_id) or kb.group(group_id) is None:
            return self.not_found(kb, reader, group_id, path)
        key = ("group", group_id, reader.lang, str(reader.chosen))

        def render() -> tuple[str, datetime | None]:
            page = render_group(kb, group_id, reader, now, self.workspace)
            assert page is not None  # the group exists in this snapshot
            return page

        return html("200 OK", self.pages.get(snapshot, key, now, render))

    @staticmethod
    def not_found(kb: KnowledgeBase | None, reader: Reader, name: str, path: str) -> Response:
        shown = clean_question(name)[:100], clean_question(path)[:200]  # echoed, so no NUL
        return html("404 Not Found", render_not_found(kb, reader, *shown))

    def bad_request(self, environ: dict[str, Any], e: BadRequest) -> Response:
        if str(environ.get("PATH_INFO", "")).startswith("/api/"):
            return json_response("400 Bad Request", {"error": _problem(e, "en")})
        reader = pick_reader({}, environ)
        body = render_bad_request(self.knowledge.current.kb, reader, _problem(e, reader.lang))
        return html("400 Bad Request", body)


def _problem(e: BadRequest, lang: Lang) -> str:
    if str(e) == "not_utf8":
        return t("web_not_utf8", lang)
    return "too many fields" if lang == "en" else "字段过多"


# -- serving ---------------------------------------------------------------------------------


class WebStartupError(RuntimeError):
    """The server cannot start (port in use, an address this machine does not have, a host
    that is not one): the message says which, in one line."""


@dataclass
class WebServer:
    """A bound, not yet running server, so the caller can print its address first."""

    server: Any
    urls: tuple[str, ...]
    keeper: KnowledgeKeeper

    def run(self) -> None:
        try:
            self.server.run()
        finally:
            self.keeper.stop()

    def close(self) -> None:
        self.keeper.stop()
        self.server.close()


def create_server(
    kb: KnowledgeBase,
    knowledge_dir: Path,
    host: str,
    port: int,
    workspace: str = DEFAULT_WORKSPACE_URL,
) -> WebServer:
    """Bind the port and start watching the knowledge directory (edits and SIGHUP reload it,
    validated first, like the bot). Raises WebStartupError with a one-line reason."""
    import signal

    from bot.waitress_server import ListenError, create_waitress_server

    if not 0 <= port <= 65535:
        raise WebStartupError(f"--port {port} is not a port number (0-65535)")
    live = LiveKnowledge(kb)
    try:
        # The bounds `sigbot serve` has (bot/waitress_server.py), with the page's own numbers:
        # it takes GET only, so a request body has nothing to carry.
        server = create_waitress_server(
            create_web_app(live, workspace=workspace),
            host,
            port,
            threads=THREADS,
            connection_limit=CONNECTION_LIMIT,
            channel_timeout=CHANNEL_TIMEOUT_SECONDS,
            max_request_body_size=MAX_BODY_BYTES,
        )
    except ListenError as e:
        raise WebStartupError(str(e)) from None
    keeper = KnowledgeKeeper(live, knowledge_dir)
    keeper.watch(WATCH_SECONDS)
    if hasattr(signal, "SIGHUP") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGHUP, lambda *_: keeper.reload_in_background("SIGHUP"))
    listening = getattr(server, "effective_listen", None) or [
        (server.effective_host, server.effective_port)
    ]
    urls = tuple(
        f"http://[{h}]:{p}/" if ":" in str(h) else f"http://{h}:{p}/" for h, p in listening
    )
    return WebServer(server, urls, keeper)
