"""`sigbot import-upstream`, `import-keps`, `import-charters`: regenerate the generated parts of
knowledge/ from upstream snapshots. The curated files are never touched.

The three share their options, where they may write, and how a snapshot's commit and date are
found, so they live together."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands.common import (
    add_import_options,
    add_knowledge_option,
    output_dir,
)
from bot.errors import EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = sub.add_parser(
        "import-upstream", help="regenerate knowledge/upstream.yaml from sigs.yaml"
    )
    add_import_options(imp, "path to upstream kubernetes/community sigs.yaml", "the file")
    imp.set_defaults(func=import_upstream)

    keps = sub.add_parser(
        "import-keps", help="regenerate knowledge/features.yaml from kubernetes/enhancements KEPs"
    )
    add_import_options(
        keps, "kubernetes/enhancements: a checkout (or its keps/ folder), a .tar.gz, or its URL"
    )
    add_knowledge_option(keps)
    keps.set_defaults(func=import_kep_files)

    cha = sub.add_parser(
        "import-charters", help="regenerate knowledge/scope.yaml from the groups' charters"
    )
    add_import_options(cha, "folder of charters (<group id>.md), e.g. community/charters")
    add_knowledge_option(cha)
    cha.set_defaults(func=import_charter_files)


def import_upstream(args: argparse.Namespace) -> int:
    from bot.commands.generate import report, write_upstream  # YAML loads only now

    report(*write_upstream(Path(args.path), output_dir(args.out, None), args.commit, args.date))
    return EXIT_OK


def import_kep_files(args: argparse.Namespace) -> int:
    from bot.commands.generate import report, write_features

    out_dir = output_dir(args.out, args.knowledge)
    report(*write_features(args.path, out_dir, args.commit, args.date))
    return EXIT_OK


def import_charter_files(args: argparse.Namespace) -> int:
    from bot.commands.generate import report, write_scope

    out_dir = output_dir(args.out, args.knowledge)
    report(*write_scope(Path(args.path), out_dir, args.commit, args.date))
    return EXIT_OK
