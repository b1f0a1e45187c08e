"""What is true now, by the build's clock: each service's state, what depends on it, and its history.

The one place where incidents and maintenance become states. A state is one of STATES, from best
to worst; a day's state is the worst of the day. Maintenance counts only while a window is open
and only if it interrupts something (impact other than `none`); it never counts as an incident.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..catalogue.catalogue import Catalogue
from ..catalogue.services import Service
from .incidents import Incident
from .maintenance import Maintenance, Window

STATES = ("operational", "maintenance", "degraded", "partial-outage", "major-outage")
STATE_TITLES = {
    "operational": "Operational",
    "maintenance": "Under maintenance",
    "degraded": "Degraded",
    "partial-outage": "Partial outage",
    "major-outage": "Major outage",
}
OUTAGES = ("partial-outage", "major-outage")
HISTORY_DAYS = 90


def worst(states: Iterable[str]) -> str:
    """The worst of some states (operational if none)."""
    return max(states, key=STATES.index, default="operational")


@dataclass(frozen=True)
class Planned:
    """One window of a maintenance."""

    maintenance: Maintenance
    window: Window

    @property
    def interrupts(self) -> bool:
        """Whether staff notice it (impact other than none)."""
        return self.maintenance.impact != "none"


@dataclass(frozen=True)
class Needs:
    """A service that may be affected because it needs an affected one: the way from it, by id."""

    path: tuple[str, ...]  # the service, then each it needs in turn; the last is the affected one

    @property
    def affected(self) -> str:
        """The id of the affected service it needs."""
        return self.path[-1]


@dataclass(frozen=True)
class ServiceStatus:
    """One service now, and over the last HISTORY_DAYS days."""

    service: Service
    state: str
    incidents: tuple[Incident, ...]  # open, naming the service
    now: tuple[Planned, ...]  # maintenance windows open now
    ahead: tuple[Planned, ...]  # windows starting within the notice period
    needs: tuple[Needs, ...]  # affected services it depends on, each by the shortest way
    days: tuple[tuple[date, str], ...]  # oldest first

    @property
    def has_news(self) -> bool:
        """Whether its page needs a banner."""
        return bool(self.incidents or self.now or self.ahead or self.needs)


@dataclass(frozen=True)
class StatusBoard:
    """The status of every offered service, and what /status/ lists, as of `now`."""

    now: datetime
    services: tuple[ServiceStatus, ...]  # by title
    open_incidents: tuple[Incident, ...]  # latest update first
    recent: tuple[Incident, ...]  # resolved within HISTORY_DAYS, newest first
    ahead: tuple[Planned, ...]  # open now or starting within the notice period, by start
    notice_days: int

    @property
    def by_id(self) -> dict[str, ServiceStatus]:
        """Each service's status by its id."""
        return {s.service.id: s for s in self.services}

    @property
    def outages(self) -> tuple[ServiceStatus, ...]:
        """Services in partial or major outage now (for the home page)."""
        return tuple(s for s in self.services if s.state in OUTAGES or
                     any(p.maintenance.impact == "outage" for p in s.now))

    @property
    def all_operational(self) -> bool:
        """Whether every service works as it should."""
        return all(s.state == "operational" for s in self.services)


def _latest(incident: Incident) -> datetime:
    return incident.latest.at if incident.latest else incident.started


def status_board(catalogue: Catalogue, incidents: Sequence[Incident], maintenance: Sequence[Maintenance],
                 now: datetime, notice_days: int) -> StatusBoard:
    """Every offered service's status as of `now`."""
    open_incidents = tuple(sorted((i for i in incidents if i.is_open), key=_latest, reverse=True))
    start = datetime.combine(now.date() - timedelta(days=HISTORY_DAYS - 1), time(), now.tzinfo)
    notice = now + timedelta(days=notice_days)
    windows = [Planned(m, w) for m in maintenance for w in m.windows(start, notice)]
    windows.sort(key=lambda p: (p.window.start, p.maintenance.slug))
    in_progress = [p for p in windows if p.window.contains(now)]
    ahead = [p for p in windows if now <= p.window.start < notice]
    states = {s.id: _state_now(s.id, open_incidents, in_progress) for s in catalogue.offered}
    affected = {service_id for service_id, state in states.items() if state != "operational"}
    days = history_days(now)
    board = []
    for service in catalogue.offered:
        board.append(ServiceStatus(
            service, states[service.id],
            tuple(i for i in open_incidents if service.id in i.services),
            tuple(p for p in in_progress if service.id in p.maintenance.services),
            tuple(p for p in ahead if service.id in p.maintenance.services),
            dependency_paths(service.id, catalogue.by_id, affected),
            history(service.id, incidents, windows, now, days)))
    recent = tuple(i for i in incidents if i.resolved is not None and i.resolved >= start)
    upcoming = tuple(p for p in windows if p.window.contains(now) or now <= p.window.start < notice)
    return StatusBoard(now, tuple(board), open_incidents, recent, upcoming, notice_days)


def _state_now(service_id: str, open_incidents: Iterable[Incident], in_progress: Iterable[Planned]) -> str:
    states = [i.impact for i in open_incidents if service_id in i.services]
    states += ["maintenance" for p in in_progress if p.interrupts and service_id in p.maintenance.services]
    return worst(states)


def dependency_paths(service_id: str, by_id: Mapping[str, Service], affected: set[str]) -> tuple[Needs, ...]:
    """For each affected service this one needs, directly or through others, the shortest way to it."""
    ways: dict[str, tuple[str, ...]] = {service_id: (service_id,)}
    queue = [service_id]
    found: list[Needs] = []
    while queue:
        here = queue.pop(0)
        service = by_id.get(here)
        for needed in service.depends_on if service else ():
            if needed in ways:
                continue
            ways[needed] = (*ways[here], needed)
            queue.append(needed)
            if needed in affected:
                found.append(Needs(ways[needed]))
    return tuple(found)


@dataclass(frozen=True)
class HistoryDay:
    """One day of the status history, and when it begins and ends by the build's clock."""

    day: date
    begin: datetime
    end: datetime


def history_days(now: datetime) -> tuple[HistoryDay, ...]:
    """The last HISTORY_DAYS days, oldest first (today so far included): the same for every service."""
    days = []
    for back in range(HISTORY_DAYS - 1, -1, -1):
        day = now.date() - timedelta(days=back)
        begin = datetime.combine(day, time(), now.tzinfo)
        days.append(HistoryDay(day, begin, begin + timedelta(days=1)))
    return tuple(days)


def history(service_id: str, incidents: Iterable[Incident], windows: Iterable[Planned],
            now: datetime, days: Iterable[HistoryDay]) -> tuple[tuple[date, str], ...]:
    """The worst state of each of the `days` (history_days), oldest first."""
    spans = [(i.started, i.until(now), i.impact) for i in incidents if service_id in i.services]
    spans += [(p.window.start, min(p.window.end, now), "maintenance") for p in windows
              if p.interrupts and service_id in p.maintenance.services and p.window.start < now]
    if not spans:  # nothing touched it: every day's state is the worst of none
        calm = worst(())
        return tuple((d.day, calm) for d in days)
    return tuple((d.day, worst(state for s, e, state in spans if s < d.end and e > d.begin)) for d in days)
