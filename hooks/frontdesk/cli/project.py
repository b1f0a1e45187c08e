"""A project as the commands see it: mkdocs.yml read as plain data, and its settings and content."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import yaml

from ..core.problems import ContentError, Problem
from ..core.settings import Settings, read_settings, settings_document
from ..site.site import Site, read_site


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
    """mkdocs.yml as plain data (MkDocs' own tags kept as text); raises ContentError."""
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
    return config if isinstance(config, dict) else {}


def load_project(project: Path) -> Site:
    """Read and check a project's settings and content, as a build would."""
    extra = project_config(project).get("extra")
    raw = extra.get("frontdesk") if isinstance(extra, dict) else None
    return read_site(project, raw)


def load_settings(project: Path) -> Settings | None:
    """The project's validated settings, or None after printing what is wrong."""
    extra = project_config(project).get("extra")
    raw = extra.get("frontdesk") if isinstance(extra, dict) else None
    try:
        return read_settings(raw, settings_document(str(project / "mkdocs.yml"), "mkdocs.yml"))
    except ContentError as error:
        print(str(error), file=sys.stderr)
        return None
