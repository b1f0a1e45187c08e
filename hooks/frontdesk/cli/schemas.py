"""JSON Schemas for content files, made from the same declarations the validator uses.

Editors that understand JSON Schema (VS Code with the YAML extension, JetBrains IDEs,
anything using yaml-language-server) then complete fields and flag mistakes as you type.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from ..actions.actions import ACTION_FIELDS
from ..catalogue.services import SERVICE
from ..core.schema import FieldType, Record
from ..core.settings import Settings
from ..core.writing import write_atomically
from ..departments.departments import DEPARTMENT_FIELDS
from ..newsletter.authors import AUTHOR_FIELDS
from ..newsletter.newsletter import issue_fields
from ..resources.resources import resource_fields
from ..roadmap.roadmap import roadmap_fields
from ..stats.stats import stats_record
from ..status.incidents import incident_fields
from ..status.maintenance import maintenance_fields
from ..surveys.surveys import Rules, survey_fields
from .project import add_project_option, load_settings

SCHEMA_FOLDER = "schemas"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def add_schemas_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `frontdesk schemas` with the command line."""
    schemas = commands.add_parser(
        "schemas", help="write JSON Schemas for content files, for editors that check YAML as you type",
        description="Write service, issue, stats and authors JSON Schemas, made from the same definitions "
        "the validator uses, with this site's categories and audiences.")
    schemas.add_argument("--out", type=Path, default=Path(SCHEMA_FOLDER), help="folder (default: schemas)")
    add_project_option(schemas)
    schemas.set_defaults(run=run_schemas, command="schemas")


def run_schemas(args: argparse.Namespace) -> int:
    """`frontdesk schemas`: write the JSON Schemas of every content kind."""
    settings = load_settings(args.project)
    if settings is None:
        return 1
    out = args.out if args.out.is_absolute() else args.project / args.out
    out.mkdir(parents=True, exist_ok=True)
    for name, data in schema_files(settings, args.project).items():
        write_atomically(out / name, data)
        print(f"frontdesk schemas: wrote {out / name}")
    return 0


def json_schemas(settings: Settings, root: Path) -> dict[str, dict[str, Any]]:
    """Every content kind's schema, by file name, with the site's categories and audiences."""
    choices = {"categories": tuple(c.id for c in settings.categories),
               "audiences": tuple(a.id for a in settings.audiences)}
    kinds: dict[str, tuple[str, FieldType[object]]] = {
        "service": ("A service: front matter of content/services/<id>.md", SERVICE),
        "issue": ("A newsletter issue: front matter of newsletter/<YYYY-MM-DD>-<slug>.md",
                  Record(dict, issue_fields(root, settings.timezone))),
        "stats": ("Monthly stats of one service: content/stats/<service-id>.yml", stats_record(date.max)),
        "resource": ("A free resource: front matter of content/resources/<id>.md",
                     Record(dict, resource_fields(root))),
        "incident": ("An incident: front matter of content/incidents/<YYYY-MM-DD>-<slug>.md",
                     Record(dict, incident_fields(settings.timezone))),
        "maintenance": ("Planned maintenance: front matter of content/maintenance/<YYYY-MM-DD>-<slug>.md",
                        Record(dict, maintenance_fields(settings.timezone))),
        "survey": ("Survey results (aggregates only): content/surveys/<id>.yml",
                   Record(dict, survey_fields(Rules(set(), set(), settings.min_group_size, date.max)))),
        "roadmap": ("A roadmap item: front matter of content/roadmap/<id>.md", Record(dict, roadmap_fields())),
        "action": ("A \"You said, we did\" action: front matter of content/actions/<id>.md",
                   Record(dict, ACTION_FIELDS)),
        "department": ("A department: front matter of content/departments/<id>.md", Record(dict, DEPARTMENT_FIELDS)),
    }
    schemas = {f"{name}.schema.json": _document(title, record.json_schema(choices))
               for name, (title, record) in kinds.items()}
    author = Record(dict, AUTHOR_FIELDS).json_schema(choices)
    schemas["authors.schema.json"] = _document("Newsletter authors: content/authors.yml, author id → details",
                                               {"type": "object", "additionalProperties": author})
    return schemas


def _document(title: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": _DRAFT, "title": title, **schema}


def schema_files(settings: Settings, root: Path) -> dict[str, bytes]:
    """The schema files as written to schemas/, byte for byte."""
    return {name: (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
            for name, schema in json_schemas(settings, root).items()}
