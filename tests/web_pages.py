"""Reading sigbot's web pages as a reader's browser would: `sigbot web` as a real process on
loopback, raw HTTP requests (any bytes in the path, any header), and the HTML parsed into what
a reader sees (links, form fields, text by element)."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import REPO
from tests.services import base_env

URL_LINE = re.compile(r"serving (http://[^\s]+/)")


class WebProcess:
    """`sigbot web --port 0 ...`: the port it picked comes from the URL it prints."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "web", "--host", "127.0.0.1", "--port", "0", *args],
            cwd=REPO,
            env=env or base_env(),
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        started = time.monotonic()
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        self.startup_seconds = time.monotonic() - started
        match = URL_LINE.search(line)
        if match is None:
            self.proc.kill()
            raise AssertionError(f"sigbot web did not start: {line!r} {self.proc.stderr!r}")
        self.url = match.group(1)
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])

    def stop(self) -> str:
        """Stop it; what it wrote to stderr."""
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=10)
        return err


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def page(self) -> Page:
        return Page.parse(self.text)


def request(
    port: int, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> Reply:
    """One request with the path sent exactly as given (urllib would re-quote it)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
    finally:
        conn.close()


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Page:
    """The parts of an HTML page a test reads."""

    html_lang: str = ""
    links: list[Element] = field(default_factory=list)  # <a href> with their text
    elements: list[Element] = field(default_factory=list)  # every start tag, in order
    scripts: list[Element] = field(default_factory=list)  # <script> with its content
    times: list[Element] = field(default_factory=list)  # <time datetime> with their text
    by_id: dict[str, Element] = field(default_factory=dict)

    @classmethod
    def parse(cls, html: str) -> Page:
        parser = _Parser()
        parser.feed(html)
        parser.close()
        return parser.page

    def hrefs(self, prefix: str = "") -> list[str]:
        return [a.attrs["href"] for a in self.links if a.attrs.get("href", "").startswith(prefix)]

    def group_links(self) -> list[str]:
        """The group ids of every /groups/<id> link, in page order."""
        out = []
        for href in self.hrefs("/groups/"):
            out.append(href.removeprefix("/groups/").split("?")[0])
        return out

    def text_of(self, element_id: str) -> str:
        return self.by_id[element_id].text


class _Parser(HTMLParser):
    """Collects elements with the text inside them (nested text included)."""

    VOID = frozenset({"meta", "link", "input", "br", "img", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.page.elements.append(element)
        if tag == "html":
            self.page.html_lang = element.attrs.get("lang", "")
        if tag == "a" and "href" in element.attrs:
            self.page.links.append(element)
        if tag == "script":
            self.page.scripts.append(element)
        if tag == "time":
            self.page.times.append(element)
        if "id" in element.attrs:
            self.page.by_id[element.attrs["id"]] = element
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].tag == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def first_line_of_answer(page: Page) -> str:
    return page.text_of("answer-first").strip()


def knowledge_copy(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for f in source.glob("*.yaml"):
        (target / f.name).write_bytes(f.read_bytes())
    return target
