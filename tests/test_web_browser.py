"""The web page in a real headless Chromium (tests/browser.py): a reader in Shanghai sees meeting
times in Shanghai time, and a question full of markup shows as text and runs nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import pytest

from tests.browser import Browser
from tests.web_pages import WebProcess

SHANGHAI = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def web() -> Iterator[WebProcess]:
    server = WebProcess()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shanghai_browser() -> Iterator[Browser]:
    browser = Browser(env={"TZ": "Asia/Shanghai"})
    yield browser
    browser.close()


def clock_forms(when: datetime) -> tuple[str, ...]:
    """How a browser may write this time: 24-hour, or 12-hour with AM/PM."""
    hour12 = when.hour % 12 or 12
    suffix = "AM" if when.hour < 12 else "PM"
    return (f"{when:%H:%M}", f"{hour12:02d}:{when:%M} {suffix}", f"{hour12}:{when:%M} {suffix}")


def test_a_reader_in_shanghai_sees_meeting_times_in_shanghai_time(
    web: WebProcess, shanghai_browser: Browser
) -> None:
    shanghai_browser.open(f"{web.url}groups/sig-node")
    assert shanghai_browser.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == (
        "Asia/Shanghai"
    )
    times: list[dict[str, Any]] = shanghai_browser.evaluate(
        "Array.from(document.querySelectorAll('time[datetime]'))"
        ".map(t => ({datetime: t.getAttribute('datetime'), text: t.textContent}))"
    )
    assert times
    for shown in times:
        local = datetime.fromisoformat(shown["datetime"]).astimezone(SHANGHAI)
        text = shown["text"]
        assert any(form in text for form in clock_forms(local)), (text, local)
        assert str(local.day) in text and "Asia/Shanghai" in text
        assert "UTC" not in text


def test_a_chinese_group_page_in_shanghai_time(web: WebProcess, shanghai_browser: Browser) -> None:
    shanghai_browser.open(f"{web.url}groups/sig-network?lang=zh")
    assert shanghai_browser.evaluate("document.documentElement.lang").startswith("zh")
    first = shanghai_browser.evaluate(
        "(t => ({datetime: t.getAttribute('datetime'), text: t.textContent}))"
        "(document.querySelector('time[datetime]'))"
    )
    local = datetime.fromisoformat(first["datetime"]).astimezone(SHANGHAI)
    assert f"{local.month}月{local.day}日" in first["text"]
    assert any(form in first["text"] for form in clock_forms(local))


# Raw tags, and tags as entities: the engine reads "&lt;" as "<" (Slack escapes text that way),
# so the second kind comes back as real angle brackets in the answer line.
MARKUP = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    '<svg onload="window.__pwned=3"></svg>"\'><iframe src="javascript:parent.__pwned=4">'
)
ECHOED = (
    "&lt;b id=injected&gt;bold&lt;/b&gt; &lt;img src=x onerror=window.__pwned=5&gt; on a lovely day"
)


@pytest.mark.parametrize(
    "question, lang", [(MARKUP, "en"), (MARKUP, "zh"), (ECHOED, "en"), (ECHOED, "zh")]
)
def test_a_question_with_markup_shows_as_text_and_runs_nothing(
    web: WebProcess, shanghai_browser: Browser, question: str, lang: str
) -> None:
    shanghai_browser.open(f"{web.url}?q={quote(question, safe='')}&lang={lang}")
    page = shanghai_browser.evaluate(
        "({pwned: window.__pwned === undefined ? null : window.__pwned,"
        " scripts: document.scripts.length,"
        " images: document.images.length,"
        " injected: document.querySelectorAll('iframe, svg, b, #injected').length,"
        " box: document.getElementById('q').value,"
        " answer: document.getElementById('answer-first').textContent})"
    )
    assert page["pwned"] is None
    assert page["scripts"] == 1 and page["images"] == 0 and page["injected"] == 0
    assert page["box"] == question  # the question stays, as text
    if question == ECHOED:
        assert "<b id=injected>bold</b>" in page["answer"]  # repeated, as text
