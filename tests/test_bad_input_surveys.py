"""Bad input in survey results (content/surveys/<id>.yml).

Refused cases build over a copy of the last good site (see breaking.py): a clean refusal naming
`path:line: field`, every problem at once, the last good site untouched. A hand-edited file may
not show a small group, nor let a total reveal one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from breaking import Case, assert_refused, replacing, writing
from conftest import GoodSite

AUTUMN = "content/surveys/2026-autumn.yml"
SPRING = "content/surveys/2026-spring.yml"


def both(*breaks: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        for one in breaks:
            one(project)
    return apply


CASES = [
    Case("survey-small-department-shown", "a department of 4 written as a number",
         replacing(AUTUMN, "  estates: suppressed", "  estates: 4"),
         (f"{AUTUMN}:9: departments.estates: is a group of fewer than 5 people (min_group_size), which is never "
          "shown: write 'suppressed'",)),
    Case("survey-one-group-suppressed", "one suppressed department: the total minus the others reveals it",
         replacing(AUTUMN, "  human-resources: suppressed", "  human-resources: 9"),
         (f"{AUTUMN}:8: departments: only one group is 'suppressed', so the total (45) minus the others reveals "
          "it",)),
    Case("survey-hidden-groups-too-small", "two suppressed groups that add up to fewer than 5",
         writing("content/surveys/pulse.yml", "title: Pulse\nclosed: 2026-11-01\nresponses: 25\ndepartments:\n"
                 "  finance: 22\n  estates: suppressed\n  life-sciences: suppressed\n"),
         ("content/surveys/pulse.yml:4: departments: the suppressed groups add up to 3 (the total minus the "
          "others), fewer than 5",)),
    Case("survey-departments-do-not-add-up", "shown departments add up to more than the total",
         replacing(AUTUMN, "  life-sciences: 18", "  life-sciences: 40"),
         (f"{AUTUMN}:8: departments: the shown responses add up to 54, more than the total (45)",)),
    Case("survey-small-score", "a service score from 4 people",
         replacing(AUTUMN, "satisfaction: {count: 14, mean: 4.07}", "satisfaction: {count: 4, mean: 4.07}"),
         (f"{AUTUMN}:22: services.email-and-calendar.by_department.finance.satisfaction.count: is a group of "
          "fewer than 5 people",)),
    Case("survey-cell-reveals", "a cell of a suppressed department shown",
         replacing(AUTUMN, """      estates:
        satisfaction: suppressed
        importance: suppressed
      finance:
        satisfaction: {count: 14, mean: 4.07}""", """      estates:
        satisfaction: {count: 5, mean: 4.0}
        importance: suppressed
      finance:
        satisfaction: {count: 14, mean: 4.07}"""),
         (f"{AUTUMN}:19: services.email-and-calendar.by_department.estates.satisfaction: is shown, but the "
          "department's responses are 'suppressed'",)),
    Case("survey-unknown-ids", "every problem at once: an unknown service, department, mean out of range",
         both(replacing(AUTUMN, "  vpn:\n", "  vnp:\n"), replacing(AUTUMN, "  finance: 14", "  finnance: 14"),
              replacing(AUTUMN, "importance: {count: 45, mean: 2.49}", "importance: {count: 45, mean: 7}")),
         (f"{AUTUMN}:62: services.vnp: is not a known service id; did you mean 'vpn'?",
          f"{AUTUMN}:10: departments.finnance: is not a known department id; did you mean 'finance'?",
          f"{AUTUMN}:32: services.printing.importance.mean: must be at most 5 (found: 7)")),
    Case("survey-too-few-responses", "a whole survey of 4 people",
         writing("content/surveys/tiny.yml", "title: Tiny\nclosed: 2026-11-01\nresponses: 4\n"),
         ("content/surveys/tiny.yml:3: responses: must be at least 5 (found: 4)",)),
    Case("survey-closed-in-the-future", "a round that has not closed, a field with a typo, free text",
         writing("content/surveys/2026-winter.yml", "title: Winter\nclosed: 2026-12-20\nresponses: 30\n"
                 "coments: 3\ncomment_text: I hate the VPN\n"),
         ("content/surveys/2026-winter.yml:2: closed: is in the future",
          "content/surveys/2026-winter.yml:4: coments: is not a known field; did you mean 'comments'?",
          "content/surveys/2026-winter.yml:5: comment_text: is not a known field")),
    Case("survey-missing-title-and-bad-name", "a file named as the site's own page, with no title",
         writing("content/surveys/index.yml", "closed: 2026-11-01\nresponses: 30\n"),
         ("content/surveys/index.yml:1: id: the file name 'index' is a name the site uses for its own pages",
          "content/surveys/index.yml:1: title: is required but missing")),
    Case("survey-wrong-extension", "a survey file ending in .yaml",
         writing("content/surveys/2026-summer.yaml", "title: Summer\n"),
         ("content/surveys/2026-summer.yaml:1: file: is not read: survey files end in .yml (lowercase)",)),
    Case("survey-overall-suppressed-cells-shown", "cells shown under a suppressed overall figure",
         replacing(SPRING, "    satisfaction: {count: 12, mean: 3.75}", "    satisfaction: suppressed"),
         (f"{SPRING}:14: services.printing.satisfaction: is 'suppressed', so its figures by department must be "
          "too",)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_survey_results_fail_the_build_and_keep_the_last_good_site(case: Case, good_site: GoodSite,
                                                                       tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)
