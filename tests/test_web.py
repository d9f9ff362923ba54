"""`sigbot web`: the directory, the question box and the group pages, as a reader without Slack
uses them. A real `sigbot web` process on 127.0.0.1, raw HTTP requests, the HTML parsed into
what a reader sees (tests/web_pages.py). The contract is docs/WEB.md."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main as cli_main
from bot.model import KnowledgeBase
from tests.conftest import KNOWLEDGE, REPO
from tests.services import base_env
from tests.web_pages import (
    Page,
    WebProcess,
    first_line_of_answer,
    knowledge_copy,
    request,
)

MAX_PAGE_BYTES = 400 * 1024


@pytest.fixture(scope="module")
def web() -> Iterator[WebProcess]:
    server = WebProcess()
    yield server
    errors = server.stop()
    assert "Traceback" not in errors, errors  # nothing a test sent made it fail inside


def get(web: WebProcess, path: str, **headers: str) -> Page:
    reply = request(web.port, path, headers)
    assert reply.status == 200, (path, reply.status, reply.body[:300])
    return reply.page()


def cli(*args: str, capsys: pytest.CaptureFixture[str]) -> str:
    """What `sigbot ...` prints (the real CLI entry point, in this process)."""
    capsys.readouterr()
    cli_main(list(args))
    return capsys.readouterr().out


def quoted(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


# -- the directory ---------------------------------------------------------------------------


def test_the_directory_lists_every_active_group_with_its_summary_page_and_channel(
    web: WebProcess, kb: KnowledgeBase
) -> None:
    reply = request(web.port, "/")
    page = reply.page()
    for g in kb.groups:
        entry = page.by_id[g.id]
        assert g.display_name in entry.text
        assert g.summary("en") in entry.text
        hrefs = [a.attrs["href"] for a in page.links if a.attrs["href"] in (f"/groups/{g.id}",)]
        assert hrefs, f"no link to /groups/{g.id}"
        if g.slack:
            assert f"https://kubernetes.slack.com/messages/{g.slack}" in reply.text
    assert page.html_lang == "en"


def test_the_directory_groups_sigs_then_working_groups_then_committees_then_user_groups(
    web: WebProcess, kb: KnowledgeBase
) -> None:
    text = request(web.port, "/").text
    headings = [text.index(f'<h2 id="{anchor}">') for anchor in ("sigs", "wgs", "committees")]
    assert headings == sorted(headings)
    for g in kb.groups:
        section = {"sig": "sigs", "wg": "wgs", "committee": "committees", "usergroup": "ug"}
        start = text.index(f'<h2 id="{section[g.kind]}">') if g.kind != "usergroup" else 0
        assert text.index(f'<li id="{g.id}">') > start


def test_retired_and_misnamed_groups_are_never_among_the_active_ones(web: WebProcess) -> None:
    text = request(web.port, "/").text
    active = text[: text.index('<h2 id="retired">')]
    for name in ("WG Serving", "SIG Batch", "WG Structured Logging", "SIG IoT Edge"):
        assert name not in active


def test_retired_groups_say_why_and_link_only_the_successors_the_knowledge_names(
    web: WebProcess, kb: KnowledgeBase
) -> None:
    page = get(web, "/")
    retired = [r for r in kb.retired if not r.misnomer]
    assert retired
    for r in retired:
        entry = page.by_id[r.id]
        assert r.display_name in entry.text
        assert r.note_en in entry.text
    serving = request(web.port, "/").text.split('<li id="wg-serving">', 1)[1].split("</li>")[0]
    linked = re.findall(r'href="/groups/([a-z0-9-]+)"', serving)
    assert linked == list(kb.retired_group("wg-serving").successors)  # type: ignore[union-attr]
    on_prem = request(web.port, "/").text.split('<li id="sig-on-premise">', 1)[1]
    assert "/groups/" not in on_prem.split("</li>")[0]  # no source names a successor


def test_the_search_form_is_a_get_form_with_a_visible_label_bound_to_q(web: WebProcess) -> None:
    page = get(web, "/")
    [form] = [e for e in page.elements if e.tag == "form"]
    assert form.attrs.get("method", "get").lower() == "get" and form.attrs["action"] == "/"
    [field] = [e for e in page.elements if e.tag == "input" and e.attrs.get("name") == "q"]
    [label] = [e for e in page.elements if e.tag == "label"]
    assert label.attrs["for"] == field.attrs["id"]
    assert "Which group owns" in label.text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_loads_nothing_from_elsewhere_and_stays_small(web: WebProcess, lang: str) -> None:
    reply = request(web.port, f"/?lang={lang}")
    assert len(reply.body) <= MAX_PAGE_BYTES
    page = reply.page()
    for e in page.elements:
        for name in ("src", "href", "action"):
            value = e.attrs.get(name, "")
            if e.tag == "a":
                continue  # links a reader follows may go anywhere; nothing is loaded from them
            assert not value.startswith(("http:", "https:", "//")), (e.tag, value)
    assert all("src" not in s.attrs for s in page.scripts)
    [sheet] = [e for e in page.elements if e.tag == "link" and e.attrs.get("rel") == "stylesheet"]
    css = request(web.port, sheet.attrs["href"])
    assert css.status == 200 and css.headers["content-type"].startswith("text/css")
    assert "url(" not in css.text and "@import" not in css.text and "@font-face" not in css.text


# -- questions -------------------------------------------------------------------------------

QUESTIONS = [
    "network policy",
    "who owns the scheduler framework?",
    "kubeclt",
    "pkg/kubelet",
    "KEP-753",
    "is kubeadm part of sig cli?",
    "wg serving",
    "sig batch",
    "Structured Logging",
    "storage and networking",
    "what a lovely day for a picnic",
    "help",
    "list",
    "谁负责 kubectl",
    "网络策略",
    "推理服务的工作负载",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_question_is_answered_with_exactly_the_first_line_sigbot_ask_prints(
    web: WebProcess, question: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = get(web, f"/?q={quoted(question)}")
    expected = cli("ask", question, capsys=capsys).split("\n", 1)[0]
    assert first_line_of_answer(page) == expected


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_first_group_link_is_the_cli_top_match_or_where_a_retired_groups_work_went(
    web: WebProcess, question: str, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = json.loads(cli("ask", "--json", question, capsys=capsys))
    page = get(web, f"/?q={quoted(question)}")
    cards = answer.get("cards") or []
    if answer["status"] in ("answer", "ambiguous", "archived") and cards:
        assert page.group_links()[0] == cards[0]["id"]
        if answer["status"] != "archived":
            assert cards[0]["id"] == answer["matches"][0]["id"]


@pytest.mark.parametrize("question", ["network policy", "谁负责 kubectl", "wg serving"])
def test_the_question_stays_in_the_search_box(web: WebProcess, question: str) -> None:
    page = get(web, f"/?q={quoted(question)}")
    [field] = [e for e in page.elements if e.tag == "input" and e.attrs.get("name") == "q"]
    assert field.attrs["value"] == question


def test_the_answer_comes_above_the_directory(web: WebProcess) -> None:
    text = request(web.port, "/?q=network+policy").text
    assert text.index('id="answer-first"') < text.index('<h2 id="sigs">')


def test_a_chinese_question_is_answered_in_chinese(web: WebProcess) -> None:
    page = get(web, f"/?q={quoted('谁负责 kubectl')}")
    assert first_line_of_answer(page) == "SIG CLI 负责这个主题。"
    assert page.group_links()[0] == "sig-cli"


@pytest.mark.parametrize(
    "question", ["network policy", "谁负责 kubectl", "wg serving", "KEP-753", "hello", ""]
)
def test_the_api_returns_exactly_the_object_sigbot_ask_json_prints(
    web: WebProcess, question: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reply = request(web.port, f"/api/ask?q={quoted(question)}")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("application/json")
    assert json.loads(reply.body) == json.loads(cli("ask", "--json", question, capsys=capsys))


def test_the_api_says_what_is_missing_without_a_question(web: WebProcess) -> None:
    reply = request(web.port, "/api/ask")
    assert reply.status == 400
    assert json.loads(reply.body) == {"error": "missing the question: ?q=TEXT"}


# -- languages -------------------------------------------------------------------------------


def test_lang_zh_renders_chinese_ui_and_chinese_descriptions(
    web: WebProcess, kb: KnowledgeBase
) -> None:
    page = get(web, "/?lang=zh")
    assert page.html_lang.startswith("zh")
    [label] = [e for e in page.elements if e.tag == "label"]
    assert "哪个小组负责" in label.text
    network = kb.group("sig-network")
    assert network is not None and network.summary_zh
    assert network.summary_zh in page.text_of("sig-network")


@pytest.mark.parametrize(
    "header, lang",
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("zh-TW", "zh"),
        ("en-US,en;q=0.9,zh-CN;q=0.5", "en"),
        ("fr-FR,fr;q=0.9", "en"),
        ("de, zh;q=0.3", "zh"),
        ("zh;q=garbage, en", "en"),
        (";;;,,q=", "en"),
    ],
)
def test_accept_language_picks_the_language_when_the_address_does_not(
    web: WebProcess, header: str, lang: str
) -> None:
    for path in ("/", "/groups/sig-node"):
        page = get(web, path, **{"Accept-Language": header})
        assert page.html_lang.startswith(lang), (path, header)


def test_lang_in_the_address_wins_over_accept_language(web: WebProcess) -> None:
    page = get(web, "/?lang=en", **{"Accept-Language": "zh-CN"})
    assert page.html_lang == "en"


def test_every_page_links_to_itself_in_the_other_language_keeping_the_question(
    web: WebProcess,
) -> None:
    assert "/?lang=zh" in get(web, "/").hrefs("/?")
    assert "/?lang=en" in get(web, "/?lang=zh").hrefs("/?")
    assert "/?q=network+policy&lang=zh" in get(web, "/?q=network+policy").hrefs("/?")
    assert "/groups/sig-node?lang=zh" in get(web, "/groups/sig-node").hrefs("/groups/")
    assert "/groups/sig-node?lang=en" in get(web, "/groups/sig-node?lang=zh").hrefs("/groups/")


def test_a_chosen_language_survives_a_click_and_a_search(web: WebProcess) -> None:
    page = get(web, "/?lang=zh")
    assert "/groups/sig-node?lang=zh" in page.hrefs("/groups/")
    hidden = [e for e in page.elements if e.tag == "input" and e.attrs.get("name") == "lang"]
    assert [e.attrs["value"] for e in hidden] == ["zh"]


# -- a group ---------------------------------------------------------------------------------


def test_a_group_page_shows_the_whole_card(web: WebProcess, kb: KnowledgeBase) -> None:
    g = kb.group("sig-network")
    assert g is not None
    reply = request(web.port, "/groups/sig-network")
    page, text = reply.page(), reply.text
    assert "SIG Network" in page.by_id["join"].text or "SIG Network" in text
    assert g.summary("en") in text
    for person in (*g.chairs, *g.tech_leads):
        assert f"https://github.com/{person.github}" in page.hrefs("https://github.com/")
        assert f"@{person.github}" in text
    assert f"https://kubernetes.slack.com/messages/{g.slack}" in page.hrefs()
    assert g.mailing_list in page.hrefs()
    assert "sig/network" in text and "/sig network" in text
    assert "Say hello in #sig-network" in text  # the how-to-join steps, filled in
    for sp in g.subprojects:
        assert sp.name in text
    for m in g.meetings:
        assert m.description in text


def test_meetings_are_time_elements_of_the_next_occurrence_shown_in_utc(
    web: WebProcess,
) -> None:
    page = get(web, "/groups/sig-node")
    assert page.times
    now = datetime.now(timezone.utc)
    for element in page.times:
        when = datetime.fromisoformat(element.attrs["datetime"])
        assert when.utcoffset() is not None  # ISO 8601 with its offset
        assert now < when
        utc = when.astimezone(timezone.utc)
        assert element.text.strip().endswith(f"{utc:%H:%M} UTC")


def test_subprojects_show_their_own_meetings(web: WebProcess, kb: KnowledgeBase) -> None:
    g = kb.group("sig-cluster-lifecycle")
    assert g is not None
    text = request(web.port, "/groups/sig-cluster-lifecycle").text
    subprojects = text.split('<h2 id="subprojects">', 1)[1]
    with_meetings = [sp for sp in g.subprojects if sp.meetings]
    assert with_meetings
    for sp in with_meetings:
        for m in sp.meetings:
            assert m.description in subprojects


def test_a_meeting_whose_week_upstream_does_not_give_says_so(
    web: WebProcess, kb: KnowledgeBase
) -> None:
    from bot.render.cards import group_card

    now = datetime.now(timezone.utc)
    unsure = [
        g.id
        for g in kb.groups
        if any(not m.exact for m in group_card(g, "en", kb, now).meetings if m.start)
    ]
    assert unsure
    text = request(web.port, f"/groups/{unsure[0]}").text
    assert "check the calendar for which week" in text


def test_a_meeting_counted_from_an_old_start_date_says_it_is_an_estimate(
    web: WebProcess, kb: KnowledgeBase
) -> None:
    from bot.render.cards import group_card

    now = datetime.now(timezone.utc)
    estimated = [
        (g.id, m)
        for g in kb.groups
        for m in group_card(g, "en", kb, now).meetings
        if m.start and m.estimated
    ]
    assert estimated
    gid, meeting = estimated[0]
    text = request(web.port, f"/groups/{gid}").text
    line = next(li for li in text.split("<li>") if meeting.description in li)
    assert "an estimate from a" in line and "check the group&#39;s calendar" in line


def test_a_group_page_in_chinese(web: WebProcess, kb: KnowledgeBase) -> None:
    g = kb.group("sig-node")
    assert g is not None
    page = get(web, "/groups/sig-node?lang=zh")
    assert page.html_lang.startswith("zh")
    text = request(web.port, "/groups/sig-node?lang=zh").text
    assert g.summary("zh") in text and "如何加入" in text and "会议" in text
    assert all(e.text.strip().endswith("UTC") for e in page.times)


# -- errors and odd input --------------------------------------------------------------------


def test_an_unknown_group_is_a_404_page_with_a_link_home(web: WebProcess) -> None:
    reply = request(web.port, "/groups/sig-nonexistent")
    assert reply.status == 404
    assert reply.headers["content-type"].startswith("text/html")
    page = reply.page()
    assert "/" in page.hrefs("/")
    assert "sig-nonexistent" in reply.text


def test_a_retired_groups_address_says_it_retired_and_where_its_work_went(
    web: WebProcess,
) -> None:
    reply = request(web.port, "/groups/wg-serving")
    assert reply.status == 404
    assert "WG Serving is retired." in reply.text
    successors = [g for g in reply.page().group_links() if g != "wg-serving"]  # not the switch
    assert successors == ["sig-network", "sig-scalability", "wg-device-management"]


@pytest.mark.parametrize(
    "path",
    [
        "/nope",
        "/groups/",
        "/groups/../../etc/passwd",
        "/groups/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static/../web.py",
        "/static/%2e%2e/%2e%2e/pages.py",
        "/groups/sig-node/../../../../etc/passwd",
        "/groups/SIG-NODE",
        "/groups/sig-node%00",
        "/groups/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/" + "a" * 5000,
    ],
)
def test_odd_paths_are_a_404_page_never_a_file_or_a_500(web: WebProcess, path: str) -> None:
    reply = request(web.port, path)
    assert reply.status == 404
    assert b"root:" not in reply.body and b"import " not in reply.body
    assert b"<script>alert" not in reply.body and b"\x00" not in reply.body
    assert "/" in reply.page().hrefs("/")


@pytest.mark.parametrize(
    "path", ["/?q=%ff%fe", "/groups/%ff", "/?q=caf%e9", "/api/ask?q=%c3%28", "/?lang=%80"]
)
def test_invalid_utf8_is_a_400_that_says_so(web: WebProcess, path: str) -> None:
    reply = request(web.port, path)
    assert reply.status == 400
    assert "UTF-8" in reply.text
    assert "Traceback" not in reply.text


@pytest.mark.parametrize(
    "question",
    ["kubelet " * 625, "调度器" * 1667, "x" * 5000],
    ids=["repeated-words", "repeated-chinese", "one-long-word"],
)
def test_a_5000_character_question_is_answered_on_a_small_page(
    web: WebProcess, question: str, capsys: pytest.CaptureFixture[str]
) -> None:
    question = question[:5000]
    reply = request(web.port, f"/?q={quoted(question)}")
    assert reply.status == 200 and len(reply.body) <= MAX_PAGE_BYTES
    expected = cli("ask", question, capsys=capsys).split("\n", 1)[0]
    assert first_line_of_answer(reply.page()) == expected
    api = request(web.port, f"/api/ask?q={quoted(question)}")
    assert api.status == 200 and json.loads(api.body)["query"] == question


def test_nul_and_control_characters_never_reach_the_page(web: WebProcess) -> None:
    reply = request(web.port, "/?q=net%00work%01+policy%00")
    assert reply.status == 200
    assert b"\x00" not in reply.body and b"\x01" not in reply.body
    assert first_line_of_answer(reply.page()) == "SIG Network owns this."


def test_other_methods_are_refused(web: WebProcess) -> None:
    for method in ("POST", "PUT", "DELETE"):
        reply = request(web.port, "/", method=method)
        assert reply.status == 405 and reply.headers["allow"] == "GET, HEAD"


def test_head_answers_with_headers_only(web: WebProcess) -> None:
    reply = request(web.port, "/groups/sig-node", method="HEAD")
    assert reply.status == 200 and reply.body == b""
    assert "content-security-policy" in reply.headers


# -- escaping and the Content-Security-Policy ------------------------------------------------

MARKUP = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)><b>bold</b>"
# Tags as entities: the engine reads "&lt;" as "<" (Slack escapes text that way), so these come
# back as real angle brackets in the answer line, which repeats an unanswered question.
ECHOED = "&lt;b id=injected&gt;bold&lt;/b&gt; on a lovely day"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_question_with_markup_is_shown_as_text_and_never_runs(web: WebProcess, lang: str) -> None:
    reply = request(web.port, f"/?q={quoted(MARKUP)}&lang={lang}")
    assert reply.status == 200
    page = reply.page()
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0].text
    assert not [e for e in page.elements if e.tag in ("img", "b")]
    [field] = [e for e in page.elements if e.tag == "input" and e.attrs.get("name") == "q"]
    assert field.attrs["value"] == MARKUP  # shown back exactly, as text
    assert "&lt;script&gt;" in reply.text


def test_markup_the_answer_line_repeats_is_text(web: WebProcess) -> None:
    page = get(web, f"/?q={quoted(ECHOED)}")
    assert "<b id=injected>bold</b>" in first_line_of_answer(page)
    assert "injected" not in page.by_id and not [e for e in page.elements if e.tag == "b"]


def test_no_element_anywhere_has_an_inline_event_handler(web: WebProcess) -> None:
    for path in ("/", "/?lang=zh", f"/?q={quoted(MARKUP)}", "/groups/sig-node", "/groups/x"):
        page = request(web.port, path).page()
        handlers = [(e.tag, a) for e in page.elements for a in e.attrs if a.startswith("on")]
        assert handlers == [], path


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=network+policy",
        "/groups/sig-node",
        "/api/ask?q=kubectl",
        "/api/ask",
        "/nope",
        "/?q=%ff",
        "/healthz",
        "/static/style.css",
    ],
)
def test_every_response_forbids_foreign_scripts_and_inline_handlers(
    web: WebProcess, path: str
) -> None:
    reply = request(web.port, path)
    csp = reply.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert re.fullmatch(r"'sha256-[A-Za-z0-9+/=]+'", directives["script-src"])
    assert "unsafe-inline" not in csp and "http" not in csp
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_the_csp_hash_is_the_hash_of_the_one_inline_script(web: WebProcess) -> None:
    reply = request(web.port, "/groups/sig-node")
    [script] = reply.page().scripts
    digest = base64.b64encode(hashlib.sha256(script.text.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in reply.headers["content-security-policy"]


def test_text_and_links_from_the_knowledge_are_escaped_and_only_safe_urls_become_links(
    tmp_path: Path,
) -> None:
    """A hand-edited knowledge file is outside input too: markup in a summary is text, and a
    `javascript:` meeting link is not a link."""
    from tests.conftest import tiny_docs, write_knowledge

    docs = tiny_docs()
    topics = docs["topics.yaml"]["groups"]["sig-network"]
    topics["summary"] = {"en": "<script>alert(1)</script> & <i>packets</i>", "zh": "网络。"}
    meeting = docs["upstream.yaml"]["groups"][0]["meetings"][0]
    meeting["url"] = "javascript:alert(3)"
    meeting["description"] = '"><img src=x onerror=alert(4)>'
    directory = write_knowledge(tmp_path / "knowledge", docs)
    server = WebProcess("--knowledge", str(directory))
    try:
        for path in ("/", "/groups/sig-network"):
            reply = request(server.port, path)
            assert reply.status == 200
            page = reply.page()
            assert len(page.scripts) == 1
            assert not [e for e in page.elements if e.tag in ("img", "i")]
            assert not [h for h in page.hrefs() if h.lower().startswith("javascript:")]
            assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;i&gt;" in reply.text
    finally:
        server.stop()


# -- start-up --------------------------------------------------------------------------------


def test_it_starts_quickly_without_slack_and_prints_its_url(web: WebProcess) -> None:
    assert web.url.startswith("http://127.0.0.1:")
    assert web.startup_seconds < 15  # "about a second" here; generous for a busy machine
    reply = request(web.port, "/healthz")
    assert reply.status == 200 and reply.text.startswith("ok: ")


def test_the_web_path_loads_no_slack_code(tmp_path: Path) -> None:
    """Every route served and the command line loaded, then the process's modules listed:
    nothing from slack_sdk, slack_bolt, the Block Kit renderers or the Slack listeners."""
    script = tmp_path / "probe.py"
    script.write_text(
        "import sys, threading\n"
        "from bot.knowledge.loader import load_knowledge\n"
        "from bot.live import LiveKnowledge\n"
        "from bot.web import create_web_app\n"
        "app = create_web_app(LiveKnowledge(load_knowledge()))\n"
        "for path, qs in [('/', ''), ('/', 'q=wg+serving'), ('/api/ask', 'q=kubectl'),\n"
        "                 ('/groups/sig-node', ''), ('/nope', '')]:\n"
        "    b''.join(app({'PATH_INFO': path, 'QUERY_STRING': qs,\n"
        "                  'REQUEST_METHOD': 'GET'}, lambda *a: None))\n"
        "import bot.cli\n"
        "slack = ('slack_sdk', 'slack_bolt', 'bot.render.slack', 'bot.listeners', 'bot.app')\n"
        "print(sorted(m for m in sys.modules if m.startswith(slack)))\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def start_failure(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "web", *args],
        cwd=REPO,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_port_in_use_stops_start_up_with_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = start_failure("--port", str(port))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{port} is already in use on 127.0.0.1" in lines[0]
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args, words",
    [
        (["--host", "192.0.2.1"], "192.0.2.1 is not an address of this machine"),
        (["--host", "no such host!"], "cannot resolve the host 'no such host!'"),
        (["--port", "70000"], "not a port number"),
        (["--port", "-1"], "not a port number"),
    ],
)
def test_a_bad_address_stops_start_up_with_one_line_and_exit_2(args: list[str], words: str) -> None:
    result = start_failure(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_channel_links_open_in_the_workspace_the_admin_set() -> None:
    server = WebProcess(env={**base_env(), "SIGBOT_WORKSPACE_URL": "https://example.slack.com/"})
    try:
        home = request(server.port, "/").text
        group = request(server.port, "/groups/sig-node").text
        answer = request(server.port, "/?q=who+owns+the+kubelet").text
    finally:
        server.stop()
    for text in (home, group, answer):
        assert 'href="https://example.slack.com/messages/sig-node"' in text
        assert "kubernetes.slack.com/messages" not in text


def test_a_workspace_url_that_is_not_https_stops_start_up_with_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "web", "--port", "0"],
        cwd=REPO,
        env={**base_env(), "SIGBOT_WORKSPACE_URL": "javascript:alert(1)"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "SIGBOT_WORKSPACE_URL must be" in lines[0], result.stderr


def test_knowledge_given_with_knowledge_is_what_the_page_shows(tmp_path: Path) -> None:
    from tests.conftest import tiny_docs, write_knowledge

    directory = write_knowledge(tmp_path / "knowledge", tiny_docs())
    server = WebProcess("--knowledge", str(directory))
    try:
        page = get(server, "/")
        assert sorted(set(page.group_links())) == ["sig-network", "sig-storage"]
    finally:
        server.stop()


def test_an_edit_to_the_knowledge_shows_after_sighup_and_pages_are_rendered_again(
    tmp_path: Path,
) -> None:
    import signal

    directory = knowledge_copy(KNOWLEDGE, tmp_path / "knowledge")
    server = WebProcess("--knowledge", str(directory))
    try:
        before = request(server.port, "/groups/sig-node").text
        assert "Freshly edited summary." not in before
        topics_file = directory / "topics.yaml"
        topics = yaml.safe_load(topics_file.read_text(encoding="utf-8"))
        topics["groups"]["sig-node"]["summary"]["en"] = "Freshly edited summary."
        topics_file.write_text(yaml.safe_dump(topics, allow_unicode=True), encoding="utf-8")
        server.proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if "Freshly edited summary." in request(server.port, "/groups/sig-node").text:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the edited summary never appeared")
        assert "Freshly edited summary." in request(server.port, "/").text
    finally:
        server.stop()


# -- caching: the WSGI app itself, served on 127.0.0.1 with a clock the test sets ------------


class Served:
    """create_web_app over a LiveKnowledge the test can swap, on the standard library's WSGI
    server, with a clock the test moves."""

    def __init__(self, kb: KnowledgeBase) -> None:
        import threading
        from wsgiref.simple_server import WSGIRequestHandler, make_server

        from bot.live import LiveKnowledge
        from bot.web import PageCache, create_web_app

        class Quiet(WSGIRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
        self.live = LiveKnowledge(kb)
        self.cache = PageCache()
        app = create_web_app(self.live, clock=lambda: self.now, cache=self.cache)
        self.server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def get(self, path: str) -> str:
        reply = request(self.port, path)
        assert reply.status == 200
        return reply.text

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def served(kb: KnowledgeBase) -> Iterator[Served]:
    s = Served(kb)
    yield s
    s.stop()


def test_the_directory_and_group_pages_are_rendered_once_per_knowledge_load(
    served: Served, kb: KnowledgeBase
) -> None:
    first = served.get("/")
    served.get("/groups/sig-node")
    rendered = served.cache.renders
    assert served.get("/") == first
    served.get("/groups/sig-node")
    served.get("/?q=network+policy")  # a question reuses the directory
    served.get("/?q=kubectl")
    assert served.cache.renders == rendered
    served.live.replace(kb)  # a reload: everything is rendered afresh, once
    served.get("/")
    served.get("/")
    assert served.cache.renders == rendered + 2  # the directory part, and the page around it


def test_a_cached_group_page_is_rendered_again_once_its_next_meeting_has_begun(
    served: Served,
) -> None:
    page = Page.parse(served.get("/groups/sig-node"))
    soonest = min(datetime.fromisoformat(t.attrs["datetime"]) for t in page.times)
    rendered = served.cache.renders
    served.now = soonest - timedelta(minutes=1)
    served.get("/groups/sig-node")
    assert served.cache.renders == rendered  # still ahead: the cached page is right
    served.now = soonest + timedelta(seconds=1)
    fresh = Page.parse(served.get("/groups/sig-node"))
    assert served.cache.renders == rendered + 1
    assert all(datetime.fromisoformat(t.attrs["datetime"]) > served.now for t in fresh.times)


# -- deploying it, CI, and the docs ----------------------------------------------------------


def yaml_docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def test_the_web_deployment_serves_the_page_beside_the_bot_without_secrets() -> None:
    web_dir = REPO / "deploy" / "web"
    [deployment] = yaml_docs(web_dir / "deployment.yaml")
    pod = deployment["spec"]["template"]["spec"]
    [container] = pod["containers"]
    assert container["args"] == ["web", "--host", "0.0.0.0", "--port", "8080"]
    assert {p["containerPort"] for p in container["ports"]} == {8080}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/healthz"
    assert "envFrom" not in container and not container.get("env")  # no Slack secret at all
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    [service] = yaml_docs(web_dir / "service.yaml")
    assert service["spec"]["selector"].items() <= labels.items()
    [bot_service] = yaml_docs(REPO / "deploy" / "base" / "service.yaml")
    assert not bot_service["spec"]["selector"].items() <= labels.items()
    resources = yaml_docs(web_dir / "kustomization.yaml")[0]["resources"]
    assert all((web_dir / r).is_file() for r in resources)
    assert {"deployment.yaml", "service.yaml", "networkpolicy.yaml"} <= set(resources)


def test_ci_installs_chromium_when_missing_then_runs_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = 'pip install -e ".[test]" && pytest'
    assert f"```sh\n{command}\n```" in readme
    assert script.rstrip().splitlines()[-1] == command
    assert "apt-get install" in script and "chromium" in script


def test_the_readme_and_docs_show_the_web_page_screenshots() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    web_doc = (REPO / "docs" / "WEB.md").read_text(encoding="utf-8")
    for name in ("home-en", "home-zh", "group-en", "group-zh"):
        png = REPO / "docs" / "web" / f"{name}.png"
        assert png.read_bytes().startswith(b"\x89PNG")
        assert f"(docs/web/{name}.png)" in readme and f"(web/{name}.png)" in web_doc
    assert "sigbot web" in readme and "deploy/web/" in readme


@pytest.mark.parametrize(
    ("question", "says", "never"),
    [
        # a retired group no source names a successor for: related groups, not carrying on
        ("wg app def", "No active group took over its work.", "Its work continues in"),
        # a KEP number two KEPs share: both titles
        ("KEP-2133", "Out-of-Tree Credential Providers", "withdrawn"),
        ("KEP-2133", "Kubelet Credential Providers", "as of v1."),
    ],
)
def test_the_page_shows_upstream_facts_as_the_other_surfaces_do(
    web: WebProcess, question: str, says: str, never: str
) -> None:
    page = request(web.port, f"/?q={question.replace(' ', '+')}").text
    answer = re.search(r'<section class="answer".*?</section>', page, re.S)
    assert answer is not None
    assert says in answer.group(0) and never not in answer.group(0)
