"""Bad input in what the monthly brief reads beyond the rest of the site: a stats month's `reasons` and a
resource's `taken` count (see breaking.py). Refused cases fail the build naming `path:line: field`, with
the last good site untouched; accepted ones build with --strict and show on /briefs/<YYYY-MM>/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from breaking import Accepted, Case, assert_accepted, assert_refused, replacing
from bs4 import BeautifulSoup
from conftest import Build, GoodSite

CLUSTER = "content/stats/research-computing-cluster.yml"
REASON = '      availability: "A cooling failure in the data centre on 14 October'
HEADSETS = "content/resources/winter-headset-giveaway.md"
ADAPTERS = "content/resources/usb-c-adapter-giveaway.md"

CASES = [
    Case("stats-reason-unknown-measure", "a reason for a measure misspelt",
         replacing(CLUSTER, REASON, REASON.replace("availability", "availabilty")),
         (f"{CLUSTER}:114: months[11].reasons.availabilty: is not a known field; did you mean 'availability'?",)),
    Case("stats-reason-for-a-measure-without-target", "a reason for a figure no target is held against",
         replacing(CLUSTER, REASON, REASON.replace("availability", "sla_met")),
         (f"{CLUSTER}:114: months[11].reasons.sla_met: is not a known field",)),
    Case("stats-reason-not-a-mapping", "reasons written as one line of text",
         replacing(CLUSTER, "    reasons:\n" + REASON,
                   '    reasons: "A cooling failure in the data centre on 14 October'),
         (f"{CLUSTER}:113: months[11].reasons: must be a mapping of measures to a line of text",)),
    Case("stats-reason-empty", "a reason left empty",
         replacing(CLUSTER, REASON + " stopped the cluster for 11 hours; a second chiller is on order.\"",
                   '      availability: ""'),
         (f"{CLUSTER}:114: months[11].reasons.availability: must not be empty",)),
    Case("stats-reason-too-long", "a reason longer than a line",
         replacing(CLUSTER, "a second chiller is on order.", "a second chiller is on order." + " More." * 40),
         (f"{CLUSTER}:114: months[11].reasons.availability: is 354 characters long; the limit is 300",)),
    Case("resource-taken-negative", "a giveaway taken up a negative number of times",
         replacing(HEADSETS, "taken: 26", "taken: -3"), (f"{HEADSETS}:10: taken: ",)),
    Case("resource-taken-not-whole", "half a headset taken",
         replacing(HEADSETS, "taken: 26", "taken: 2.5"), (f"{HEADSETS}:10: taken: ",)),
    Case("resource-taken-text", "taken written as words",
         replacing(HEADSETS, "taken: 26", "taken: lots"), (f"{HEADSETS}:10: taken: ",)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_brief_content_fails_the_build_and_keeps_the_last_good_site(case: Case, good_site: GoodSite,
                                                                        tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)


def brief_text(build: Build, section: str) -> str:
    found = BeautifulSoup(build.page("briefs/2026-10/"), "html.parser").select_one(f"#{section}")
    assert found is not None
    return " ".join(found.get_text(" ").split())


def shows_reason(build: Build) -> None:
    text = brief_text(build, "missed-targets")
    assert "Chiller <b>failed</b> & was replaced" in text
    page = build.page("briefs/2026-10/")
    assert "<b>failed</b>" not in page and "Chiller &lt;b&gt;failed&lt;/b&gt; &amp; was replaced" in page


def shows_none_taken_up(build: Build) -> None:
    assert "Giving away: USB-C adapter giveaway (0 taken up);" in brief_text(build, "giveaways")


ACCEPTED = [
    Accepted("stats-reason-markup", "markup in a reason is text in the brief",
             replacing(CLUSTER, REASON + " stopped the cluster for 11 hours; a second chiller is on order.\"",
                       '      availability: "Chiller <b>failed</b> & was replaced"'), shows_reason),
    Accepted("resource-taken-zero", "a giveaway nobody took up is said so, not left out",
             replacing(ADAPTERS, "tags: [hardware]", "tags: [hardware]\ntaken: 0"), shows_none_taken_up),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])
def test_odd_but_fine_brief_content_builds(case: Accepted, good_site: GoodSite, tmp_path: Path) -> None:
    assert_accepted(case, good_site, tmp_path)
