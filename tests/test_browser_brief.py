"""/briefs/ and a month's brief in a real browser: axe-core finds nothing serious at phone and desktop
widths, in light and dark, and the brief fits the phone's width."""

from __future__ import annotations

import pytest
from test_accessibility import SCHEMES, VIEWPORTS, axe_script, blocking_violations, describe, open_as

__all__ = ["axe_script", "open_as"]  # fixtures, used by name


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["briefs/", "briefs/2026-10/"])
def test_the_briefs_have_no_serious_accessibility_violations(open_as, served_site, axe_script, path, viewport,
                                                              scheme):
    page = open_as(served_site + path, viewport, scheme)
    violations = blocking_violations(page, axe_script)
    assert violations == [], f"/{path} ({viewport}, {scheme}):\n" + describe(violations)
    # Nothing wider than the screen but the table of missed targets, which scrolls in its own region.
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"/{path} scrolls sideways at {viewport}"
    if path != "briefs/":
        assert page.get_by_role("heading", name="Targets missed", level=2).is_visible()
        assert page.get_by_role("region", name="Targets missed").is_visible()
