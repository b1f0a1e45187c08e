"""A project as the commands see it: mkdocs.yml read as plain data, and its settings and content."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from ..core.problems import ContentError, Problem, shown
from ..core.settings import Settings, read_settings, settings_document
from ..core.source import read_text, yaml_problem
from ..site.site import Site, read_site

CONFIG_FILE = "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, leaving MkDocs' own tags (!ENV, !!python/name) as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str,
             node: yaml.ScalarNode | yaml.SequenceNode | yaml.MappingNode) -> Any:  # every kind of node
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' !ENV: the first environment variable set, else the last item as default."""
    if isinstance(node, yaml.MappingNode):
        raise yaml.constructor.ConstructorError(None, None, "!ENV takes a variable name or a list of them",
                                                node.start_mark)
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else [
        loader.construct_object(item) for item in node.value]
    for name in names[:-1] if len(names) > 1 else names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("!", _any_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def project_config(project: Path) -> dict[str, Any]:
    """mkdocs.yml as plain data (MkDocs' own tags kept as text); raises ContentError naming the file."""
    text = _config_text(project / CONFIG_FILE)
    try:
        config = yaml.load(text, Loader=_ConfigLoader)
    except yaml.YAMLError as error:
        raise ContentError([yaml_problem(error, text, CONFIG_FILE, 1)]) from None
    except (ValueError, RecursionError):  # a number of thousands of digits, or lists in lists beyond Python's reach
        raise ContentError([Problem(CONFIG_FILE, 1, "YAML", "cannot be read: a value is too long or nested "
                                    "too deeply")]) from None
    if config is None:
        raise ContentError([Problem(CONFIG_FILE, 1, "YAML", "is empty: it needs site_name and the Frontdesk "
                                    "settings under extra.frontdesk")])
    if not isinstance(config, dict):
        raise ContentError([Problem(CONFIG_FILE, 1, "YAML", "must be a mapping of setting names to values "
                                    "(site_name: ..., extra: ...)", shown(config))])
    return config


def _config_text(file: Path) -> str:
    """The text of mkdocs.yml; raises ContentError if it is missing, not a file, or not UTF-8 text."""
    if not file.exists():
        raise ContentError([Problem(CONFIG_FILE, 1, "file", "is missing: run frontdesk in the folder that holds "
                                    "mkdocs.yml, or name that folder with --project", str(file.parent.absolute()))])
    if not file.is_file():  # a folder, or a pipe that would never end
        raise ContentError([Problem(CONFIG_FILE, 1, "file", "must be a file",
                                    "a folder" if file.is_dir() else "not a regular file")])
    text, problems = read_text(file, CONFIG_FILE)
    if text is None:
        raise ContentError(problems)
    return text


def frontdesk_settings(config: dict[str, Any]) -> object:
    """The raw `extra.frontdesk` block of mkdocs.yml, if there is one."""
    extra = config.get("extra")
    return extra.get("frontdesk") if isinstance(extra, dict) else None


def add_project_option(parser: argparse.ArgumentParser) -> None:
    """Every command's --project: the folder holding mkdocs.yml."""
    parser.add_argument("--project", type=Path, default=Path("."),
                        help="folder holding mkdocs.yml (default: the current folder)")


def command_group(commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help: str,
                  description: str, epilog: str) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """A command that holds actions (`frontdesk stats import`): its actions, to add to. Given no action,
    it shows its help and exits 2."""
    group = commands.add_parser(name, help=help, description=description, epilog=epilog,
                                formatter_class=argparse.RawDescriptionHelpFormatter)

    def show_help(_: argparse.Namespace) -> int:
        group.print_help()
        return 2

    group.set_defaults(run=show_help, command=name)
    return group.add_subparsers(title="actions", metavar="ACTION")


def add_import_options(importer: argparse.ArgumentParser, wait: float, wait_help: str) -> None:
    """An import's --dry-run, --wait (for another import into the project to finish) and --project."""
    importer.add_argument("--dry-run", action="store_true", help="show the changes as a diff; write nothing")
    importer.add_argument("--wait", type=_seconds, default=wait, metavar="SECONDS",
                          help=f"{wait_help} (default: {wait:g})")
    add_project_option(importer)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise argparse.ArgumentTypeError(f"must be a number of seconds from 0 to 3600 (found: {text!r})")
    return seconds


def load_project(project: Path) -> Site:
    """Read and check a project's settings and content, as a build would; raises ContentError."""
    return read_site(project, frontdesk_settings(project_config(project)), CONFIG_FILE)


def load_settings(project: Path) -> Settings | None:
    """The project's validated settings, or None after printing what is wrong."""
    try:
        raw = frontdesk_settings(project_config(project))
        return read_settings(raw, settings_document(str(project / CONFIG_FILE), CONFIG_FILE))
    except ContentError as error:
        print(str(error), file=sys.stderr)
        return None
