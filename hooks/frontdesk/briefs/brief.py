"""The monthly brief: an ordered list of sections, each made by a small function from the content.

A section function takes the site's content (`BriefContent`), the month and whose brief it is (`Scope`)
and returns a frozen section model, or None when the section has nothing to say for that scope. One
template, templates/_brief_sections.html, holds a macro per section kind (named after `Section.kind`)
that renders it, for the site page, the A4 document, the PDF and the email alike (briefs/document.py).

Adding a section is a function in SECTIONS at its place and a macro of its kind's name in that template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import ClassVar
from zoneinfo import ZoneInfo

from ..actions.actions import STATUS_TITLES as ACTION_STATUSES
from ..actions.actions import Action
from ..catalogue.catalogue import Catalogue
from ..catalogue.services import Service
from ..core.pages import long_date
from ..core.settings import Settings
from ..departments.departments import Department
from ..resources.pages import resource_src
from ..resources.resources import Resource, Resources, current_giveaways
from ..roadmap.history import History, changed_items
from ..roadmap.pages import change_text, item_src
from ..roadmap.roadmap import STATUS_TITLES as ROADMAP_STATUSES
from ..roadmap.roadmap import Roadmap, RoadmapItem, items_due
from ..stats.pages import (
    HEADLINE_KINDS,
    Headlines,
    ServiceSummary,
    headlines_for,
    home_figures,
    margin_text,
    month_before,
    summarise,
    value_text,
)
from ..stats.stats import (
    AVAILABILITY,
    FIRST_RESPONSE,
    SATISFACTION,
    SLA_MET,
    Figure,
    ServiceStats,
    add_months,
    month_end,
    month_name,
    month_of,
)
from ..status.availability import downtime_seconds
from ..status.incidents import IMPACT_TITLES as INCIDENT_IMPACTS
from ..status.incidents import Incident
from ..status.maintenance import IMPACT_TITLES as MAINTENANCE_IMPACTS
from ..status.maintenance import Maintenance
from ..status.pages import incident_src, maintenance_src, when, window_text
from ..status.status import OUTAGES, Planned
from ..surveys.pages import survey_src
from ..surveys.surveys import Survey, department_results, where_to_act


@dataclass(frozen=True)
class Scope:
    """Whose brief it is: the whole organisation, or one department and the services it relies on."""

    department: str | None = None  # the department's id
    name: str | None = None  # the department's name, as its pages say it
    services: frozenset[str] | None = None  # None: every service

    def covers(self, service_id: str) -> bool:
        """Whether a service is in this brief."""
        return self.services is None or service_id in self.services

    def any_of(self, service_ids: Iterable[str]) -> tuple[str, ...]:
        """The ids among these that are in this brief, in their order."""
        return tuple(s for s in service_ids if self.covers(s))


EVERYONE = Scope()


def department_scope(department: Department) -> Scope:
    """A department's brief: the services it relies on most (its `services`)."""
    return Scope(department.id, department.name, frozenset(department.services))


@dataclass(frozen=True)
class BriefContent:
    """What the sections read: the site's content as the build (or `frontdesk brief`) read it."""

    settings: Settings
    catalogue: Catalogue
    stats: Mapping[str, ServiceStats]
    incidents: tuple[Incident, ...]
    maintenance: tuple[Maintenance, ...]
    resources: Resources
    now: datetime
    summaries: Mapping[str, ServiceSummary] = field(default_factory=dict)  # by service id; made when empty
    surveys: tuple[Survey, ...] = ()  # newest first
    actions: tuple[Action, ...] = ()
    roadmap: Roadmap = field(default_factory=Roadmap)
    # The roadmap's changes from git, over every month a brief covers (None: not read, as in most tests).
    roadmap_history: History | None = None
    # Each scope's headline figures by month, worked out once: a month's brief compares with the month before.
    headlines_found: dict[tuple[Scope, date], Headlines | None] = field(default_factory=dict, repr=False,
                                                                         compare=False)

    def __post_init__(self) -> None:
        if not self.summaries:
            object.__setattr__(self, "summaries", summarise(self.catalogue, self.stats, self.settings,
                                                            self.now.date()))

    @property
    def today(self) -> date:
        """The build's day."""
        return self.now.date()

    def headlines(self, scope: Scope, month: date) -> Headlines | None:
        """The figures of the services in a brief for one month (see stats/pages.py headlines_for)."""
        if (scope, month) not in self.headlines_found:
            summaries = {k: s for k, s in self.summaries.items() if scope.covers(k)}
            self.headlines_found[scope, month] = headlines_for(summaries, month)
        return self.headlines_found[scope, month]

    def title(self, service_id: str) -> str:
        """A service's title (its id if the catalogue has none)."""
        service = self.catalogue.by_id.get(service_id)
        return service.title if service is not None else service_id


# --- the sections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One section of the brief: its heading; `kind` names its macro in _brief_sections.html."""

    kind: ClassVar[str]
    heading: str


@dataclass(frozen=True)
class BriefFigure:
    """One headline figure, written as /stats/ writes it, with its change from the month before."""

    key: str  # as HEADLINE_KINDS names it
    value: str
    label: str
    note: str
    change: str | None  # 'up 0.1 points from September'; None without last month's figure
    direction: str  # up, down, same, or '' without a change


@dataclass(frozen=True)
class HeadlineFigures(Section):
    """The organisation's (or the department's services') figures for the month, against targets."""

    kind: ClassVar[str] = "headline_figures"
    month: date
    figures: tuple[BriefFigure, ...]
    targets_met: int  # figures of the month held against a target that met it
    targets_missed: int
    services: int  # services with figures for the month


@dataclass(frozen=True)
class Miss:
    """One target missed in the month, with the reason the stats file gives. Its figures are put in words
    only when read: a large catalogue's month may miss thousands of targets, and a brief names MISSES_NAMED."""

    service: str  # title
    service_src: str
    figure: Figure  # held against a target, and missed it
    reason: str | None

    @property
    def measure(self) -> str:
        """What was measured: 'Availability'."""
        return self.figure.measure.label

    @property
    def value(self) -> str:
        """The month's figure, as /stats/ writes it."""
        return value_text(self.figure.measure, self.figure.value)

    @property
    def target(self) -> str:
        """The target it missed, as /stats/ writes it."""
        target = self.figure.target
        assert target is not None  # only a figure held against a target can miss it
        return value_text(self.figure.measure, target)

    @property
    def margin(self) -> str:
        """How far from the target it is, in words."""
        return margin_text(self.figure)

    @property
    def few_responses(self) -> bool:
        """Whether too few people answered the survey for the figure to be trusted."""
        return self.figure.low_confidence

    @property
    def computed(self) -> bool:
        """Whether the figure was worked out from the incidents."""
        return self.figure.computed


# At most this many missed targets are named in a brief (a large catalogue's month may miss hundreds).
MISSES_NAMED = 30


@dataclass(frozen=True)
class MissedTargets(Section):
    """Every target missed in the month, by service: the first MISSES_NAMED named, so the section stays one
    screen in a large catalogue, and how many more (every one is on /stats/)."""

    kind: ClassVar[str] = "missed_targets"
    month: date
    misses: tuple[Miss, ...]
    compared: int  # figures held against a target

    @property
    def named(self) -> tuple[Miss, ...]:
        """The misses the brief names."""
        return self.misses[:MISSES_NAMED]

    @property
    def more(self) -> int:
        """How many misses the brief counts but does not name."""
        return len(self.misses) - len(self.named)


@dataclass(frozen=True)
class MonthIncident:
    """An incident that touched the month."""

    title: str
    src: str
    impact: str
    services: tuple[str, ...]  # titles, of the services in the brief
    started: str
    ended: str | None  # None while open
    outage: bool


@dataclass(frozen=True)
class Downtime:
    """How long one service was in partial or major outage in the month."""

    service: str
    service_src: str
    minutes: int


@dataclass(frozen=True)
class Incidents(Section):
    """The month's incidents and each service's downtime."""

    kind: ClassVar[str] = "incidents"
    month: date
    incidents: tuple[MonthIncident, ...]
    downtime: tuple[Downtime, ...]
    recorded_from: date | None  # the month of the site's first incident: before it, none were recorded

    @property
    def total_minutes(self) -> int:
        """Downtime added up over the services (each service's overlapping incidents counted once)."""
        return sum(d.minutes for d in self.downtime)


@dataclass(frozen=True)
class MonthWindow:
    """One maintenance window in the month after the brief's."""

    title: str
    src: str
    impact: str
    services: tuple[str, ...]
    when: str


@dataclass(frozen=True)
class NextMaintenance(Section):
    """Planned maintenance in the month after the brief's."""

    kind: ClassVar[str] = "next_maintenance"
    month: date
    windows: tuple[MonthWindow, ...]


@dataclass(frozen=True)
class Giveaway:
    """A giveaway running at the end of the month."""

    title: str
    src: str
    taken: int | None
    until: str | None


@dataclass(frozen=True)
class Giveaways(Section):
    """One line on giveaways and resources taken up."""

    kind: ClassVar[str] = "giveaways"
    month: date
    giveaways: tuple[Giveaway, ...]
    resources: int  # other free resources offered at the end of the month
    taken: int  # other resources' take-up the content counts


@dataclass(frozen=True)
class SurveyNews:
    """What the newest survey round by the end of the month said: for a department, its own answers."""

    title: str
    src: str
    closed: date
    responses: int | None  # None: the department's answers are suppressed (too few people)
    act: tuple[tuple[str, str, float, float], ...]  # where to act: service title, its page, importance, satisfaction


@dataclass(frozen=True)
class ActionNews:
    """One "You said, we did" action dated in the month."""

    said: str
    did: str
    status: str


@dataclass(frozen=True)
class Listening(Section):
    """What surveys said and what the team did."""

    kind: ClassVar[str] = "listening"
    month: date
    survey: SurveyNews | None
    actions: tuple[ActionNews, ...]  # dated in the month
    open_actions: int  # planned or in progress, dated by the month's end


@dataclass(frozen=True)
class RoadmapNews:
    """A roadmap item in the brief: what changed in the month, or when it is due."""

    title: str
    src: str
    status: str
    quarter: str | None
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoadmapSection(Section):
    """Roadmap items that changed in the month, and those due in the 90 days after it."""

    kind: ClassVar[str] = "roadmap"
    month: date
    changed: tuple[RoadmapNews, ...]
    due: tuple[RoadmapNews, ...]
    history_missing: str  # why changes cannot be shown; empty when they can


# A section function: the content, the month, whose brief; the section, or None to leave it out.
SectionMaker = Callable[[BriefContent, date, Scope], Section | None]


def _month_span(month: date, zone: ZoneInfo | None) -> tuple[datetime, datetime]:
    return (datetime.combine(month, time(), zone), datetime.combine(add_months(month, 1), time(), zone))


def _zone(content: BriefContent) -> ZoneInfo:
    return ZoneInfo(content.settings.timezone)


def _in_scope(content: BriefContent, scope: Scope) -> list[Service]:
    return sorted((s for s in content.catalogue.services if scope.covers(s.id)),
                  key=lambda s: (s.title.casefold(), s.id))


def headline_figures(content: BriefContent, month: date, scope: Scope) -> Section | None:
    """The month's headline figures, written as /stats/ writes them, each with its change."""
    summaries = {k: s for k, s in content.summaries.items() if scope.covers(k)}
    current = content.headlines(scope, month)
    if current is None:
        return HeadlineFigures("Figures against targets", month, (), 0, 0, 0)
    previous = content.headlines(scope, month_before(month))
    changes = {f.key: f for f in home_figures(current, previous, tuple(HEADLINE_KINDS))}
    figures = tuple(BriefFigure(key, _figure_text(key, current), HEADLINE_KINDS[key].label,
                                _figure_note(key, current), changes[key].change, changes[key].direction)
                    for key in HEADLINE_KINDS if key in changes)
    verdicts = [f.met for service in _in_scope(content, scope)
                for f in content.summaries[service.id].month_figures(month)]
    return HeadlineFigures("Figures against targets", month, figures, verdicts.count(True),
                           verdicts.count(False), len([s for s in summaries.values() if s.stats is not None
                                                       and s.stats.month(month) is not None]))


def _figure_text(key: str, h: Headlines) -> str:
    """A headline figure as /stats/ writes it (stats/templates/_headlines.html)."""
    texts: dict[str, Callable[[], str]] = {
        "tickets": lambda: f"{h.tickets:,}",
        "first-response": lambda: value_text(FIRST_RESPONSE, h.first_response_hours or 0),
        "availability": lambda: value_text(AVAILABILITY, h.availability or 0),
        "satisfaction": lambda: value_text(SATISFACTION, h.satisfaction or 0),
        "sla-met": lambda: value_text(SLA_MET, h.sla_met or 0),
        "meeting-all": lambda: f"{round(h.meeting_all_percent or 0)}%",
    }
    return texts[key]()


def _figure_note(key: str, h: Headlines) -> str:
    notes = {
        "tickets": f"{h.resolved:,} of them resolved, across {h.ticket_services} services",
        "first-response": "Each service's median counted once per ticket it handled",
        "availability": f"On average over {h.availability_services} services measured all month",
        "satisfaction": f"From {h.responses:,} survey responses",
        "sla-met": "Weighted by each service's tickets",
        "meeting-all": f"{h.meeting_all} of {h.compared} services with targets and figures",
    }
    return notes[key]


def missed_targets(content: BriefContent, month: date, scope: Scope) -> Section | None:
    """Every target missed in the month, named, with the reason the stats file gives."""
    misses: list[Miss] = []
    compared = 0
    for service in _in_scope(content, scope):
        stats = content.stats.get(service.id)
        record = stats.month(month) if stats is not None else None
        if record is None:
            continue
        for figure in content.summaries[service.id].month_figures(month):
            compared += figure.met is not None
            if figure.met is False and figure.target is not None:
                misses.append(Miss(service.title, f"services/{service.id}.md", figure,
                                   record.reason(figure.measure.key)))
    return MissedTargets("Targets missed", month, tuple(misses), compared)


def month_incidents(content: BriefContent, month: date, scope: Scope) -> Section | None:
    """The incidents that touched the month, and each service's downtime (partial and major outages)."""
    start, end = _month_span(month, _zone(content))
    touching = sorted((i for i in content.incidents
                       if i.started < end and i.until(content.now) > start and scope.any_of(i.services)),
                      key=lambda i: (i.started, i.slug))
    listed = tuple(MonthIncident(i.title, incident_src(i), INCIDENT_IMPACTS[i.impact],
                                 tuple(content.title(s) for s in scope.any_of(i.services)), when(i.started),
                                 when(i.resolved) if i.resolved else None, i.impact in OUTAGES)
                   for i in touching)
    downtime = []
    for service in _in_scope(content, scope):
        seconds = downtime_seconds(service.id, touching, start, min(end, max(start, content.now)), content.now)
        if seconds > 0:
            downtime.append(Downtime(service.title, f"services/{service.id}.md", round(seconds / 60)))
    first = min((month_of(i.started.date()) for i in content.incidents), default=None)
    return Incidents("Incidents and downtime", month, listed, tuple(downtime), first)


def next_maintenance(content: BriefContent, month: date, scope: Scope) -> Section | None:
    """The planned maintenance windows of the month after the brief's."""
    following = add_months(month, 1)
    start, end = _month_span(following, _zone(content))
    planned = sorted((Planned(m, w) for m in content.maintenance if scope.any_of(m.services)
                      for w in m.windows(start, end) if w.start >= start),
                     key=lambda p: (p.window.start, p.maintenance.slug))
    windows = tuple(MonthWindow(p.maintenance.title, maintenance_src(p.maintenance),
                                MAINTENANCE_IMPACTS[p.maintenance.impact],
                                tuple(content.title(s) for s in scope.any_of(p.maintenance.services)),
                                window_text(p)) for p in planned)
    return NextMaintenance(f"Maintenance in {month_name(following)}", following, windows)


def giveaways(content: BriefContent, month: date, scope: Scope) -> Section | None:
    """Giveaways running at the end of the month (or today, for a month not over), with their take-up."""
    day = min(month_end(month), content.today)
    every = (*content.resources.listed, *content.resources.upcoming, *content.resources.ended)
    offered = [r for r in every if r.status(day) == "listed" and _for_scope(r, scope)]
    running = current_giveaways(offered, day)
    others = [r for r in offered if r not in running]
    return Giveaways("Giveaways and free resources", month,
                     tuple(Giveaway(r.title, resource_src(r.id), r.taken,
                                    long_date(r.available_until) if r.available_until else None) for r in running),
                     len(others), sum(r.taken or 0 for r in others))


def listening(content: BriefContent, month: date, scope: Scope) -> Section | None:
    """The newest survey round closed by the month's end (a department's own answers in its brief), and the
    actions dated in the month (a department's: those naming it); None when there are neither rounds nor
    actions at all."""
    if not content.surveys and not content.actions:
        return None
    last = month_end(month)
    survey = next((s for s in content.surveys if s.closed <= last), None)
    mine = [a for a in content.actions if scope.department is None or scope.department in a.departments]
    actions = tuple(ActionNews(a.said, a.did, ACTION_STATUSES[a.status]) for a in sorted(
        (a for a in mine if month_of(a.date) == month), key=lambda a: (a.date, a.id)))
    open_actions = sum(1 for a in mine if a.status != "done" and a.date <= last)
    return Listening("What you told us, and what we did", month,
                     _survey_news(content, survey, scope) if survey else None, actions, open_actions)


def _survey_news(content: BriefContent, survey: Survey, scope: Scope) -> SurveyNews:
    """A round's responses and where to act: everyone's, or one department's own (suppression applies)."""
    if scope.department is None:
        act = tuple((content.title(r.service_id), f"services/{r.service_id}.md", r.overall.importance.mean or 0.0,
                     r.overall.satisfaction.mean or 0.0) for r in where_to_act(survey))
        return SurveyNews(survey.title, survey_src(survey), survey.closed, survey.responses, act)
    results = department_results(survey, scope.department)
    if results is None:
        return SurveyNews(survey.title, survey_src(survey), survey.closed, None, ())
    found = sorted(((service_id, scores) for service_id, scores in results.services if scores.to_act),
                   key=lambda pair: (-(pair[1].gap or 0), pair[0]))
    act = tuple((content.title(service_id), f"services/{service_id}.md", scores.importance.mean or 0.0,
                 scores.satisfaction.mean or 0.0) for service_id, scores in found)
    return SurveyNews(survey.title, survey_src(survey), survey.closed, results.responses, act)


def roadmap(content: BriefContent, month: date, scope: Scope) -> Section | None:
    """The items (a department's: those naming it) that changed in the month, from git history, and the open
    ones due in the 90 days after it; None without a roadmap."""
    items = [i for i in content.roadmap.items if scope.department is None or scope.department in i.departments]
    if not items:
        return None
    mine = Roadmap(tuple(items))
    changed: tuple[RoadmapNews, ...] = ()
    history = content.roadmap_history
    missing = "the roadmap's history was not read" if history is None else history.missing
    if history is not None and not history.missing:
        start, end = _month_span(month, _zone(content))
        changed = tuple(_news(item, tuple(change_text(c) for c in changes))
                        for item, changes in changed_items(mine, history, start, min(end, content.now)))
    due = tuple(_news(item) for item in items_due(mine, add_months(month, 1), 90))
    return RoadmapSection("The roadmap", month, changed, due, missing)


def _news(item: RoadmapItem, changes: tuple[str, ...] = ()) -> RoadmapNews:
    return RoadmapNews(item.title, item_src(item.id), ROADMAP_STATUSES[item.status],
                       item.quarter.text if item.quarter else None, changes)


def _for_scope(resource: Resource, scope: Scope) -> bool:
    """Whether a resource belongs in a brief: one naming no service is for everyone."""
    return not resource.services or bool(scope.any_of(resource.services))


# The sections, in the brief's order.
SECTIONS: tuple[SectionMaker, ...] = (headline_figures, missed_targets, month_incidents, next_maintenance,
                                      listening, roadmap, giveaways)


# --- the brief ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Brief:
    """One month's brief for the organisation or one department."""

    month: date
    scope: Scope
    sections: tuple[Section, ...]
    made: datetime  # the build's clock
    draft: bool = False  # its month is not over by the clock

    @property
    def title(self) -> str:
        """'Monthly brief: November 2026', or 'Finance: monthly brief, November 2026'."""
        if self.scope.name:
            return f"{self.scope.name}: monthly brief, {month_name(self.month)}"
        return f"Monthly brief: {month_name(self.month)}"

    @property
    def key(self) -> str:
        """2026-11, or 2026-11-finance: the default folder's name and the email's id."""
        return f"{self.month:%Y-%m}" + (f"-{self.scope.department}" if self.scope.department else "")


def is_over(month: date, now: datetime) -> bool:
    """Whether a month has ended by the clock."""
    return month < month_of(now.date())


def make_brief(content: BriefContent, month: date, scope: Scope = EVERYONE,
               sections: Sequence[SectionMaker] = SECTIONS) -> Brief:
    """The brief of one month: each section, in order."""
    made = tuple(s for maker in sections if (s := maker(content, month, scope)) is not None)
    return Brief(month, scope, made, content.now, draft=not is_over(month, content.now))


def published_months(content: BriefContent) -> tuple[date, ...]:
    """The months whose brief the site publishes, newest first: each month that is over, from the
    first month any stats file or incident covers."""
    firsts = [s.months[0].month for s in content.stats.values() if s.months]
    firsts += [month_of(i.started.date()) for i in content.incidents]
    if not firsts:
        return ()
    month, last = min(firsts), month_of(content.today)
    months = []
    while month < last:
        months.append(month)
        month = add_months(month, 1)
    return tuple(reversed(months))
