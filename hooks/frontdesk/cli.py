"""The `frontdesk` command: check content without building.

    frontdesk check              # validate settings and every content file
    frontdesk check --project DIR
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from .problems import ContentError, Problem
from .site import Site, read_site


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving MkDocs' own tags (!ENV, !!python/name) as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_ConfigLoader.add_multi_constructor("!", _any_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return int(args.run(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontdesk",
        description="Frontdesk: the IT team's service catalogue, stats and newsletter.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  frontdesk check\n  frontdesk check --project path/to/site",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    check = commands.add_parser("check", help="validate settings and all content without building",
                                description="Validate settings and all content without building. "
                                "Prints every problem as path:line: field: problem (found: value).")
    check.add_argument("--project", type=Path, default=Path("."),
                       help="folder holding mkdocs.yml (default: the current folder)")
    check.set_defaults(run=run_check, command="check")
    return parser


def load_project(project: Path) -> Site:
    """Read and check a project's settings and content, as a build would."""
    config_file = project / "mkdocs.yml"
    try:
        text = config_file.read_text(encoding="utf-8-sig")
        config = yaml.load(text, Loader=_ConfigLoader) or {}
    except OSError as error:
        raise ContentError([Problem(str(config_file), 1, "file", "cannot be read",
                                    error.strerror or str(error))]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ContentError([Problem("mkdocs.yml", line, "YAML", f"is not valid YAML: {error}")]) from None
    extra = config.get("extra") if isinstance(config, dict) else None
    raw = extra.get("frontdesk") if isinstance(extra, dict) else None
    return read_site(project, raw)


def run_check(args: argparse.Namespace) -> int:
    """`frontdesk check`: print problems or a summary; non-zero exit on problems."""
    try:
        site = load_project(args.project)
    except ContentError as error:
        print(str(error), file=sys.stderr)
        return 1
    services = len(site.catalogue.services)
    print(f"frontdesk check: no problems found ({services} service{'s' if services != 1 else ''}).")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
