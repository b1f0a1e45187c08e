"""The build's idea of "now": the real clock, or a fixed one for tests and previews."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .problems import ContentError, Problem, shown

# Set to a date (2026-11-23) or a date and time (2026-11-23T09:00:00+00:00) to fix the clock.
NOW_VARIABLE = "FRONTDESK_NOW"
# The days a build can be on: the sitemap's gzip header holds the build day as seconds since
# 1970 in 32 bits, which end on 7 February 2106.
EARLIEST_TODAY = date(1970, 1, 1)
LATEST_TODAY = date(2106, 2, 7)


def build_now(timezone: str, environ: dict[str, str] | None = None) -> datetime:
    """The moment the build takes as now, in the site's time zone; raises ContentError naming
    FRONTDESK_NOW when it is set to something else than a moment a build can be at."""
    environ = dict(os.environ) if environ is None else environ
    zone = ZoneInfo(timezone)
    fixed = environ.get(NOW_VARIABLE, "").strip()
    if not fixed:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(fixed)
    except ValueError:
        raise _clock_error("must be a date or date and time in ISO 8601 form, "
                           "like 2026-11-23 or 2026-11-23T09:00:00+00:00", fixed) from None
    try:
        moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    except OverflowError:  # an offset that moves it past year 1 or 9999
        moment = datetime.min.replace(tzinfo=zone)
    if not EARLIEST_TODAY <= moment.date() <= LATEST_TODAY:
        raise _clock_error(f"must be a day from {EARLIEST_TODAY.isoformat()} to {LATEST_TODAY.isoformat()} "
                           "in the site's time zone", fixed)
    return moment


def _clock_error(message: str, value: str) -> ContentError:
    """The problem with FRONTDESK_NOW, as every command reports content problems."""
    return ContentError([Problem("environment", 1, NOW_VARIABLE, message, shown(value))])


def build_today(timezone: str, environ: dict[str, str] | None = None) -> date:
    """Today's date in the site's time zone, by the build's clock."""
    return build_now(timezone, environ).date()
