"""The build's idea of "now": the real clock, or a fixed one for tests and previews."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .problems import ContentError, Problem

# Set to a date (2026-11-23) or a date and time (2026-11-23T09:00:00+00:00) to fix the clock.
NOW_VARIABLE = "FRONTDESK_NOW"


def build_now(timezone: str, environ: dict[str, str] | None = None) -> datetime:
    """The moment the build takes as now, in the site's time zone."""
    environ = dict(os.environ) if environ is None else environ
    zone = ZoneInfo(timezone)
    fixed = environ.get(NOW_VARIABLE, "").strip()
    if not fixed:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(fixed)
    except ValueError:
        raise ContentError([Problem("environment", 1, NOW_VARIABLE,
                                    "must be a date or date and time in ISO 8601 form, "
                                    "like 2026-11-23 or 2026-11-23T09:00:00+00:00", repr(fixed))]) from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def build_today(timezone: str, environ: dict[str, str] | None = None) -> date:
    """Today's date in the site's time zone, by the build's clock."""
    return build_now(timezone, environ).date()
