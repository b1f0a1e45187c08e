"""Stats on pages: the panel on each service page, the /stats/ dashboard, headline figures.

Everything a page shows is worked out once per build (`summarise`), then rendered by
Jinja templates with escaping on; charts are drawn once per service.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import jinja2
from markupsafe import Markup

from ..catalogue.catalogue import Catalogue
from ..catalogue.services import Service
from ..core.pages import GeneratedPage, PageWriter, TemplateHelpers, chunks, front_matter
from ..core.settings import Settings
from .charts import Series, line_chart
from .stats import (
    AVAILABILITY,
    FIRST_RESPONSE,
    MEASURES,
    RESOLUTION,
    SATISFACTION,
    SLA_MET,
    TREND_MEASURES,
    Figure,
    Measure,
    MonthlyStats,
    ServiceStats,
    latest_figures,
    meets_all_targets,
    month_figures,
    month_name,
    month_of,
    target_of,
)

DASHBOARD = "stats/index.md"
# Services without stats named on the dashboard; beyond this, only how many there are.
UNMEASURED_LISTED = 40
# Services in the dashboard's table on each page.
DASHBOARD_ROWS = 100


@dataclass(frozen=True)
class ServiceSummary:
    """What the pages show about one service's stats, worked out once per build."""

    service: Service
    stats: ServiceStats | None
    figures: tuple[Figure, ...]  # each measure's newest figure
    stale: bool
    settings: Settings = field(repr=False, compare=False)
    # Each month's figures, worked out once per build the first time a page or brief asks for them.
    by_month: dict[date, tuple[Figure, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def month_figures(self, month: date) -> tuple[Figure, ...]:
        """Every figure of one month; none when the stats have no record of it."""
        if month not in self.by_month:
            record = self.stats.month(month) if self.stats is not None else None
            self.by_month[month] = month_figures(self.service, record, self.settings) if record is not None else ()
        return self.by_month[month]

    def figure(self, measure: Measure) -> Figure | None:
        """The newest figure of one measure."""
        return next((f for f in self.figures if f.measure is measure), None)

    @property
    def verdicts(self) -> tuple[int, int]:
        """How many of the newest figures met their target, and how many missed it."""
        results = [f.met for f in self.figures if f.met is not None]
        return results.count(True), results.count(False)


def summarise(catalogue: Catalogue, stats: Mapping[str, ServiceStats], settings: Settings,
              today: date) -> dict[str, ServiceSummary]:
    """Every service's summary, by id."""
    return {
        s.id: ServiceSummary(s, stats.get(s.id), latest_figures(s, stats.get(s.id), settings),
                             s.id in stats and stats[s.id].is_stale(today, settings.stale_after_days), settings)
        for s in catalogue.services
    }


# --- words for numbers -------------------------------------------------------------------------


def _number(value: float, places: int = 2) -> str:
    return f"{round(value, places):,.{places}f}".rstrip("0").rstrip(".")


def value_text(measure: Measure, value: float) -> str:
    """A figure as it reads on a page: '99.95%', '3.5 hours', '4.3 out of 5'."""
    if measure in (AVAILABILITY, SLA_MET):
        return f"{_number(value)}%"
    if measure is SATISFACTION:
        return f"{_number(value)} out of 5"
    hours = _number(value, 1)
    return f"{hours} hour{'' if hours == '1' else 's'}"


def margin_text(figure: Figure) -> str:
    """How far a figure is from its target, in words ('0.4 points above the target')."""
    if figure.margin is None:
        return ""
    measure, margin = figure.measure, figure.margin
    if margin == 0:
        return "exactly on target"
    if measure is AVAILABILITY:
        amount = f"{_number(margin)} percentage point{'' if margin == 1 else 's'}"
    elif measure is SATISFACTION:
        amount = _number(margin)
    else:
        amount = value_text(measure, margin)
    if measure.higher_is_better:
        return f"{amount} {'above' if figure.value > (figure.target or 0) else 'below'} the target"
    return f"{amount} {'under' if figure.value < (figure.target or 0) else 'over'} the target"


def short_month(month: date) -> str:
    """A month in a table cell: Oct 2026."""
    return f"{month:%b %Y}"


def duration_text(minutes: int) -> str:
    """A length of time in hours and minutes: '2 h 30 min', '4 h', '45 min'."""
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours:,} h"] if hours else []) + ([f"{rest} min"] if rest or not hours else [])
    return " ".join(parts)


def planned_outage_text(minutes: int, computed: bool, counted: bool) -> str:
    """Planned outage in a month, and whether a computed availability counts it:
    'Planned outage: 4 h, not counted'. A figure the stats file gives is the team's own."""
    if not computed:
        return f"Planned outage: {duration_text(minutes)}"
    return f"Planned outage: {duration_text(minutes)}, {'counted' if counted else 'not counted'}"


def computed_note(headlines: Headlines) -> str:
    """How many of the organisation's availability figures were computed from incidents."""
    if not headlines.availability_computed:
        return ""
    services = "service's" if headlines.availability_services == 1 else "services'"
    return f"{headlines.availability_computed} of {headlines.availability_services} {services} availability " \
           "computed from incidents"


def stats_template_helpers(summaries: Mapping[str, ServiceSummary]) -> TemplateHelpers:
    """What templates need to show stats: words for figures, the measures, and each service's
    headline figure for its card (`card_figures`)."""
    return TemplateHelpers(globals={
        "value_text": value_text,
        "margin_text": margin_text,
        "month_name": month_name,
        "short_month": short_month,
        "duration_text": duration_text,
        "planned_outage_text": planned_outage_text,
        "computed_note": computed_note,
        "measures": MEASURES,
        "card_figures": headline_figures(summaries),
    })


# --- the service page's panel ------------------------------------------------------------------


def render_stats_panel(summary: ServiceSummary, settings: Settings, env: jinja2.Environment,
                       today: date) -> Markup:
    """The stats panel of a service page: newest figures against targets, trends, the numbers."""
    stats = summary.stats
    context: dict[str, Any] = {"service": summary.service, "stats": stats, "summary": summary}
    if stats is not None:
        trend = stats.trend()
        tickets = stats.latest("incidents") or stats.latest("requests")
        context.update(
            charts=[(chart_caption(summary.service, measure, len(trend)),
                     line_chart(_series(summary.service, measure, trend)))
                    for measure in TREND_MEASURES if any(r and r.value(measure.key) is not None for _, r in trend)],
            trend=trend,
            tickets=tickets,
            partial=stats.newest.month == month_of(today),
            legend_computed=any(r is not None and r.availability_computed for _, r in trend),
            legend_planned=any(r is not None and r.planned_outage_minutes for _, r in trend),
        )
    return Markup(env.get_template("stats_panel.html").render(context))


def _series(service: Service, measure: Measure, trend: list[tuple[date, MonthlyStats | None]]) -> Series:
    return Series(
        chart_id=f"chart-{service.id}-{measure.key}",
        title=measure.label,
        points=[(month, record.value(measure.key) if record else None) for month, record in trend],
        format=lambda value: value_text(measure, value),
        target=target_of(service, measure),
        higher_is_better=measure.higher_is_better,
        ceiling=100 if measure is AVAILABILITY else 5 if measure is SATISFACTION else None,
        least_span=2 if measure is AVAILABILITY else 1 if measure is SATISFACTION else None,
        tick=lambda value: axis_text(measure, value),
    )


def chart_caption(service: Service, measure: Measure, months: int) -> str:
    """What a chart shows, its unit and what its dashed line means."""
    unit = " (out of 5)" if measure is SATISFACTION else "" if measure is AVAILABILITY else " in hours"
    target = target_of(service, measure)
    key = f" · dashed line: target {value_text(measure, target)}" if target is not None else ""
    return f"{measure.label}{unit}, last {months} months{key}"


def axis_text(measure: Measure, value: float) -> str:
    """A figure as a chart's axis shows it, short: '99.5%', '16 h', '4.2'."""
    if measure in (AVAILABILITY, SLA_MET):
        return f"{_number(value)}%"
    if measure is SATISFACTION:
        return _number(value)
    return f"{_number(value, 1)} h"


# --- headline figures (cards, home page) -------------------------------------------------------


@dataclass(frozen=True)
class CardFigure:
    """A service's one headline number for a card: '99.95% available in October 2026'."""

    text: str
    month: str
    met: bool | None


def headline_figure(summary: ServiceSummary) -> CardFigure | None:
    """The figure a card shows: availability, or else satisfaction, or else first response."""
    for measure, words in ((AVAILABILITY, "available"), (SATISFACTION, "satisfaction"),
                           (FIRST_RESPONSE, "median first response")):
        found = summary.figure(measure)
        if found is not None and not found.low_confidence:
            return CardFigure(f"{value_text(measure, found.value)} {words}", month_name(found.month), found.met)
    return None


def headline_figures(summaries: Mapping[str, ServiceSummary]) -> dict[str, CardFigure]:
    """The headline figure of every service that has one, by id."""
    return {service_id: f for service_id, s in summaries.items() if (f := headline_figure(s)) is not None}


# --- the organisation's figures ----------------------------------------------------------------


@dataclass(frozen=True)
class Headlines:
    """The whole organisation's figures for one complete month, correctly weighted."""

    month: date
    tickets: int
    resolved: int
    ticket_services: int
    first_response_hours: float | None  # the ticket-weighted median of the services' medians
    availability: float | None  # each service counts once: each was measured for the whole month
    availability_services: int
    satisfaction: float | None  # weighted by survey responses
    responses: int
    sla_met: float | None  # weighted by tickets
    meeting_all: int
    compared: int
    availability_computed: int = 0  # of availability_services, how many computed from incidents (none in the file)

    @property
    def meeting_all_percent(self) -> float | None:
        """The share of services with targets that met every one of them this month."""
        return 100 * self.meeting_all / self.compared if self.compared else None


def dashboard_month(stats: Mapping[str, ServiceStats], today: date) -> date | None:
    """The newest complete month (before today's) that any service has figures for."""
    current = month_of(today)
    months = [m.month for s in stats.values() for m in s.months if m.month < current]
    return max(months, default=None)


def weighted_median(pairs: Iterable[tuple[float, int]]) -> float | None:
    """The median of values each counted `weight` times (the middle two averaged on a tie)."""
    ordered = sorted((value, weight) for value, weight in pairs if weight > 0)
    total = sum(weight for _, weight in ordered)
    if not total:
        return None
    seen = 0
    for index, (value, weight) in enumerate(ordered):
        seen += weight
        if seen * 2 > total:
            return value
        if seen * 2 == total:
            return (value + ordered[index + 1][0]) / 2
    return ordered[-1][0]  # pragma: no cover - the loop always returns


def weighted_mean(pairs: Iterable[tuple[float, int]]) -> float | None:
    """The mean of values each counted `weight` times."""
    pairs = [(value, weight) for value, weight in pairs if weight > 0]
    total = sum(weight for _, weight in pairs)
    return sum(value * weight for value, weight in pairs) / total if total else None


def organisation_headlines(summaries: Mapping[str, ServiceSummary], today: date) -> Headlines | None:
    """The organisation's figures for the newest complete month."""
    stats = {k: s.stats for k, s in summaries.items() if s.stats is not None}
    month = dashboard_month(stats, today)
    return None if month is None else headlines_for(summaries, month)


def headlines_for(summaries: Mapping[str, ServiceSummary], month: date) -> Headlines | None:
    """The organisation's figures for one month (None if no service has figures for it)."""
    records = [(s, r) for s in summaries.values() if s.stats is not None and (r := s.stats.month(month)) is not None]
    if not records:
        return None
    counted = [(r, r.tickets) for _, r in records if r.tickets is not None]
    availability = [r.availability for _, r in records if r.availability is not None]
    computed = sum(1 for _, r in records if r.availability is not None and r.availability_computed)
    verdicts = [meets_all_targets(summary.month_figures(month)) for summary, _ in records]
    return Headlines(
        month=month,
        tickets=sum(t for _, t in counted),
        resolved=sum(r.resolved or 0 for r, _ in counted),
        ticket_services=len(counted),
        first_response_hours=weighted_median((r.first_response_hours, t) for r, t in counted
                                             if r.first_response_hours is not None),
        availability=sum(availability) / len(availability) if availability else None,
        availability_services=len(availability),
        availability_computed=computed,
        satisfaction=weighted_mean((r.satisfaction, r.survey_responses or 0) for _, r in records
                                   if r.satisfaction is not None),
        responses=sum(r.survey_responses or 0 for _, r in records if r.satisfaction is not None),
        sla_met=weighted_mean((r.sla_met, t) for r, t in counted if r.sla_met is not None),
        meeting_all=verdicts.count(True),
        compared=sum(1 for v in verdicts if v is not None),
    )


# --- the home page's figures: chosen by the team, rounded for reading, with the month's change -----


@dataclass(frozen=True)
class HeadlineKind:
    """One kind of headline figure: how to find it, round it and say it."""

    key: str  # as the settings name it (home_figures)
    label: str
    places: int  # decimal places on the home page (exact figures stay on /stats/)
    unit: str  # after the value: '%', ' hours', ' out of 5', ''
    change_unit: str  # after a change: ' points', ' hours', ''
    value: Callable[[Headlines], float | None]


HEADLINE_KINDS = {kind.key: kind for kind in (
    HeadlineKind("tickets", "tickets handled", 0, "", "", lambda h: h.tickets),
    HeadlineKind("first-response", "median first response", 1, " hours", " hours", lambda h: h.first_response_hours),
    HeadlineKind("availability", "availability across services", 1, "%", " points", lambda h: h.availability),
    HeadlineKind("satisfaction", "satisfaction", 1, " out of 5", "", lambda h: h.satisfaction),
    HeadlineKind("sla-met", "of tickets within target time", 0, "%", " points", lambda h: h.sla_met),
    HeadlineKind("meeting-all", "of services met all their targets", 0, "%", " points",
                 lambda h: h.meeting_all_percent),
)}
HOME_FIGURES_DEFAULT = ("tickets", "first-response", "availability", "satisfaction")


@dataclass(frozen=True)
class HomeFigure:
    """A headline figure as the home page shows it: '99.7%', and 'up 0.1 points from September'."""

    key: str
    value: str
    label: str
    change: str | None  # in words; None when last month has no figure to compare with
    direction: str  # 'up', 'down' or 'same' ('' without a change)
    note: str = ""  # where the figure came from, when that needs saying


def month_before(month: date) -> date:
    """The first day of the month before."""
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def home_headlines(summaries: Mapping[str, ServiceSummary], settings: Settings,
                   today: date) -> tuple[Headlines, list[HomeFigure]] | None:
    """The newest complete month's figures the team chose for the home page, with their change."""
    current = organisation_headlines(summaries, today)
    if current is None:
        return None
    previous = headlines_for(summaries, month_before(current.month))
    return current, home_figures(current, previous, settings.home_figures or HOME_FIGURES_DEFAULT)


def home_figures(current: Headlines, previous: Headlines | None, keys: Sequence[str]) -> list[HomeFigure]:
    """The figures the team chose, in its order, each rounded and compared with the month before."""
    figures = []
    for key in keys:
        kind = HEADLINE_KINDS[key]
        value = kind.value(current)
        if value is None:
            continue
        before = kind.value(previous) if previous is not None else None
        change, direction = _change(kind, value, before, previous.month if previous else None)
        note = computed_note(current) if kind.key == "availability" else ""
        figures.append(HomeFigure(key, _rounded(value, kind.places) + kind.unit, kind.label, change, direction, note))
    return figures


def _rounded(value: float, places: int) -> str:
    return f"{value:,.{places}f}" if places else f"{round(value):,}"


def _change(kind: HeadlineKind, value: float, before: float | None, month: date | None) -> tuple[str | None, str]:
    if before is None or month is None:
        return None, ""
    step = round(value, kind.places) - round(before, kind.places)
    if round(step, kind.places) == 0:
        return f"same as {month:%B}", "same"
    direction = "up" if step > 0 else "down"
    amount = _rounded(abs(step), kind.places)
    unit = kind.change_unit.removesuffix("s") if amount == "1" else kind.change_unit  # 1 point, 1 hour
    return f"{direction} {amount}{unit} from {month:%B}", direction


# --- the dashboard -----------------------------------------------------------------------------


def stats_dashboard(summaries: Mapping[str, ServiceSummary], settings: Settings, env: jinja2.Environment,
                    today: date) -> list[GeneratedPage]:
    """/stats/: the organisation's headline figures, and every service's newest figures.

    The table holds DASHBOARD_ROWS services a page (by title), so the page stays light
    however many services there are; further pages are /stats/page-2/ and on.
    """
    measured = sorted((s for s in summaries.values() if s.stats is not None),
                      key=lambda s: (s.service.title.casefold(), s.service.id))
    unmeasured = [s.service for s in summaries.values()
                  if s.stats is None and s.service.lifecycle in ("live", "retiring")]
    categories = [c for c in settings.categories if any(s.service.category == c.id for s in measured)]
    headlines = organisation_headlines(summaries, today)
    parts = chunks(measured, DASHBOARD_ROWS)
    count = len(parts)
    sources = [dashboard_src(number) for number in range(1, count + 1)]
    pages = []
    for number, (here, rows) in enumerate(zip(sources, parts, strict=True), start=1):
        title = "Service stats" if number == 1 else f"Service stats (page {number} of {count})"
        writer = PageWriter(here, front_matter(
            title, description=f"How well {settings.team}'s services are doing, month by month.",
            hide=["toc"]), in_nav=number == 1)
        writer.render(env, "stats_dashboard.html",
            here=here, headlines=headlines if number == 1 else None,
            legend_computed=any(f.computed for s in rows for f in s.figures)
            or bool(number == 1 and headlines and headlines.availability_computed),
            legend_planned=any(_planned_minutes(s) for s in rows),
            first_page=number == 1, rows=rows, categories=categories, unmeasured=unmeasured[:UNMEASURED_LISTED],
            unmeasured_count=len(unmeasured) if number == 1 else 0, number=number, count=count,
            pages=sources, first_row=(number - 1) * DASHBOARD_ROWS + 1, total=len(measured),
            table_measures=(AVAILABILITY, FIRST_RESPONSE, RESOLUTION, SATISFACTION))
        pages.append(writer.page())
    return pages


def _planned_minutes(summary: ServiceSummary) -> int:
    """Planned outage in the month of a service's newest availability figure (shown beside it)."""
    found = summary.figure(AVAILABILITY)
    record = summary.stats.month(found.month) if found is not None and summary.stats is not None else None
    return record.planned_outage_minutes if record is not None else 0


def dashboard_src(number: int) -> str:
    """Where a page of the dashboard comes from in the build."""
    return DASHBOARD if number == 1 else f"stats/page-{number}.md"
