"""What one listening feature's pages show of another's content: a department's survey results and
roadmap items, and the "You said, we did" actions that cite a survey round. Each part renders when its
page is placed."""

from __future__ import annotations

from collections.abc import Sequence

import jinja2

from ..actions.actions import Action, actions_citing
from ..actions.pages import department_src
from ..core.pages import Part
from ..departments.departments import Department
from ..departments.pages import DepartmentSection
from ..roadmap.roadmap import Roadmap, items_for_department
from ..surveys.pages import survey_src
from ..surveys.surveys import Survey, department_results

SURVEY_SECTION = "What they told us"
ROADMAP_SECTION = "On the roadmap"


def _macro(env: jinja2.Environment, template: str, name: str) -> jinja2.runtime.Macro:
    return getattr(env.get_template(template).module, name)  # type: ignore[no-any-return]


def department_survey_sections(departments: Sequence[Department], surveys: Sequence[Survey],
                               env: jinja2.Environment) -> dict[str, DepartmentSection]:
    """For each department, the newest survey round that shows its answers (surveys are newest first); when
    no round does (too few of its people answered, so their results are never shown), the section says so.
    Without any survey round, no department has the section."""
    sections: dict[str, DepartmentSection] = {}
    for department in departments:
        found = next((r for s in surveys if (r := department_results(s, department.id)) is not None), None)
        if found is not None:
            sections[department.id] = DepartmentSection(SURVEY_SECTION, _part(
                env, "_survey.html", "department_result", found, department_src(department.id)))
        elif surveys:
            sections[department.id] = DepartmentSection(SURVEY_SECTION, _part(
                env, "_survey.html", "department_hidden", department_src(department.id)))
    return sections


def department_roadmap_sections(departments: Sequence[Department], roadmap: Roadmap,
                                env: jinja2.Environment) -> dict[str, DepartmentSection]:
    """For each department that roadmap items name, those items (open ones first)."""
    sections: dict[str, DepartmentSection] = {}
    for department in departments:
        if items := items_for_department(roadmap, department.id):
            sections[department.id] = DepartmentSection(ROADMAP_SECTION, _part(
                env, "_roadmap.html", "department_items", items, department_src(department.id), department.id))
    return sections


def survey_actions(surveys: Sequence[Survey], actions: Sequence[Action], env: jinja2.Environment) -> dict[str, Part]:
    """For each survey round that actions cite, those actions, as its page lists them."""
    return {survey.id: _part(env, "_actions.html", "action_list", cited, survey_src(survey), 3)
            for survey in surveys if (cited := actions_citing(actions, survey.id))}


def _part(env: jinja2.Environment, template: str, macro: str, *arguments: object) -> Part:
    return lambda: str(_macro(env, template, macro)(*arguments))
