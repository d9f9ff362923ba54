"""The `sigbot` command: the imperative shell around the core for terminals and scripts.

Exit codes: 0 fine, 1 problems found (validation) or no such group, 2 usage errors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.answers import Answer, ask
from bot.knowledge.charters import SCOPE_FILE, import_charters
from bot.knowledge.charters import header as charter_header
from bot.knowledge.keps import FEATURES_FILE, import_keps
from bot.knowledge.keps import header as kep_header
from bot.knowledge.loader import check_knowledge, default_knowledge_dir, parse_yaml, read_yaml
from bot.knowledge.upstream import GENERATED_FILE, UpstreamError, header, import_sigs
from bot.knowledge.validation import format_problems
from bot.matching import build_index
from bot.model import Group, KnowledgeBase
from bot.render.terminal.text import render_text
from bot.schedule import is_iana_zone

if TYPE_CHECKING:
    from bot.app import Service

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _add_knowledge_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--knowledge",
        metavar="DIR",
        help="knowledge directory (default: $SIGBOT_KNOWLEDGE, else the bundled knowledge/)",
    )


def _add_import_options(p: argparse.ArgumentParser, source: str, what: str = "the files") -> None:
    """What every importer takes: where to read, where to write, and the upstream commit."""
    p.add_argument("path", help=source)
    p.add_argument("--out", metavar="DIR", help="knowledge directory to write into")
    p.add_argument(
        "--commit", help=f"upstream commit {what} come{'s' if what == 'the file' else ''} from"
    )
    p.add_argument("--date", help="date of that commit (YYYY-MM-DD)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sigbot",
        description="Find the Kubernetes group that owns a topic, and how to join it.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    ask = sub.add_parser("ask", help="answer a question, as the Slack app would")
    ask.add_argument("query", nargs="?", help="the question; omit with --json to read stdin lines")
    fmt = ask.add_mutually_exclusive_group()
    fmt.add_argument(
        "--json", action="store_true", help="machine-readable result (docs/CONTRACTS.md)"
    )
    fmt.add_argument("--blocks", action="store_true", help="the Block Kit JSON of the answer")
    fmt.add_argument(
        "--brief", action="store_true", help="only what Slack shows first (the compact card)"
    )
    ask.add_argument("--lang", choices=("en", "zh"), help="answer language (default: the query's)")
    ask.add_argument("--tz", metavar="ZONE", help="also show meetings in this IANA time zone")
    _add_knowledge_option(ask)

    val = sub.add_parser("validate", help="check the knowledge base and report every problem")
    val.add_argument("directory", nargs="?", help="knowledge directory to check")
    val.add_argument("--strict", action="store_true", help="treat warnings as problems")
    _add_knowledge_option(val)

    lst = sub.add_parser("list", help="list every group")
    lst.add_argument("--json", action="store_true")
    _add_knowledge_option(lst)

    show = sub.add_parser("show", help="one group's full record")
    show.add_argument("group", help="an id (sig-node), a name (SIG Node) or a short name (node)")
    show.add_argument("--json", action="store_true")
    _add_knowledge_option(show)

    run = sub.add_parser("run", help="connect to Slack in Socket Mode (no public URL needed)")
    _add_knowledge_option(run)
    srv = sub.add_parser("serve", help="serve Slack over HTTP: POST /slack/events, GET /healthz")
    srv.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    srv.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    srv.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")
    _add_knowledge_option(srv)

    dif = sub.add_parser(
        "diff-upstream", help="what changed upstream since the committed knowledge"
    )
    dif.add_argument("source", metavar="PATH_OR_URL", help="upstream sigs.yaml: a file or a URL")
    dif.add_argument("--exit-code", action="store_true", help="exit 1 when there are changes")
    _add_knowledge_option(dif)

    rep = sub.add_parser(
        "report",
        help="what readers asked and said: unanswered questions, feedback, corrections",
        description="Read the state store (--state) or a request log (LOGFILE).",
    )
    rep.add_argument(
        "logfile", nargs="?", help="log file with sigbot's JSON request lines ('-' for stdin)"
    )
    rep.add_argument("--state", metavar="URL", help="a state store: sqlite:///PATH or redis://…")
    rep.add_argument("--json", action="store_true", help="one JSON object (with --state)")
    rep.add_argument("--top", type=int, default=30, help="how many questions to show")

    tri = sub.add_parser(
        "triage",
        help="suggest the owning group for GitHub issues and pull requests",
        description=(
            "Reads the JSON array `gh issue list --json number,title,body,labels,url` prints "
            "(or gh pr list). Issues already labelled sig/, wg/ or committee/ are skipped."
        ),
    )
    tri.add_argument("file", metavar="FILE", help="the JSON file, or - for stdin")
    tri.add_argument("--all", action="store_true", help="keep labelled issues; say if we agree")
    how = tri.add_mutually_exclusive_group()
    how.add_argument("--json", action="store_true", help="one JSON object per line, per issue")
    how.add_argument("--comment", action="store_true", help="Markdown comments to paste")
    _add_knowledge_option(tri)

    sug = sub.add_parser(
        "suggest-aliases",
        help="propose topics.yaml additions from readers' corrections (prints, never writes)",
    )
    sug.add_argument("--state", metavar="URL", required=True, help="the bot's SIGBOT_STATE_URL")
    sug.add_argument(
        "--min-people", type=int, default=1, help="propose only what this many people back"
    )
    _add_knowledge_option(sug)

    imp = sub.add_parser(
        "import-upstream", help="regenerate knowledge/upstream.yaml from sigs.yaml"
    )
    _add_import_options(imp, "path to upstream kubernetes/community sigs.yaml", "the file")

    keps = sub.add_parser(
        "import-keps", help="regenerate knowledge/features.yaml from kubernetes/enhancements KEPs"
    )
    _add_import_options(keps, "kubernetes/enhancements checkout (or its keps/ folder)")
    _add_knowledge_option(keps)

    cha = sub.add_parser(
        "import-charters", help="regenerate knowledge/scope.yaml from the groups' charters"
    )
    _add_import_options(cha, "folder of charters (<group id>.md), e.g. community/charters")
    _add_knowledge_option(cha)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    handler = {
        "ask": cmd_ask,
        "validate": cmd_validate,
        "list": cmd_list,
        "show": cmd_show,
        "import-upstream": cmd_import,
        "import-keps": cmd_import_keps,
        "import-charters": cmd_import_charters,
        "run": cmd_run,
        "diff-upstream": cmd_diff_upstream,
        "report": cmd_report,
        "suggest-aliases": cmd_suggest_aliases,
        "triage": cmd_triage,
        "serve": cmd_serve,
    }[args.command]
    try:
        return handler(args)
    except BrokenPipeError:  # `sigbot list | head`
        return EXIT_OK


def _load(args: argparse.Namespace) -> KnowledgeBase | None:
    directory = default_knowledge_dir(getattr(args, "knowledge", None))
    kb, problems = check_knowledge(directory)
    if kb is None:
        errors = [p for p in problems if p.severity == "error"]
        print(f"sigbot: the knowledge in {directory} has problems:", file=sys.stderr)
        print(format_problems(errors), file=sys.stderr)
        print("Run `sigbot validate` for the full report.", file=sys.stderr)
    return kb


def cmd_ask(args: argparse.Namespace) -> int:
    if args.tz is not None and not is_iana_zone(args.tz):
        print(
            f"sigbot: --tz {args.tz!r} is not an IANA time zone (e.g. Europe/Berlin)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.query is None and not args.json:
        print("sigbot: ask needs a QUERY (or --json to read queries from stdin)", file=sys.stderr)
        return EXIT_USAGE
    kb = _load(args)
    if kb is None:
        return EXIT_PROBLEMS
    index = build_index(kb)
    if args.query is None:  # batch mode: one query per line in, one JSON object per line out
        for line in sys.stdin:
            answer = ask(line.rstrip("\n"), kb, index, args.lang)
            sys.stdout.write(json.dumps(answer_json(answer, kb), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        return EXIT_OK
    answer = ask(args.query, kb, index, args.lang)
    status = EXIT_USAGE if answer.reason == "oversized" else EXIT_OK  # a refusal, for scripts
    if args.json:
        print(json.dumps(answer_json(answer, kb), ensure_ascii=False))
    elif args.brief:
        from bot.render.terminal.text import render_brief

        print(render_brief(answer, kb, now=_now(), reader_tz=args.tz))
    elif args.blocks:
        from bot.render.slack.blocks import render_blocks

        payload = {"blocks": render_blocks(answer, kb, now=_now(), reader_tz=args.tz)}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(render_text(answer, kb, now=_now(), reader_tz=args.tz))
    return status


def answer_json(answer: Answer, kb: KnowledgeBase) -> dict[str, object]:
    """The contract's answer JSON, plus `cards`: the same group view the renderers format."""
    from bot.render.cards import card_json, group_card
    from bot.render.json_out import answer_json as contract_json

    out = contract_json(answer)
    if answer.groups:
        out["cards"] = [
            card_json(group_card(g, answer.lang, kb, _now(), subproject=answer.subproject))
            for g in answer.groups
        ]
    return out


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _start_slack(args: argparse.Namespace, mode: str) -> Service | None:
    """Settings, knowledge, state store, app: each failure stops start-up with a clear message
    naming what to fix (never a secret)."""
    from bot.app import StartupError, start_service
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings(mode)
    except SettingsError as e:
        print(f"sigbot: {e}", file=sys.stderr)
        return None
    if not getattr(args, "knowledge", None) and settings.knowledge_dir:
        args.knowledge = settings.knowledge_dir
    kb = _load(args)
    if kb is None:
        print("sigbot: not starting with broken knowledge.", file=sys.stderr)
        return None
    try:
        return start_service(settings, kb, default_knowledge_dir(args.knowledge))
    except StartupError as e:
        print(f"sigbot: {e}", file=sys.stderr)
        return None


def cmd_run(args: argparse.Namespace) -> int:
    service = _start_slack(args, "socket")
    if service is None:
        return EXIT_PROBLEMS
    from bot.socket_mode import run_socket_mode

    run_socket_mode(service)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    service = _start_slack(args, "http")
    if service is None:
        return EXIT_PROBLEMS
    from bot.server import serve

    serve(service, args.host, args.port, args.threads)
    return EXIT_OK


def cmd_diff_upstream(args: argparse.Namespace) -> int:
    from bot.knowledge.refresh import fetch, parse_upstream
    from bot.knowledge.upstream_diff import diff_docs

    directory = default_knowledge_dir(args.knowledge)
    committed, problems = read_yaml(directory / GENERATED_FILE)
    if problems or not isinstance(committed, dict):
        print(
            f"sigbot: cannot read {directory / GENERATED_FILE}: {format_problems(problems)}",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    source = args.source
    try:
        raw = fetch(source) if "://" in source else Path(source).read_bytes()
        fresh = parse_upstream(raw, source={"file": source})
    except (OSError, ValueError) as e:
        print(f"sigbot: cannot read upstream {source}: {e}", file=sys.stderr)
        return EXIT_PROBLEMS
    lines = diff_docs(committed, fresh)
    if not lines:
        print("no changes upstream since the committed knowledge")
        return EXIT_OK
    print("\n".join(lines))
    print(
        f"\n{sum(1 for line in lines if not line.startswith('  '))} group(s) changed. "
        "To take them: sigbot import-upstream PATH, review, sigbot validate."
    )
    return EXIT_PROBLEMS if args.exit_code else EXIT_OK


def _open_state(url: str) -> Any:
    """A store to read from; a SQLite path that does not exist is a mistake, not a new file."""
    from urllib.parse import urlsplit

    from bot.state import StateUrlError, open_backend

    parts = urlsplit(url)
    if parts.scheme == "sqlite" and parts.path and not Path(parts.path).exists():
        print(f"sigbot: no state database at {parts.path}", file=sys.stderr)
        return None
    try:
        return open_backend(url)
    except StateUrlError as e:
        print(f"sigbot: {str(e).replace('SIGBOT_STATE_URL', '--state')}", file=sys.stderr)
        return None


def cmd_report(args: argparse.Namespace) -> int:
    import time

    from bot.knowledge.feedback_report import build_report, format_report
    from bot.knowledge.report import summarise_log

    if args.state:
        store = _open_state(args.state)
        if store is None:
            return EXIT_USAGE
        try:
            report = build_report(store.questions(), store.feedback(), time.time())
        finally:
            store.close()
        if args.json:
            print(json.dumps(report.to_json(args.top), ensure_ascii=False, indent=2))
        else:
            print(format_report(report, args.top))
        return EXIT_OK
    if not args.logfile:
        print("sigbot: report needs --state URL or a LOGFILE", file=sys.stderr)
        return EXIT_USAGE

    if args.logfile == "-":
        print(summarise_log(sys.stdin, top=args.top))
        return EXIT_OK
    try:
        with open(args.logfile, encoding="utf-8", errors="replace") as handle:
            print(summarise_log(handle, top=args.top))
    except OSError as e:
        print(f"sigbot: cannot open {args.logfile}: {e}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


MAX_TRIAGE_INPUT_BYTES = 256 * 1024 * 1024  # 5,000 issues with long bodies fit many times over


def cmd_triage(args: argparse.Namespace) -> int:
    from bot.render.terminal.triage_out import triage_comments, triage_json_lines, triage_table
    from bot.triage import TriageInputError, read_issues, triage_all

    try:
        if args.file == "-":
            raw = sys.stdin.buffer.read(MAX_TRIAGE_INPUT_BYTES + 1)
        else:
            with open(args.file, "rb") as handle:
                raw = handle.read(MAX_TRIAGE_INPUT_BYTES + 1)
    except OSError as e:
        print(f"sigbot: cannot read {args.file}: {e.strerror}", file=sys.stderr)
        return EXIT_USAGE
    if len(raw) > MAX_TRIAGE_INPUT_BYTES:
        print("sigbot: triage input is larger than 256 MB; split it", file=sys.stderr)
        return EXIT_USAGE
    try:
        issues = read_issues(json.loads(raw.decode("utf-8")))
    except (ValueError, TriageInputError) as e:
        print(
            f"sigbot: {args.file} is not what `gh issue list --json "
            f"number,title,body,labels,url` prints: {e}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    kb = _load(args)
    if kb is None:
        return EXIT_PROBLEMS
    results = triage_all(issues, kb, build_index(kb), keep_labelled=args.all)
    if args.json:
        sys.stdout.write(triage_json_lines(results))
    elif args.comment:
        sys.stdout.write(triage_comments(results))
    else:
        print(triage_table(results))
    return EXIT_OK


def cmd_suggest_aliases(args: argparse.Namespace) -> int:
    from bot.knowledge.feedback_report import format_patch, propose_aliases

    kb = _load(args)  # its word lists read the questions as the bot read them
    if kb is None:
        return EXIT_PROBLEMS
    store = _open_state(args.state)
    if store is None:
        return EXIT_USAGE
    try:
        proposals, without_text = propose_aliases(
            store.questions(), store.feedback(), args.min_people, kb.vocabulary
        )
    finally:
        store.close()
    sys.stdout.write(format_patch(proposals, without_text))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    if args.directory and args.knowledge and args.directory != args.knowledge:
        print("sigbot: give the directory once (DIRECTORY or --knowledge)", file=sys.stderr)
        return EXIT_USAGE
    directory = default_knowledge_dir(args.directory or args.knowledge)
    kb, problems = check_knowledge(directory)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if problems:
        print(format_problems(errors + warnings))
    if kb is None or errors or (args.strict and warnings):
        print(f"{len(errors)} error(s), {len(warnings)} warning(s) in {directory}")
        return EXIT_PROBLEMS
    counts = {k: sum(1 for g in kb.groups if g.kind == k) for k in ("sig", "wg", "committee")}
    print(
        f"ok: {counts['sig']} SIGs, {counts['wg']} working groups, "
        f"{counts['committee']} committees, "
        f"{sum(len(g.subprojects) for g in kb.groups)} subprojects, "
        f"{len(kb.topics)} topic aliases, {len(kb.retired)} retired or misnamed groups"
        + (f"; {len(warnings)} warning(s)" if warnings else "")
    )
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    kb = _load(args)
    if kb is None:
        return EXIT_PROBLEMS
    rows: list[dict[str, Any]] = [
        {
            "id": g.id,
            "kind": g.kind,
            "name": g.display_name,
            "category": g.category,
            "channel": f"#{g.slack}" if g.slack else "",
            "retired": False,
        }
        for g in kb.groups
    ]
    rows += [
        {
            "id": r.id,
            "kind": r.kind,
            "name": r.display_name,
            "category": "",
            "channel": "",
            "retired": True,
        }
        for r in kb.retired
        if not r.misnomer
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    from bot.render.terminal.text import group_table

    print(group_table(rows))
    return EXIT_OK


def find_group(kb: KnowledgeBase, text: str) -> Group | None:
    """'sig-node', 'SIG Node', 'node', '#sig-node', 'sig/node' -> the group."""
    key = re.sub(r"[\s_/]+", "-", text.strip().lstrip("#").lower())
    for g in kb.groups:
        names = {
            g.id,
            g.name.lower().replace(" ", "-"),
            g.display_name.lower().replace(" ", "-"),
            g.slack.lower(),
            g.label.lower(),
            f"{g.label_prefix}-{g.label}",
        }
        if key in names:
            return g
    return None


def cmd_show(args: argparse.Namespace) -> int:
    kb = _load(args)
    if kb is None:
        return EXIT_PROBLEMS
    group = find_group(kb, args.group)
    if group is None:
        known = ", ".join(g.id for g in kb.groups)
        print(f"sigbot: no group called {args.group!r}. Known groups: {known}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.json:
        record = asdict(group)
        # "name" means the same as in `ask --json` and `list --json`: the display name.
        record = {
            "id": group.id,
            "name": group.display_name,
            "short_name": group.name,
            **{k: v for k, v in record.items() if k not in ("id", "name")},
        }
        print(json.dumps(record, ensure_ascii=False, indent=2, default=str))
        return EXIT_OK
    from bot.render.terminal.text import render_group_record

    print(render_group_record(group))
    return EXIT_OK


def source_of(path: Path, commit: str | None, date: str | None) -> dict[str, str]:
    """Where the upstream file came from: the flags, else the snapshot README beside it."""
    data = path.read_bytes()
    source = {"file": "kubernetes/community sigs.yaml", "sha256": hashlib.sha256(data).hexdigest()}
    readme = path.parent / "README.md"
    if readme.is_file() and not (commit and date):
        text = readme.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"commit\s+([0-9a-f]{40})", text)
        if m and not commit:
            commit = m.group(1)
        d = re.search(r"\((\d{4}-\d{2}-\d{2})\)", text)
        if d and not date:
            date = d.group(1)
    if commit:
        source["commit"] = commit
    if date:
        source["date"] = date
    return source


def _output_dir(out: str | None, knowledge: str | None) -> Path | None:
    """Where an importer writes. Never into an installed package: from a wheel, the default
    knowledge directory is inside site-packages, where edits vanish on the next upgrade."""
    if out:
        return Path(out)
    directory = default_knowledge_dir(knowledge)
    if directory.resolve().name == "_knowledge" and directory.resolve().parent.name == "bot":
        print(
            f"sigbot: the knowledge in use ({directory}) is inside the installed package; "
            "importing there would be lost on upgrade. Pass --out DIR (a checkout's knowledge/, "
            "or a directory you then point SIGBOT_KNOWLEDGE at).",
            file=sys.stderr,
        )
        return None
    return directory


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.is_file():
        print(f"sigbot: {path} is not a file", file=sys.stderr)
        return EXIT_USAGE
    try:
        upstream = parse_yaml(path.read_text(encoding="utf-8"), str(path))
        doc, notes = import_sigs(upstream, source_of(path, args.commit, args.date))
    except (yaml.YAMLError, UpstreamError, ValueError) as e:
        print(f"sigbot: cannot import {path}: {e}", file=sys.stderr)
        return EXIT_PROBLEMS
    out_dir = _output_dir(args.out, None)
    if out_dir is None:
        return EXIT_USAGE
    out_dir.mkdir(parents=True, exist_ok=True)
    text = header(doc["source"]) + dump_yaml(doc)
    (out_dir / GENERATED_FILE).write_text(text, encoding="utf-8")
    groups = doc["groups"]
    subprojects = [s for g in groups for s in g["subprojects"]]
    meetings = sum(len(g["meetings"]) for g in groups) + sum(
        len(s.get("meetings", [])) for s in subprojects
    )
    print(
        f"wrote {out_dir / GENERATED_FILE}: {len(groups)} groups, "
        f"{len(subprojects)} subprojects, {meetings} meetings"
    )
    for note in notes:
        print(f"  note: {note}")
    return EXIT_OK


def _snapshot_source(folder: Path, commit: str | None, date: str | None) -> dict[str, str]:
    """The commit and date from the flags, else from the snapshot README above the folder."""
    for readme in (folder / "README.md", folder.parent / "README.md"):
        if readme.is_file() and not (commit and date):
            text = readme.read_text(encoding="utf-8", errors="replace")
            m = re.search(r"commit\s+([0-9a-f]{40})", text)
            d = re.search(r"\((\d{4}-\d{2}-\d{2})\)", text)
            commit = commit or (m.group(1) if m else None)
            date = date or (d.group(1) if d else None)
    return {k: v for k, v in (("commit", commit), ("date", date)) if v}


def _active_group_ids(args: argparse.Namespace, out_dir: Path) -> set[str] | None:
    """Group ids from the upstream.yaml the imported data will sit beside."""
    data, problems = read_yaml(out_dir / GENERATED_FILE)
    if problems or not isinstance(data, dict):
        print(
            f"sigbot: cannot read {out_dir / GENERATED_FILE}; run sigbot import-upstream first",
            file=sys.stderr,
        )
        return None
    return {str(g.get("id")) for g in data.get("groups") or [] if isinstance(g, dict)}


def _write_generated(out_dir: Path, name: str, text: str) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / name).write_text(text, encoding="utf-8")


def _import_target(args: argparse.Namespace, folder: Path) -> tuple[Path, set[str]] | int:
    """For the KEP and charter importers: the folder to read exists, the output directory is
    writable (not an installed package), and its upstream.yaml says which groups exist.
    An int is the exit code to stop with."""
    if not folder.is_dir():
        print(f"sigbot: {args.path} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    out_dir = _output_dir(args.out, args.knowledge)
    if out_dir is None:
        return EXIT_USAGE
    known = _active_group_ids(args, out_dir)
    if known is None:
        return EXIT_PROBLEMS
    return out_dir, known


def cmd_import_keps(args: argparse.Namespace) -> int:
    root = Path(args.path)
    keps_dir = root / "keps" if (root / "keps").is_dir() else root
    target = _import_target(args, keps_dir)
    if isinstance(target, int):
        return target
    out_dir, known = target
    files: dict[str, tuple[str, str | None]] = {}
    for kep in sorted(keps_dir.rglob("kep.yaml")):
        summary = kep.parent / "summary.md"
        rel = kep.relative_to(keps_dir.parent).as_posix()
        files[rel] = (
            kep.read_text(encoding="utf-8", errors="replace"),
            summary.read_text(encoding="utf-8", errors="replace") if summary.is_file() else None,
        )
    if not files:
        print(f"sigbot: no kep.yaml files under {keps_dir}", file=sys.stderr)
        return EXIT_PROBLEMS
    source = {"file": "kubernetes/enhancements keps/**/kep.yaml"}
    source.update(_snapshot_source(keps_dir.parent, args.commit, args.date))
    doc, notes = import_keps(files, known, source)
    _write_generated(out_dir, FEATURES_FILE, kep_header(source) + dump_yaml(doc))
    gates = sum(len(f["feature_gates"]) for f in doc["features"])
    print(
        f"wrote {out_dir / FEATURES_FILE}: {len(doc['features'])} KEPs of {len(files)} files, "
        f"{gates} feature gates"
    )
    for note in notes:
        print(f"  note: {note}")
    return EXIT_OK


def cmd_import_charters(args: argparse.Namespace) -> int:
    folder = Path(args.path)
    target = _import_target(args, folder)
    if isinstance(target, int):
        return target
    out_dir, known = target
    files = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in folder.glob("*.md")}
    source = {"file": "kubernetes/community charters/*.md"}
    source.update(_snapshot_source(folder.parent, args.commit, args.date))
    doc, notes = import_charters(files, known, source)
    _write_generated(out_dir, SCOPE_FILE, charter_header(source) + dump_yaml(doc))
    print(f"wrote {out_dir / SCOPE_FILE}: scope terms for {len(doc['groups'])} groups")
    for note in notes:
        print(f"  note: {note}")
    return EXIT_OK


def dump_yaml(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


if __name__ == "__main__":
    sys.exit(main())
