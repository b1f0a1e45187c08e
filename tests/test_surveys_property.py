"""Property: whatever the responses, a survey file never shows a small group, nor lets a total reveal one.

Responses are drawn at random (departments of any size, scores given or not), aggregated as the
import does, and the written file is checked twice: by the survey reader (what a build accepts),
and here by working out everything a reader of the page could: every total minus the figures shown.
"""

from __future__ import annotations

from datetime import date

import yaml
from frontdesk.core.source import Document, parse_yaml
from frontdesk.surveys.responses import Response
from frontdesk.surveys.results import Round, survey_text
from frontdesk.surveys.surveys import Rules, parse_survey
from hypothesis import given, settings
from hypothesis import strategies as st

DEPARTMENTS = ("finance", "human-resources", "estates", "life-sciences", "library")
SERVICES = ("vpn", "wifi")
score = st.none() | st.integers(1, 5)
answers = st.fixed_dictionaries({s: st.tuples(score, score) for s in SERVICES})
groups = st.dictionaries(st.sampled_from(DEPARTMENTS), st.lists(answers, min_size=1, max_size=14), min_size=1)


def check_table(total: int, sizes: dict[str, int], written: dict[str, object], minimum: int,
                hidden_departments: frozenset[str] = frozenset()) -> None:
    """One table: the true sizes of its groups, the total shown, and what the file writes for each group.
    Where it suppresses any group, a department whose size is hidden is listed (suppressed) even with no
    answer: left out, it would say 0, which with the totals bounds its size."""
    shown = {k: v for k, v in written.items() if v != "suppressed"}
    hidden = [k for k, v in written.items() if v == "suppressed" and sizes[k]]
    listed = {k for k, n in sizes.items() if n} | (hidden_departments if hidden else frozenset())
    assert set(written) == listed
    for key, value in shown.items():
        count = value if isinstance(value, int) else value["count"]  # type: ignore[index]
        assert count == sizes[key] and count >= minimum
    rest = total - sum(sizes[k] for k in shown)
    if hidden:
        assert len(hidden) >= 2 and rest >= minimum
        assert all(sizes[k] != rest for k in hidden)  # no hidden group is the total minus the others
    else:
        assert rest == 0


@settings(max_examples=300, deadline=None)
@given(groups=groups, minimum=st.integers(2, 6))
def test_no_small_group_is_shown_or_derivable(groups: dict[str, list[dict[str, tuple[int | None, int | None]]]],
                                              minimum: int) -> None:
    responses = [Response(n, dept, {s: pair for s, pair in answer.items() if pair != (None, None)})
                 for dept, given_answers in groups.items() for n, answer in enumerate(given_answers)]
    responses = [r for r in responses if r.scores]
    if len(responses) < minimum:
        return
    text = survey_text(Round("Pulse", date(2026, 11, 1), "generic", 0), responses, minimum)
    data, lines, problems = parse_yaml(text, "content/surveys/pulse.yml")
    assert problems == []
    rules = Rules(set(SERVICES), set(DEPARTMENTS), minimum, date(2026, 11, 23))
    _, problems = parse_survey(Document("content/surveys/pulse.yml", data, lines), "pulse", rules)
    assert problems == [], "\n".join(map(str, problems)) + "\n" + text
    written = yaml.safe_load(text)
    sizes = {d: sum(1 for r in responses if r.department == d) for d in DEPARTMENTS}
    check_table(len(responses), sizes, written["departments"], minimum)
    hidden_departments = {d for d, v in written["departments"].items() if v == "suppressed"}
    for service in SERVICES:
        for index, measure in enumerate(("satisfaction", "importance")):
            counts = {d: sum(1 for r in responses if r.department == d and r.scores.get(service, (None, None))[index]
                             is not None) for d in DEPARTMENTS}
            total = sum(counts.values())
            entry = written.get("services", {}).get(service, {})
            if total == 0:
                assert measure not in entry
                continue
            overall = entry[measure]
            assert all(entry.get("by_department", {}).values()), text  # no department listed empty
            cells = {d: c[measure] for d, c in entry.get("by_department", {}).items() if measure in c}
            if total < minimum:
                assert overall == "suppressed"
            if overall == "suppressed":  # too few, or no other group to hide a hidden department's with
                assert all(v == "suppressed" for v in cells.values())
                continue
            assert overall["count"] == total
            check_table(total, counts, cells, minimum, frozenset(hidden_departments))
            # A department whose size is hidden has its scores hidden too.
            assert all(cells[d] == "suppressed" for d in hidden_departments if d in cells)
