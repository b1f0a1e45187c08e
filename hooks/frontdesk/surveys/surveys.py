"""Survey results: content/surveys/<id>.yml, aggregates of one survey round (never free text).

A file holds the round's title, the day it closed, how many people answered, how many wrote a
comment (a count: the comments stay in the export), responses per department, and per service
the count and mean of its satisfaction and importance scores (1 to 5), overall and per department.
`frontdesk surveys import` writes it (surveys/importing.py); an author may edit it by hand.

Privacy: a group of fewer than `min_group_size` people is never shown or derivable. Such a figure is
written `suppressed`, and so is at least one more wherever a total minus the shown figures would
reveal it (complementary suppression: see `hidden_groups_problem`). The reader refuses a file that
breaks either rule, so a hand-edited file cannot leak a small group either.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..core.names import Folder
from ..core.problems import Problem, shown
from ..core.references import content_files
from ..core.schema import (
    ID_MAX_LENGTH,
    ID_PATTERN,
    MAX_COUNT,
    Checker,
    Choice,
    Date,
    Field,
    FieldType,
    Number,
    Record,
    Text,
    id_problem,
    parse_value,
)
from ..core.source import Document, Refused, read_yaml

SURVEYS = "content/surveys"
# /surveys/ lists the rounds (surveys/index.md): no survey may take that name.
SURVEY_IDS = Folder("/surveys/<id>/", frozenset({"index"}))
SUPPRESSED = "suppressed"
SOURCES = ("forms", "generic", "manual")
SOURCE_TITLES = {"forms": "a Microsoft Forms export", "generic": "a CSV export", "manual": "figures entered by hand"}
# Where to act: a service people rate at least this important ...
ACT_IMPORTANCE = 4.0
# ... and whose satisfaction is at least this far below its importance.
ACT_GAP = 1.0


@dataclass(frozen=True)
class Score:
    """How many people gave a score from 1 to 5, and its mean; None for both when suppressed."""

    count: int | None
    mean: float | None

    @property
    def shown(self) -> bool:
        """Whether there is a figure to show (it was given, and not suppressed)."""
        return self.mean is not None


HIDDEN = Score(None, None)  # suppressed
ABSENT = Score(0, None)  # nobody gave this score


@dataclass(frozen=True)
class Scores:
    """Satisfaction and importance of one service, among everyone or one department."""

    satisfaction: Score = ABSENT
    importance: Score = ABSENT

    @property
    def gap(self) -> float | None:
        """Importance minus satisfaction: how far the service falls short of what it means to people."""
        if self.satisfaction.mean is None or self.importance.mean is None:
            return None
        return round(self.importance.mean - self.satisfaction.mean, 2)

    @property
    def to_act(self) -> bool:
        """Whether it is a place to act: important (ACT_IMPORTANCE) and falling short by ACT_GAP or more."""
        gap = self.gap
        return gap is not None and self.importance.mean is not None and (
            self.importance.mean >= ACT_IMPORTANCE and gap >= ACT_GAP)


@dataclass(frozen=True)
class ServiceResult:
    """One service's scores in a survey round: overall, and by department id (a missing department
    had no answers; a suppressed one has HIDDEN scores)."""

    service_id: str
    overall: Scores
    by_department: Mapping[str, Scores] = field(default_factory=dict)


@dataclass(frozen=True)
class Survey:
    """One survey round's results."""

    id: str
    path: str
    title: str
    closed: date
    responses: int
    comments: int = 0
    source: str = "manual"
    departments: Mapping[str, int | None] = field(default_factory=dict)  # responses; None: suppressed
    services: tuple[ServiceResult, ...] = ()  # in the file's order


@dataclass(frozen=True)
class DepartmentResults:
    """What a survey round may show about one department: its responses and its services' scores."""

    survey: Survey
    department_id: str
    responses: int
    services: tuple[tuple[str, Scores], ...]  # (service id, scores), only services with a shown figure


def department_results(survey: Survey, department_id: str) -> DepartmentResults | None:
    """A survey round's results for one department; None when it had no responses or they are suppressed.
    Service figures suppressed for the department are left out."""
    responses = survey.departments.get(department_id)
    if responses is None:
        return None
    services = tuple((s.service_id, scores) for s in survey.services
                     if (scores := s.by_department.get(department_id)) is not None
                     and (scores.satisfaction.shown or scores.importance.shown))
    return DepartmentResults(survey, department_id, responses, services)


def where_to_act(survey: Survey) -> tuple[ServiceResult, ...]:
    """The services where importance is high and satisfaction low (Scores.to_act), largest gap first;
    ties by higher importance, then by id."""
    found = [s for s in survey.services if s.overall.to_act]
    return tuple(sorted(found, key=lambda s: (-(s.overall.gap or 0), -(s.overall.importance.mean or 0),
                                              s.service_id)))


def by_gap(survey: Survey) -> tuple[ServiceResult, ...]:
    """Every service of a round: where to act first, then the rest by gap (largest first), those without
    both figures last."""
    act = where_to_act(survey)
    rest = sorted((s for s in survey.services if s not in act),
                  key=lambda s: (s.overall.gap is None, -(s.overall.gap or 0), s.service_id))
    return (*act, *rest)


def newest_survey_for(surveys: Iterable[Survey], service_id: str) -> tuple[Survey, ServiceResult] | None:
    """The newest round with a shown figure for a service, and that service's result in it."""
    for survey in surveys:
        for result in survey.services:
            if result.service_id == service_id and (result.overall.satisfaction.shown
                                                   or result.overall.importance.shown):
                return survey, result
    return None


# --- reading and checking ----------------------------------------------------------------------


def survey_files(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The survey files, content/surveys/<id>.yml (with the path problems name), and problems with
    anything else found there."""
    return content_files(root, SURVEYS, "survey files", ".yml")


def survey_ids(root: Path) -> set[str]:
    """The ids of the survey files (their names), valid or not: what other content may name."""
    return {file.stem for file, _ in survey_files(root)[0]}


def read_surveys(root: Path, service_ids: set[str], department_ids: set[str], min_group_size: int,
                 today: date) -> tuple[list[Survey], list[Problem]]:
    """Every survey file, checked; newest first (by the day it closed, then id); and every problem."""
    files, problems = survey_files(root)
    surveys: list[Survey] = []
    for file, path in files:
        survey, found = read_survey(file, path, service_ids, department_ids, min_group_size, today)
        problems += found
        if survey is not None:
            surveys.append(survey)
    surveys.sort(key=lambda s: (s.closed, s.id), reverse=True)
    return surveys, problems


def read_survey(file: Path, path: str, service_ids: set[str], department_ids: set[str], min_group_size: int,
                today: date) -> tuple[Survey | None, list[Problem]]:
    """One survey file, checked on its own."""
    problems = []
    if problem := (id_problem(file.stem) or (f"'{file.stem}' is a name the site uses for its own pages; "
                                             "choose another" if SURVEY_IDS.keeps(file.stem) else None)):
        problems.append(Problem(path, 1, "id", f"the file name {problem}", shown(file.stem)))
    document, found = read_yaml(file, path)
    problems += found
    if document is None:
        return None, problems
    survey, found = parse_survey(document, file.stem, Rules(service_ids, department_ids, min_group_size, today))
    problems += found
    return (survey if not problems else None), problems


@dataclass(frozen=True)
class Rules:
    """What a survey file is checked against: the ids it may name, the smallest group shown, today."""

    service_ids: set[str]
    department_ids: set[str]
    min_group_size: int
    today: date


def survey_fields(rules: Rules) -> dict[str, Field]:
    """The top-level fields of a survey file."""
    departments, services = _table_schemas(rules.min_group_size)
    return {
        "title": Field(Text(120), help="The survey round's name, as pages show it"),
        "closed": Field(Date(), help="The day the survey closed, YYYY-MM-DD"),
        "source": Field(Choice(SOURCES), required=False, help="Where the figures come from: forms, generic or "
                                                               "manual"),
        "responses": Field(Number(rules.min_group_size, MAX_COUNT, integer=True),
                           help=f"How many people answered (at least min_group_size, {rules.min_group_size})"),
        "comments": Field(Number(0, MAX_COUNT, integer=True), required=False,
                          help="How many comments people wrote (a count: the comments are never published)"),
        "departments": Field(_Table(departments), required=False,
                             help="Responses per department id: a number, or 'suppressed'"),
        "services": Field(_Table(services), required=False,
                          help="Per service id: satisfaction and importance ({count, mean} or 'suppressed'), "
                               "and by_department the same per department id"),
    }


@dataclass(frozen=True)
class _Table(FieldType[Any]):
    """A mapping keyed by ids, checked by the survey reader itself (`parse_survey`); `schema` describes it
    for editors."""

    schema: Mapping[str, Any]

    def parse(self, value: Any, name: str, checker: Checker) -> Any:
        return value

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return dict(self.schema)


def _table_schemas(minimum: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """JSON Schemas of `departments` and `services`, for editors."""
    ids = {"pattern": ID_PATTERN.pattern, "maxLength": ID_MAX_LENGTH}
    suppressed = {"const": SUPPRESSED}
    score = {"anyOf": [suppressed, {"type": "object", "additionalProperties": False, "required": ["count", "mean"],
                                    "properties": {"count": {"type": "integer", "minimum": minimum},
                                                   "mean": {"type": "number", "minimum": 1, "maximum": 5}}}]}
    scores = {"satisfaction": score, "importance": score}
    departments = {"type": "object", "propertyNames": ids,
                   "additionalProperties": {"anyOf": [suppressed, {"type": "integer", "minimum": minimum}]}}
    cells = {"type": "object", "propertyNames": ids,
             "additionalProperties": {"type": "object", "additionalProperties": False, "properties": scores}}
    services = {"type": "object", "propertyNames": ids,
                "additionalProperties": {"type": "object", "additionalProperties": False,
                                         "properties": {**scores, "by_department": cells}}}
    return departments, services


def parse_survey(document: Document, survey_id: str, rules: Rules) -> tuple[Survey | None, list[Problem]]:
    """A parsed survey file's figures, checked against the schema and the privacy rules."""
    checker = Checker(document)
    values, complete = Record(dict, survey_fields(rules)).values(document.data, "", checker)
    closed = values.get("closed")
    if closed is not None and closed > rules.today:
        checker.problem("closed", "is in the future: results are published once a survey has closed",
                        closed.isoformat())
    departments = _departments(values.get("departments"), values.get("responses"), rules, checker)
    services = _services(values.get("services"), values.get("responses"), departments, rules, checker)
    if not complete or checker.problems:
        return None, checker.problems
    return Survey(survey_id, document.path, values["title"], values["closed"], values["responses"],
                  values.get("comments") or 0, values.get("source") or "manual", departments, services), []


def _mapping(value: object, name: str, checker: Checker, what: str) -> dict[str, Any]:
    if value is None or isinstance(value, Refused):
        return {}
    if not isinstance(value, dict):
        checker.problem(name, f"must be a mapping of {what}", value)
        return {}
    return value


def _known(key: str, name: str, known: set[str], kind: str, checker: Checker) -> bool:
    problem = id_problem(key)
    if problem:
        checker.problem(name, f"{problem}: the key is a {kind} id", key)
        return False
    if key not in known:
        match = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
        hint = f"; did you mean '{match[0]}'?" if match else ""
        checker.problem(name, f"is not a known {kind} id{hint}", key)
        return False
    return True


def _group(value: object, name: str, rules: Rules, checker: Checker, most: int | None) -> tuple[bool, int | None]:
    """A group's size: (good, size), size None when suppressed."""
    if value == SUPPRESSED:
        return True, None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_COUNT:
        checker.problem(name, f"must be a number of people, or '{SUPPRESSED}'", value)
        return False, None
    if value < rules.min_group_size:
        checker.problem(name, f"is a group of fewer than {rules.min_group_size} people (min_group_size), which is "
                        f"never shown: write '{SUPPRESSED}' (and suppress another group too, so the total does not "
                        "reveal it)", value)
        return False, None
    if most is not None and value > most:
        checker.problem(name, f"is more than the responses of the whole survey ({most})", value)
        return False, None
    return True, value


def _departments(raw: object, responses: int | None, rules: Rules, checker: Checker) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    good = True
    for key, value in _mapping(raw, "departments", checker, "department ids to responses").items():
        name = f"departments.{key}"
        if not _known(key, name, rules.department_ids, "department", checker):
            good = False
            continue
        ok, size = _group(value, name, rules, checker, responses)
        good = good and ok
        found[key] = size
    if good and responses is not None and found:
        problem = hidden_groups_problem(responses, list(found.values()), rules.min_group_size, "responses")
        if problem:
            checker.problem("departments", problem)
    return found


def hidden_groups_problem(total: int, groups: list[int | None], minimum: int, what: str) -> str | None:
    """What would let someone work out a suppressed group from a total and the groups shown (None
    standing for a suppressed one), or None. The groups must add up to the total; the suppressed
    ones, together (the total minus the shown), must be none, or at least two groups of at least
    `minimum` people together: one alone is the total minus the others, and two that add up to
    fewer than `minimum` are a small group themselves."""
    shown_sum = sum(g for g in groups if g is not None)
    hidden = [g for g in groups if g is None]
    rest = total - shown_sum
    if rest < 0:
        return f"the shown {what} add up to {shown_sum}, more than the total ({total})"
    if not hidden and rest:
        return (f"the {what} add up to {shown_sum}, not the total ({total}); every group must be listed "
                f"(as '{SUPPRESSED}' if it is small)")
    if len(hidden) == 1:
        return (f"only one group is '{SUPPRESSED}', so the total ({total}) minus the others reveals it; suppress "
                "the next smallest group too")
    if hidden and rest < minimum:
        return (f"the suppressed groups add up to {rest} (the total minus the others), fewer than {minimum} "
                "(min_group_size); suppress another group too")
    return None


_SCORE_FIELDS = {"count": Field(Number(1, MAX_COUNT, integer=True), help="How many people gave a score"),
                 "mean": Field(Number(1, 5), help="Their mean score, from 1 to 5")}
_SCORE = Record(lambda count, mean: Score(int(count), round(float(mean), 2)), _SCORE_FIELDS)
_SCORES_FIELDS = ("satisfaction", "importance")


def _score(value: object, name: str, rules: Rules, checker: Checker) -> Score | None:
    if value is None:
        return ABSENT
    if value == SUPPRESSED:
        return HIDDEN
    before = len(checker.problems)
    score = parse_value(_SCORE, value, name, checker)
    if score is None or len(checker.problems) > before:
        return None
    assert score.count is not None
    if score.count < rules.min_group_size:
        checker.problem(f"{name}.count", f"is a group of fewer than {rules.min_group_size} people "
                        f"(min_group_size), which is never shown: write '{name.rsplit('.', 1)[-1]}: {SUPPRESSED}'",
                        score.count)
        return None
    return score


def _scores(raw: object, name: str, rules: Rules, checker: Checker, extra: tuple[str, ...] = ()) -> Scores | None:
    values = _mapping(raw, name, checker, "satisfaction and importance")
    good = True
    for key in values:
        if key not in (*_SCORES_FIELDS, *extra):
            known = ", ".join((*_SCORES_FIELDS, *extra))
            checker.problem(f"{name}.{key}", f"is not a known field (expected: {known})")
            good = False
    found = {key: _score(values.get(key), f"{name}.{key}", rules, checker) for key in _SCORES_FIELDS}
    if not good or any(v is None for v in found.values()):
        return None
    return Scores(found["satisfaction"] or ABSENT, found["importance"] or ABSENT)


def _services(raw: object, responses: int | None, departments: Mapping[str, int | None], rules: Rules,
              checker: Checker) -> tuple[ServiceResult, ...]:
    results = []
    for key, value in _mapping(raw, "services", checker, "service ids to scores").items():
        name = f"services.{key}"
        if not _known(key, name, rules.service_ids, "service", checker):
            continue
        overall = _scores(value, name, rules, checker, ("by_department",))
        cells = _cells(value.get("by_department") if isinstance(value, dict) else None, name, rules, checker)
        if overall is None or cells is None:
            continue
        _check_cells(overall, cells, name, responses, departments, checker, rules.min_group_size)
        results.append(ServiceResult(key, overall, cells))
    return tuple(results)


def _cells(raw: object, name: str, rules: Rules, checker: Checker) -> dict[str, Scores] | None:
    cells: dict[str, Scores] = {}
    good = True
    for key, value in _mapping(raw, f"{name}.by_department", checker, "department ids to scores").items():
        child = f"{name}.by_department.{key}"
        if not _known(key, child, rules.department_ids, "department", checker):
            good = False
            continue
        scores = _scores(value, child, rules, checker)
        if scores is None:
            good = False
            continue
        cells[key] = scores
    return cells if good else None


def _check_cells(overall: Scores, cells: Mapping[str, Scores], name: str, responses: int | None,
                 departments: Mapping[str, int | None], checker: Checker, minimum: int) -> None:
    """Each score's department figures against its overall figure: none derivable, none larger than possible."""
    for key in _SCORES_FIELDS:
        total: Score = getattr(overall, key)
        # Departments that gave no such score are no group of this table.
        counts = [c for scores in cells.values() if (c := getattr(scores, key).count) != 0]
        if responses is not None and total.count is not None and total.count > responses:
            checker.problem(f"{name}.{key}.count", f"is more than the responses of the whole survey ({responses})",
                            total.count)
        for department, scores in cells.items():
            count, size = getattr(scores, key).count, departments.get(department)
            if count and department in departments and size is None:
                checker.problem(f"{name}.by_department.{department}.{key}", f"is shown, but the department's "
                                f"responses are '{SUPPRESSED}': a department's scores are suppressed with its "
                                "responses, or they would tell its size", count)
            elif count and (department not in departments or (size is not None and count > size)):
                checker.problem(f"{name}.by_department.{department}.{key}.count",
                                f"is more than the department's responses ({size or 0})", count)
        if any(getattr(scores, key).count is None for scores in cells.values()):
            for department in (d for d, size in departments.items() if size is None):
                if getattr(cells.get(department, Scores()), key).count == 0:
                    checker.problem(f"{name}.by_department.{department}.{key}", f"is missing, but the department's "
                                    f"responses are '{SUPPRESSED}': write '{key}: {SUPPRESSED}' (where other groups "
                                    "are suppressed, leaving it out says nobody there gave one, which with the "
                                    "totals can tell the department's size)")
        if total.count is None and any(c is not None for c in counts):
            checker.problem(f"{name}.{key}", f"is '{SUPPRESSED}', so its figures by department must be too")
        if not total.count:
            if total.count == 0 and counts:
                checker.problem(f"{name}.by_department", f"gives {key} by department, but the service has no "
                                f"overall {key}")
            continue
        if counts and (problem := hidden_groups_problem(total.count, counts, minimum, f"{key} counts")):
            checker.problem(f"{name}.by_department", f"{key}: {problem}")


def unknown_survey_problem(value: str, known: Iterable[str]) -> str:
    """What to say about a survey id that names no survey file (for content that cites a round)."""
    match = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return "is not a known survey id" + (f"; did you mean '{match[0]}'?" if match else "")

