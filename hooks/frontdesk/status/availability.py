"""A month's availability from incidents, where a stats file does not give one.

Availability is the share of the month's minutes without a partial or major outage of the service
(overlapping incidents count once; a degraded service is up). Planned maintenance with impact
`outage` does not count against it unless `maintenance_counts_against_availability` is set.
Only complete months are computed, and only from the month the site's first incident started:
before it, no incidents recorded does not mean none happened. Figures computed are marked so, and
the pages say where each came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

from ..stats.stats import MonthlyStats, ServiceStats, add_months, month_of
from .incidents import Incident
from .maintenance import Maintenance
from .status import OUTAGES

UTC = ZoneInfo("UTC")


def with_computed_availability(stats: Mapping[str, ServiceStats], incidents: Sequence[Incident],
                               maintenance: Sequence[Maintenance], now: datetime,
                               count_maintenance: bool = False) -> dict[str, ServiceStats]:
    """The stats, with availability computed from incidents for every complete month that lacks one."""
    if not incidents:
        return dict(stats)
    first = month_of(min(i.started for i in incidents).date())
    this_month = month_of(now.date())
    changed: dict[str, ServiceStats] = {}
    for service_id, service_stats in stats.items():
        months = tuple(
            _computed(record, service_id, incidents, maintenance, now, count_maintenance)
            if record.availability is None and first <= record.month < this_month else record
            for record in service_stats.months)
        changed[service_id] = replace(service_stats, months=months, by_month={m.month: m for m in months})
    return changed


def _computed(record: MonthlyStats, service_id: str, incidents: Sequence[Incident],
              maintenance: Sequence[Maintenance], now: datetime, count_maintenance: bool) -> MonthlyStats:
    zone = now.tzinfo or UTC
    # In UTC, so a month with a clock change has its real length (aware times in one zone subtract as wall times).
    start = datetime.combine(record.month, time(), zone).astimezone(UTC)
    end = datetime.combine(add_months(record.month, 1), time(), zone).astimezone(UTC)
    down = downtime_seconds(service_id, incidents, start, end, now)
    if count_maintenance:
        spans = [(w.start, w.end) for m in maintenance if service_id in m.services and m.impact == "outage"
                 for w in m.windows(start, end)]
        spans += [(i.started, i.until(now)) for i in incidents if service_id in i.services and i.impact in OUTAGES]
        down = _covered([(s.astimezone(UTC), e.astimezone(UTC)) for s, e in spans], start, end)
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


