"""`sigbot ask`: the terminal, JSON and batch contracts of docs/DESIGN.md (fields in
docs/CONTRACTS.md), and the other commands' promises, through the real command. Answers come from
the frozen tests/fixtures/knowledge-mini, so refreshing knowledge/ cannot change them."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys

import pytest

from bot.cli import main
from tests.conftest import MINI_KNOWLEDGE

MINI = ("--knowledge", str(MINI_KNOWLEDGE))


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("sigbot")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "bot.cli", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=60)


def test_installed_console_script_answers_a_question() -> None:
    result = run("ask", "network policy", *MINI)
    assert result.returncode == 0
    assert "SIG Network owns this." in result.stdout


def test_json_output_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "network policy", *MINI]) == 0
    data = json.loads(capsys.readouterr().out)
    required = {"query", "status", "matches", "confidence", "data"}
    optional = {"feature", "features", "verify", "cards"}
    assert required <= set(data) and set(data) - required <= optional
    assert data["confidence"] == "high"
    assert data["query"] == "network policy" and data["status"] == "answer"
    assert set(data["matches"][0]) == {"id", "kind", "name", "score", "via"}
    assert data["matches"][0]["id"] == "sig-network" and data["matches"][0]["kind"] == "sig"


def test_archived_groups_use_their_archive_dir_as_id(capsys: pytest.CaptureFixture[str]) -> None:
    main(["ask", "--json", "wg serving", *MINI])
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "archived"
    assert data["matches"][0] == {**data["matches"][0], "id": "wg-serving", "kind": "archived"}


def test_batch_mode_answers_each_stdin_line_in_order() -> None:
    result = run("ask", "--json", *MINI, stdin="kubectl\nthanks!\n网络策略\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["kubectl", "thanks!", "网络策略"]
    assert [line["status"] for line in lines] == ["answer", "none", "answer"]


def test_blocks_output_is_block_kit_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--blocks", "kubectl", *MINI]) == 0
    payload = json.loads(capsys.readouterr().out)
    first = payload["blocks"][0]
    assert first["type"] == "section" and first["text"]["text"].startswith("*SIG CLI* owns this.")


def test_bad_time_zone_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--tz", "Mars/Olympus", "kubectl"]) == 2
    assert "IANA" in capsys.readouterr().err


def test_every_command_has_help() -> None:
    from bot.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    commands = sorted(subparsers.choices)  # every command there is, not a list kept by hand
    assert {"ask", "triage", "report", "suggest-aliases", "run", "serve"} <= set(commands)
    for command in commands:
        result = run(command, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout, command


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "network policy"],
        ["ask", "--json", "--lang", "zh", "--knowledge", "kb", "网络策略"],
        ["ask", "--brief", "--tz", "Europe/Berlin", "who owns kubectl?"],
        ["ask", "--json"],
    ],
)
def test_sigbot_ask_gets_its_own_parser_which_reads_it_as_the_whole_one(argv: list[str]) -> None:
    """`sigbot ask` builds the ask command's parser alone (a faster start-up): the same
    arguments, the same help, the same usage errors as with every command registered."""
    from bot.cli import build_parser, parser_for

    whole, alone = build_parser(), parser_for(argv)
    assert vars(alone.parse_args(argv)) == vars(whole.parse_args(argv))

    def ask_help(parser: argparse.ArgumentParser) -> str:
        subparsers = next(a for a in parser._actions if a.dest == "command")
        return str(subparsers.choices["ask"].format_help())

    assert ask_help(alone) == ask_help(whole)


def test_every_other_command_line_gets_every_command() -> None:
    from bot.cli import parser_for

    for argv in (["list"], ["--help"], [], ["--version", "ask"]):
        subparsers = next(a for a in parser_for(argv)._actions if a.dest == "command")
        assert {"ask", "list", "serve", "triage"} <= set(subparsers.choices), argv


def test_a_usage_error_of_ask_reads_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--lang", "fr", "kubectl"]) == 2
    assert capsys.readouterr().err.strip() == (
        "sigbot: argument --lang: invalid choice: 'fr' (choose from 'en', 'zh') "
        "(see `sigbot ask --help`)"
    )


def test_knowledge_directory_can_be_overridden_by_environment(
    tiny_knowledge, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SIGBOT_KNOWLEDGE", str(tiny_knowledge))
    assert main(["list", "--json"]) == 0
    assert len([r for r in json.loads(capsys.readouterr().out) if not r["retired"]]) == 2


def test_validate_takes_knowledge_like_every_other_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.conftest import KNOWLEDGE

    assert main(["validate", "--knowledge", str(KNOWLEDGE)]) == 0
    assert any(line.startswith("ok:") for line in capsys.readouterr().out.splitlines())


def test_an_empty_time_zone_is_a_usage_error_not_ignored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--tz", "", "kubectl"]) == 2
    assert "IANA" in capsys.readouterr().err


def test_an_oversized_question_is_refused_with_a_failing_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "x" * 100_000]) == 2
    assert "too long" in capsys.readouterr().out


def test_show_json_names_groups_as_ask_json_does(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "node", "--json", *MINI]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["name"] == "SIG Node" and record["short_name"] == "Node"


def test_importing_refuses_to_write_into_an_installed_package(
    tmp_path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    import shutil

    from tests.conftest import FIXTURES, KNOWLEDGE

    installed = tmp_path / "site-packages" / "bot" / "_knowledge"
    shutil.copytree(KNOWLEDGE, installed)
    sigs = FIXTURES / "kubernetes-community" / "sigs.yaml"
    monkeypatch.setenv("SIGBOT_KNOWLEDGE", str(installed))  # as a wheel install resolves it
    code = main(["import-upstream", str(sigs)])
    assert code == 2 and "inside the installed package" in capsys.readouterr().err


def test_a_truncated_upstream_file_is_named_as_the_cause(
    tmp_path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    import shutil

    from tests.conftest import KNOWLEDGE

    directory = tmp_path / "k"
    shutil.copytree(KNOWLEDGE, directory)
    upstream = directory / "upstream.yaml"
    text = upstream.read_text(encoding="utf-8")
    upstream.write_text(text[: len(text) // 2].rsplit("\n  - dir:", 1)[0] + "\n", "utf-8")
    assert main(["validate", str(directory)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert "upstream.yaml looks incomplete or truncated" in first


def test_ask_json_carries_the_same_card_the_renderers_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bot.knowledge.loader import load_knowledge

    assert main(["ask", "--json", "when does cluster api meet?", *MINI]) == 0
    data = json.loads(capsys.readouterr().out)
    [card] = data["cards"]
    group = load_knowledge(MINI_KNOWLEDGE).group("sig-cluster-lifecycle")
    assert group is not None
    assert card["id"] == group.id and card["name"] == group.display_name
    assert card["channel_url"].endswith(f"/messages/{group.slack}")
    assert card["meetings"][0]["name"] == "Cluster API office hours"  # the subproject's first
    assert {"chairs", "label", "prow_command", "subprojects"} <= card.keys()


@pytest.mark.parametrize(
    "question",
    [
        "network policy",
        "when does cluster api meet?",
        "网络策略",
        "release notes",
        "node and network",
        "thanks!",
        # long: its JSON, made to tell whether it is echoed whole, is put in the line as it is
        'network policy "egress" \\ \x01 ' * 60,
        "网络策略 " * 2_000,  # longer than is echoed: its beginning and "…"
    ],
)
def test_a_batch_line_is_the_json_document_as_json_dumps_writes_it(question: str) -> None:
    """Batch mode splices each card's kept JSON text into the line; it must be the very text
    json.dumps writes for the whole document, the second time (cards from the cache) too."""
    from datetime import datetime, timezone

    from bot.answers import ask
    from bot.knowledge.loader import load_knowledge
    from bot.matching import build_index
    from bot.render.json_out import CardCache, answer_document, answer_line

    kb = load_knowledge(MINI_KNOWLEDGE)
    index = build_index(kb)
    now = datetime(2026, 8, 21, 12, 0, 30, tzinfo=timezone.utc)
    answer = ask(question, kb, index)
    expected = json.dumps(answer_document(answer, kb, now), ensure_ascii=False)
    cards = CardCache()
    assert answer_line(answer, kb, now, cards) == expected
    assert answer_line(answer, kb, now, cards) == expected


def test_the_terminal_suggests_sigbots_commands_not_slacks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """In a terminal there is no /sig: the hints name the commands that work there."""
    main(["ask", "zzzz qqqq", *MINI])
    out = capsys.readouterr().out
    assert "sigbot list" in out and "/sig" not in out
    main(["ask", "help", *MINI])
    assert "/sig" not in capsys.readouterr().out


def test_meetings_are_shown_in_the_zone_the_terminal_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "TZ=Asia/Tokyo sigbot ask ...": the reader's own zone without --tz; a TZ that is no IANA
    name (POSIX rules) is ignored rather than refused."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert main(["ask", "sig node meetings"]) == 0
    assert "Asia/Tokyo (your time)" in capsys.readouterr().out
    monkeypatch.setenv("TZ", "EST5EDT,M3.2.0,M11.1.0")
    assert main(["ask", "sig node meetings"]) == 0
    assert "(your time)" not in capsys.readouterr().out
