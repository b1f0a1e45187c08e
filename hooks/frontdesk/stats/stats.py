"""Service stats: each service's monthly measurements, read from content/stats/<service-id>.yml.

The file name is the service's id; its `months:` list holds one record per month. Missing
months are gaps, never zeros. Targets live in the service's `service_levels`, and the
figures here are compared with them (`Figure.met`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from ..catalogue.services import Service
from ..core.problems import Problem, shown
from ..core.references import content_files
from ..core.schema import (
    MAX_COUNT,
    MAX_HOURS,
    Checker,
    Field,
    FieldType,
    Invalid,
    Month,
    Number,
    Record,
    Text,
    id_problem,
)
from ..core.settings import Settings
from ..core.source import Document, Refused, read_yaml

STATS_FOLDER = "content/stats"
# How many months the trend charts cover, ending with the service's newest month.
TREND_MONTHS = 12


@dataclass(frozen=True)
class MonthlyStats:
    """One month's measurements of one service; any measurement may be missing."""

    month: date  # the first day of the month
    availability: float | None = None
    incidents: int | None = None
    requests: int | None = None
    resolved: int | None = None
    first_response_hours: float | None = None
    resolution_hours: float | None = None
    sla_met: float | None = None
    satisfaction: float | None = None
    survey_responses: int | None = None
    # Why a figure is what it is, by measure key (availability: "The VPN's link failed on the 10th"),
    # as the stats file gives it; the monthly brief names it beside a missed target.
    reasons: tuple[tuple[str, str], ...] = ()
    # The stats file gave no availability; it was computed from the incidents (see status/availability.py).
    availability_computed: bool = False
    # Minutes of planned maintenance with impact `outage` in the month (see status/availability.py), shown apart.
    planned_outage_minutes: int = 0

    @property
    def tickets(self) -> int | None:
        """Incidents and requests opened in the month, or None when neither was counted."""
        if self.incidents is None and self.requests is None:
            return None
        return (self.incidents or 0) + (self.requests or 0)

    def value(self, key: str) -> float | None:
        """One measurement by its field name."""
        value: float | None = getattr(self, key)
        return value

    def reason(self, key: str) -> str | None:
        """Why one measurement is what it is, if the stats file says."""
        return dict(self.reasons).get(key)


@dataclass(frozen=True)
class ServiceStats:
    """Every month measured for one service, oldest first, at most one record per month."""

    service_id: str
    path: str
    months: tuple[MonthlyStats, ...]
    by_month: dict[date, MonthlyStats] = field(repr=False, compare=False, default_factory=dict)

    @property
    def newest(self) -> MonthlyStats:
        """The most recent month in the file."""
        return self.months[-1]

    def month(self, when: date) -> MonthlyStats | None:
        """The record of one month, if there is one."""
        return self.by_month.get(when)

    def latest(self, key: str, until: date | None = None) -> MonthlyStats | None:
        """The newest month with a value for one measurement (up to `until`)."""
        return next((m for m in reversed(self.months)
                     if m.value(key) is not None and (until is None or m.month <= until)), None)

    def trend(self) -> list[tuple[date, MonthlyStats | None]]:
        """The last TREND_MONTHS calendar months up to the newest, with None for gaps."""
        end = self.newest.month
        return [(m, self.by_month.get(m)) for m in (add_months(end, -n) for n in range(TREND_MONTHS - 1, -1, -1))]

    def is_stale(self, today: date, stale_after_days: int) -> bool:
        """Whether the newest month ended longer ago than the staleness limit."""
        return today - month_end(self.newest.month) > timedelta(days=stale_after_days)


# --- months ------------------------------------------------------------------------------------


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    """The last day of a month."""
    return add_months(month, 1) - timedelta(days=1)


def month_of(day: date) -> date:
    """The first day of the month a date falls in."""
    return day.replace(day=1)


def month_name(month: date) -> str:
    """A month as people write it: October 2026."""
    return f"{month:%B %Y}"


def month_key(month: date) -> str:
    """A month as the stats files write it: 2026-10."""
    return f"{month:%Y-%m}"


# --- measures and targets ----------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """Something measured every month, and the service level it is held against (if any)."""

    key: str
    label: str
    higher_is_better: bool
    target: str | None = None  # the field of ServiceLevels


AVAILABILITY = Measure("availability", "Availability", True, "availability")
FIRST_RESPONSE = Measure("first_response_hours", "First response (median)", False, "first_response_hours")
RESOLUTION = Measure("resolution_hours", "Resolution (median)", False, "resolution_hours")
SATISFACTION = Measure("satisfaction", "Satisfaction", True, "satisfaction")
SLA_MET = Measure("sla_met", "Tickets within target time", True)
MEASURES = (AVAILABILITY, FIRST_RESPONSE, RESOLUTION, SATISFACTION, SLA_MET)
# The measures drawn as 12-month trends.
TREND_MEASURES = (AVAILABILITY, FIRST_RESPONSE, RESOLUTION, SATISFACTION)


@dataclass(frozen=True)
class Figure:
    """One measurement of one month, with the target it is held against."""

    measure: Measure
    value: float
    month: date
    target: float | None = None
    responses: int | None = None  # survey responses behind a satisfaction figure
    low_confidence: bool = False
    computed: bool = False  # worked out from incidents, not given by the stats file

    @property
    def met(self) -> bool | None:
        """Whether the target was met; None without a target."""
        if self.target is None:
            return None
        return self.value >= self.target if self.measure.higher_is_better else self.value <= self.target

    @property
    def margin(self) -> float | None:
        """How far above or below the target the figure is (always positive)."""
        return None if self.target is None else abs(self.value - self.target)


def target_of(service: Service, measure: Measure) -> float | None:
    """The service's target for a measure, if it has one."""
    levels = service.service_levels
    return getattr(levels, measure.target) if levels is not None and measure.target else None


def figure(service: Service, record: MonthlyStats, measure: Measure, settings: Settings) -> Figure | None:
    """One month's figure for a measure, compared with the service's target."""
    value = record.value(measure.key)
    if value is None:
        return None
    responses = record.survey_responses if measure is SATISFACTION else None
    low = responses is not None and responses < settings.min_survey_responses
    computed = measure is AVAILABILITY and record.availability_computed
    return Figure(measure, value, record.month, target_of(service, measure), responses, low, computed)


def latest_figures(service: Service, stats: ServiceStats | None, settings: Settings) -> tuple[Figure, ...]:
    """Each measure's newest figure (each may come from a different month)."""
    if stats is None:
        return ()
    found = (figure(service, record, measure, settings)
             for measure in MEASURES if (record := stats.latest(measure.key)) is not None)
    return tuple(f for f in found if f is not None)


def month_figures(service: Service, record: MonthlyStats, settings: Settings) -> tuple[Figure, ...]:
    """Every figure of one month."""
    found = (figure(service, record, measure, settings) for measure in MEASURES)
    return tuple(f for f in found if f is not None)


def meets_all_targets(figures: Iterable[Figure]) -> bool | None:
    """True when every figure with a target met it; None when none has a target."""
    results = [met for f in figures if (met := f.met) is not None]
    return all(results) if results else None


# --- reading and checking ----------------------------------------------------------------------

# Measures a reason may be given for: those held against a target.
REASON_KEYS = tuple(m.key for m in MEASURES if m.target)
REASON_LENGTH = 300


@dataclass(frozen=True)
class Reasons(FieldType[tuple[tuple[str, str], ...]]):
    """`reasons:` of a month: a line of text per measure, such as why a target was missed."""

    def parse(self, value: Any, name: str, checker: Checker) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict):
            raise Invalid(f"must be a mapping of measures to a line of text, like availability: \"why\" "
                          f"(measures: {', '.join(REASON_KEYS)})")
        fields = {key: Field(Text(REASON_LENGTH), required=False) for key in REASON_KEYS}
        values, _ = Record(dict, fields).values(value, name, checker)
        return tuple((key, text) for key, text in values.items() if text is not None)

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        text = {"type": "string", "minLength": 1, "maxLength": REASON_LENGTH}
        return {"type": "object", "properties": dict.fromkeys(REASON_KEYS, text), "additionalProperties": False}


_COUNT = Number(0, MAX_COUNT, integer=True)
_PERCENT = Number(0, 100)
_HOURS = Number(0, MAX_HOURS)

MONTH_FIELDS: dict[str, Field] = {
    "month": Field(Month(), help="The month measured, YYYY-MM"),
    "availability": Field(_PERCENT, required=False, help="% of the month the service was up"),
    "incidents": Field(_COUNT, required=False, help="Incidents opened in the month"),
    "requests": Field(_COUNT, required=False, help="Requests opened in the month"),
    "resolved": Field(_COUNT, required=False, help="Of those, how many are resolved"),
    "first_response_hours": Field(_HOURS, required=False, help="Median hours to first response"),
    "resolution_hours": Field(_HOURS, required=False, help="Median hours to resolution"),
    "sla_met": Field(_PERCENT, required=False, help="% of tickets handled within their target time"),
    "satisfaction": Field(Number(1, 5), required=False, help="Mean survey score out of 5"),
    "survey_responses": Field(_COUNT, required=False, help="How many people answered the survey"),
    "reasons": Field(Reasons(), required=False,
                     help="Why a figure is what it is, by measure (availability: \"...\"): the monthly "
                          "brief names it beside a missed target"),
}
_MONTH_RECORD = Record(MonthlyStats, MONTH_FIELDS)


@dataclass(frozen=True)
class Months(FieldType[tuple[MonthlyStats, ...]]):
    """The `months:` list: one record per month, none in the future, each consistent."""

    today: date

    def parse(self, value: Any, name: str, checker: Checker) -> tuple[MonthlyStats, ...]:
        if not isinstance(value, list) or not value:
            raise Invalid("must be a list of monthly records, each starting with '- month: YYYY-MM'")
        first_line: dict[date, int] = {}
        records = []
        for index, raw in enumerate(value, start=1):
            child = f"{name}[{index}]"
            if isinstance(raw, Refused):  # already reported while reading
                continue
            try:
                values, complete = _MONTH_RECORD.values(raw, child, checker)
            except Invalid as error:
                checker.problem(child, str(error), raw)
                continue
            _check_month(values, child, raw, checker, self.today, first_line)
            _check_counts(values, child, raw, checker)
            if complete:
                records.append(MonthlyStats(**{**values, "reasons": values.get("reasons") or ()}))
        return tuple(sorted(records, key=lambda r: r.month))

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "array", "minItems": 1, "items": _MONTH_RECORD.json_schema(choices)}


def _check_month(values: dict[str, Any], name: str, raw: dict[str, Any], checker: Checker,
                 today: date, first_line: dict[date, int]) -> None:
    month = values.get("month")
    if month is None:
        return
    field_name = f"{name}.month"
    if month > month_of(today):
        checker.problem(field_name, "is in the future", raw["month"])
    elif month in first_line:
        checker.problem(field_name, f"is listed twice (first on line {first_line[month]})", raw["month"])
    else:
        first_line[month] = checker.document.line(field_name)


def _check_counts(values: dict[str, Any], name: str, raw: dict[str, Any], checker: Checker) -> None:
    resolved, incidents, requests = values.get("resolved"), values.get("incidents"), values.get("requests")
    if resolved is not None and (incidents is not None or requests is not None):
        opened = (incidents or 0) + (requests or 0)
        if resolved > opened:
            checker.problem(f"{name}.resolved", f"is more than incidents + requests ({opened})", resolved)
    satisfaction, responses = values.get("satisfaction"), values.get("survey_responses")
    if satisfaction is not None and raw.get("survey_responses") is None:
        checker.problem(f"{name}.satisfaction",
                        "needs survey_responses: how many people answered the survey", satisfaction)
    elif satisfaction is not None and responses == 0:
        checker.problem(f"{name}.satisfaction", "cannot come from 0 survey_responses", satisfaction)


def stats_record(today: date) -> Record[dict[str, Any]]:
    """The declaration of a whole stats file."""
    return Record(dict, {"months": Field(Months(today), help="One record per month measured")})


def read_stats(root: Path, service_ids: Iterable[str], settings: Settings,
               today: date) -> tuple[dict[str, ServiceStats], list[Problem]]:
    """Every file under content/stats/, checked; the stats by service id, and all problems.

    `service_ids` are the ids of every service file (valid or not), so a stats file is only
    called unknown when there is no such service at all. `settings` and `today` are the
    build's: a month after today's is refused.
    """
    files, problems = stats_files(root)
    found, more = read_stats_files(files, service_ids, today)
    return found, problems + more


def stats_files(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The stats files, content/stats/<service-id>.yml (each with the path problems name); and problems:
    paths there that lead outside the project or nowhere, and other files, which are not read."""
    return content_files(root, STATS_FOLDER, "stats files", ".yml")


def read_stats_files(files: Iterable[tuple[Path, str]], service_ids: Iterable[str],
                     today: date) -> tuple[dict[str, ServiceStats], list[Problem]]:
    """Some stats files, checked: the stats by service id, and all problems."""
    return gather_stats(map(partial(read_stats_file, known=frozenset(service_ids), today=today), files))


def gather_stats(results: Iterable[tuple[ServiceStats | None, list[Problem]]],
                 ) -> tuple[dict[str, ServiceStats], list[Problem]]:
    """Stats files' results (from read_stats_file), as the stats by service id and all problems."""
    found: dict[str, ServiceStats] = {}
    problems: list[Problem] = []
    for stats, more in results:
        problems += more
        if stats is not None:
            found[stats.service_id] = stats
    return found, problems


def read_stats_file(file: tuple[Path, str], known: frozenset[str],
                    today: date) -> tuple[ServiceStats | None, list[Problem]]:
    """One file listed by `stats_files` (with the path problems name), read and checked."""
    file_path, path = file
    return read_service_stats(file_path, path, known, today)


def read_service_stats(file: Path, path: str, known: frozenset[str],
                       today: date) -> tuple[ServiceStats | None, list[Problem]]:
    """One stats file, checked: its file name must be a service's id."""
    problems = _id_problems(file.stem, path, known)
    document, more = read_yaml(file, path)
    problems += more
    if document is None:
        return None, problems
    stats, more = parse_stats(document, file.stem, today)
    return (stats if not problems else None), problems + more


def parse_stats(document: Document, service_id: str, today: date) -> tuple[ServiceStats | None, list[Problem]]:
    """A parsed stats file's records, checked against the schema and the rules between fields."""
    checker = Checker(document)
    values, complete = stats_record(today).values(document.data, "", checker)
    if not complete or checker.problems:
        return None, checker.problems
    months = values["months"]
    return ServiceStats(service_id, document.path, months, {m.month: m for m in months}), []


def _id_problems(stem: str, path: str, known: frozenset[str]) -> list[Problem]:
    problem = id_problem(stem)
    if problem:
        return [Problem(path, 1, "id", f"the file name {problem}", shown(stem))]
    if stem not in known:
        match = difflib.get_close_matches(stem, sorted(known), n=1, cutoff=0.6)
        hint = f"; did you mean '{match[0]}'?" if match else ""
        return [Problem(path, 1, "id", f"the file name is not a known service id{hint}", shown(stem))]
    return []


def stale_warnings(stats: Mapping[str, ServiceStats], settings: Settings, today: date) -> tuple[str, ...]:
    """One warning per stats file whose newest month is older than the staleness limit."""
    return tuple(
        f"{s.path}: stats last updated for {month_name(s.newest.month)}, more than "
        f"{settings.stale_after_days} days ago (stale_after_days); the service page says so"
        for s in sorted(stats.values(), key=lambda s: s.path)
        if s.is_stale(today, settings.stale_after_days)
    )
