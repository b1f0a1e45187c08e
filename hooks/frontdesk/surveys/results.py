"""From responses to the aggregates a survey file holds, with every small group suppressed.

    responses → responses per department, and per service (overall and per department) the count
                and mean of each score → suppressed where a group is small or would be revealed → YAML

Suppression (README.md, "Survey results"): a group of fewer than `min_group_size` people is written
`suppressed`. Then, in each table that has a total (departments' responses; each service's
satisfaction and importance counts by department), further groups are suppressed, smallest first,
until the suppressed groups are none, or at least two that hold at least `min_group_size` people
together: so the total minus the shown groups never reveals one. A department whose responses are
suppressed has all its scores suppressed (they would tell its size), and is listed as suppressed
in every table by department that suppresses any group, even where it gave no answer: leaving it
out would say its count is 0, which with the totals bounds its size, down to one person. (Where no
group is suppressed, the total minus the shown groups says 0 for every other group anyway.)
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .responses import MEASURES, Response
from .surveys import SUPPRESSED

_HEADER = ("# Survey results: aggregates only, written by `frontdesk surveys import` (README.md, \"Survey results\").\n"
           "# Never add free text here. Groups of fewer than min_group_size people are 'suppressed'.\n")


@dataclass(frozen=True)
class Round:
    """What a survey file says about its round, besides the figures."""

    title: str
    closed: date
    source: str
    comments: int


def hidden(sizes: Mapping[str, int], minimum: int, forced: Iterable[str] = ()) -> set[str]:
    """The groups to suppress in a table whose total is shown: those under `minimum` (and `forced`),
    then the next smallest, one at a time, until none is hidden or at least two are, holding at
    least `minimum` people together."""
    groups = {key: size for key, size in sizes.items() if size > 0}
    hide = {key for key, size in groups.items() if size < minimum} | (set(forced) & set(groups))
    while hide and (len(hide) == 1 or sum(groups[k] for k in hide) < minimum):
        rest = sorted((size, key) for key, size in groups.items() if key not in hide)
        if not rest:
            break
        hide.add(rest[0][1])
    return hide


def revealing(hide: set[str], sizes: Mapping[str, int], minimum: int) -> bool:
    """Whether the total minus the shown groups would tell a hidden group (or fewer than `minimum` people):
    what is left when `hidden` could find no more groups to hide."""
    return bool(hide) and (len(hide) == 1 or sum(sizes[k] for k in hide) < minimum)


def _score(values: Sequence[int], minimum: int) -> str:
    if len(values) < minimum:
        return SUPPRESSED
    return f"{{count: {len(values)}, mean: {round(sum(values) / len(values), 2):g}}}"


def survey_text(round_: Round, responses: Sequence[Response], minimum: int) -> str:
    """The survey file for these responses: aggregates only, small groups suppressed."""
    sizes = Counter(r.department for r in responses)
    hidden_departments = hidden(sizes, minimum)
    lines = [_HEADER.rstrip("\n"), f"title: {json.dumps(round_.title, ensure_ascii=False)}",
             f"closed: {round_.closed.isoformat()}", f"source: {round_.source}", f"responses: {len(responses)}",
             f"comments: {round_.comments}", "departments:"]
    lines += [f"  {d}: {SUPPRESSED if d in hidden_departments else sizes[d]}" for d in sorted(sizes)]
    services = sorted({s for r in responses for s in r.scores})
    if services:
        lines.append("services:")
    for service in services:
        lines += _service_lines(service, responses, minimum, hidden_departments)
    return "\n".join(lines) + "\n"


def _service_lines(service: str, responses: Sequence[Response], minimum: int, hidden_departments: set[str],
                   ) -> list[str]:
    lines = [f"  {service}:"]
    cells: dict[str, dict[str, list[int]]] = {}
    hide: dict[str, set[str]] = {}
    for index, measure in enumerate(MEASURES):
        values = [score for r in responses if (score := r.scores.get(service, (None, None))[index]) is not None]
        by_department: dict[str, list[int]] = {}
        for r in responses:
            if (score := r.scores.get(service, (None, None))[index]) is not None:
                by_department.setdefault(r.department, []).append(score)
        cells[measure] = by_department
        counts = {d: len(v) for d, v in by_department.items()}
        hide[measure] = set(counts) if len(values) < minimum else hidden(counts, minimum, hidden_departments)
        if not revealing(hide[measure], counts, minimum):
            if values:
                lines.append(f"    {measure}: {_score(values, minimum)}")
        else:  # no other group left to hide with it: the total itself would tell it
            hide[measure] = set(counts)
            lines.append(f"    {measure}: {SUPPRESSED}")
    departments = sorted({d for found in cells.values() for d in found})
    if departments:  # a department whose responses are hidden is listed even where it gave no score
        departments = sorted({*departments, *(hidden_departments if any(hide.values()) else ())})
        lines.append("    by_department:")
    for department in departments:
        lines.append(f"      {department}:")
        for measure in MEASURES:
            given = cells[measure].get(department)
            if given is not None:
                shown = SUPPRESSED if department in hide[measure] else _score(given, minimum)
                lines.append(f"        {measure}: {shown}")
            elif department in hidden_departments and hide[measure]:
                lines.append(f"        {measure}: {SUPPRESSED}")
    return lines
