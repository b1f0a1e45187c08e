"""A month's availability from incidents, where a stats file does not give one.

Availability is the share of the month's minutes without a partial or major outage of the service
(overlapping incidents count once; a degraded service is up). Planned maintenance with impact
`outage` does not count against it unless `maintenance_counts_against_availability` is set.
Only complete months are computed, and only from the month the site's first incident started:
before it, no incidents recorded does not mean none happened. Figures computed are marked so, and
the pages say where each came from. Every month also carries its minutes of planned outage (up to
the build's clock), which the pages show apart from availability.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from ..stats.stats import MonthlyStats, ServiceStats, add_months, month_of
from .incidents import Incident
from .maintenance import Maintenance
from .status import OUTAGES

UTC = ZoneInfo("UTC")


def with_computed_availability(stats: Mapping[str, ServiceStats], incidents: Sequence[Incident],
                               maintenance: Sequence[Maintenance], now: datetime,
                               count_maintenance: bool = False) -> dict[str, ServiceStats]:
    """The stats, with availability computed from incidents for every complete month that lacks one,
    and every month's minutes of planned outage (maintenance with impact `outage`), shown apart."""
    first = month_of(min(i.started for i in incidents).date()) if incidents else None
    this_month = month_of(now.date())
    planned_for = {s for m in maintenance if m.impact == "outage" for s in m.services}
    changed: dict[str, ServiceStats] = {}
    for service_id, service_stats in stats.items():
        if first is None and service_id not in planned_for:
            changed[service_id] = service_stats  # nothing to compute or show apart: most services, most builds
            continue
        months = []
        for record in service_stats.months:
            if service_id in planned_for:
                start, end = _month_span(record.month, now)
                planned = round(_planned_outage(service_id, maintenance, start, min(end, now.astimezone(UTC))) / 60)
                record = replace(record, planned_outage_minutes=planned) if planned else record
            if record.availability is None and first is not None and first <= record.month < this_month:
                record = _computed(record, service_id, incidents, maintenance, now, count_maintenance)
            months.append(record)
        changed[service_id] = replace(service_stats, months=tuple(months), by_month={m.month: m for m in months})
    return changed


def _month_span(month: date, now: datetime) -> tuple[datetime, datetime]:
    """The month's first and last moment, in UTC, so a month with a clock change has its real length
    (aware times in one zone subtract as wall times)."""
    zone = now.tzinfo or UTC
    return (datetime.combine(month, time(), zone).astimezone(UTC),
            datetime.combine(add_months(month, 1), time(), zone).astimezone(UTC))


def _outage_windows(service_id: str, maintenance: Sequence[Maintenance], start: datetime,
                    end: datetime) -> list[tuple[datetime, datetime]]:
    return [(w.start, w.end) for m in maintenance if service_id in m.services and m.impact == "outage"
            for w in m.windows(start, end)]


def _planned_outage(service_id: str, maintenance: Sequence[Maintenance], start: datetime, end: datetime) -> float:
    """Seconds of planned outage of the service between `start` and `end` (overlapping windows once)."""
    if end <= start:
        return 0.0
    spans = _outage_windows(service_id, maintenance, start, end)
    return _covered([(s.astimezone(UTC), e.astimezone(UTC)) for s, e in spans], start, end)


def _computed(record: MonthlyStats, service_id: str, incidents: Sequence[Incident],
              maintenance: Sequence[Maintenance], now: datetime, count_maintenance: bool) -> MonthlyStats:
    start, end = _month_span(record.month, now)
    if count_maintenance:
        spans = [(i.started, i.until(now)) for i in incidents if service_id in i.services and i.impact in OUTAGES]
        spans += _outage_windows(service_id, maintenance, start, end)
        down = _covered([(s.astimezone(UTC), e.astimezone(UTC)) for s, e in spans], start, end)
    else:
        down = downtime_seconds(service_id, incidents, start, end, now)
    total = (end - start).total_seconds()
    return replace(record, availability=round(100 * (1 - down / total), 3), availability_computed=True)


def downtime_seconds(service_id: str, incidents: Sequence[Incident], start: datetime, end: datetime,
                     now: datetime) -> float:
    """Seconds between `start` and `end` that a service was in partial or major outage (overlapping
    incidents counted once; an open incident lasts until `now`)."""
    spans = [(i.started, i.until(now)) for i in incidents if service_id in i.services and i.impact in OUTAGES]
    return _covered([(s.astimezone(UTC), e.astimezone(UTC)) for s, e in spans],
                    start.astimezone(UTC), end.astimezone(UTC))


def _covered(spans: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> float:
    """Seconds between `start` and `end` within any of the spans (overlaps counted once)."""
    clipped = sorted((max(s, start), min(e, end)) for s, e in spans if s < end and e > start)
    seconds = 0.0
    reach = start
    for s, e in clipped:
        s = max(s, reach)
        if e > s:
            seconds += (e - s).total_seconds()
            reach = e
    return seconds
