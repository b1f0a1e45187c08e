"""How dates and numbers read on a page."""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    """A date as people write it: 14 September 2026."""
    return f"{day.day} {day:%B %Y}"


def number_text(value: float) -> str:
    """A number without a needless '.0'."""
    return f"{value:g}"


def hours_text(value: float) -> str:
    """Hours in words: '4 hours', '1 hour', '3 working days' stays in hours."""
    return f"{value:g} hour" + ("" if value == 1 else "s")
