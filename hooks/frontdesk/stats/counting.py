"""Counting an export's tickets: each service's monthly figures, by the month a ticket was opened.

    tickets → per service and month: incidents, requests, resolved, median hours, share within SLA,
              satisfaction
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from .stats import month_of
from .ticket_exports import Ticket

# The fields an import computes; every other field of a month (availability) is kept as it was.
COMPUTED = ("incidents", "requests", "resolved", "first_response_hours", "resolution_hours",
            "sla_met", "satisfaction", "survey_responses")


def _hours(start: datetime, end: datetime) -> float:
    return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600


def aggregate(tickets: Iterable[Ticket]) -> dict[str, dict[date, dict[str, float]]]:
    """Per service and month opened, the computed fields of that month."""
    groups: dict[str, dict[date, list[Ticket]]] = {}
    for ticket in tickets:
        for service_id in ticket.services:
            groups.setdefault(service_id, {}).setdefault(month_of(ticket.opened.date()), []).append(ticket)
    return {service_id: {month: month_aggregate(found) for month, found in sorted(months.items())}
            for service_id, months in sorted(groups.items())}


def month_aggregate(tickets: Sequence[Ticket]) -> dict[str, float]:
    """One service's month: counts, medians, share within SLA, satisfaction (counts are ints)."""
    values: dict[str, float] = {
        "incidents": sum(1 for t in tickets if t.kind == "incident"),
        "requests": sum(1 for t in tickets if t.kind == "request"),
        "resolved": sum(1 for t in tickets if t.resolved is not None),
    }
    responses = [_hours(t.opened, t.first_response) for t in tickets if t.first_response is not None]
    resolutions = [_hours(t.opened, t.resolved) for t in tickets if t.resolved is not None]
    sla = [t.made_sla for t in tickets if t.made_sla is not None]
    scores = [t.satisfaction for t in tickets if t.satisfaction is not None]
    if responses:
        values["first_response_hours"] = round(statistics.median(responses), 1)
    if resolutions:
        values["resolution_hours"] = round(statistics.median(resolutions), 1)
    if sla:
        values["sla_met"] = round(100 * sla.count(True) / len(sla), 1)
    if scores:
        values["satisfaction"] = round(statistics.fmean(scores), 2)
        values["survey_responses"] = len(scores)
    return values
