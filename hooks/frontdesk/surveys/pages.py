"""The survey pages: /surveys/ lists the rounds, /surveys/<id>/ shows one round's results.

A round's page says how many answered (overall and per department), where to act first (services
people rate important and are least satisfied with: `where_to_act`), then every service's
satisfaction against its importance as an inline SVG scatter chart with a table beside it; both
are excluded from search. A suppressed figure is written "not shown", the same words whether the
group is small or hides one that is, so the page never tells which is which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

import jinja2
from markupsafe import Markup, escape

from ..catalogue.catalogue import Catalogue
from ..core.pages import GeneratedPage, PageWriter, Part, TemplateHelpers, front_matter
from ..core.settings import Settings
from .surveys import ACT_GAP, ACT_IMPORTANCE, SOURCE_TITLES, Score, Scores, Survey, by_gap, newest_survey_for

SURVEYS_INDEX = "surveys/index.md"
# The scatter chart's viewBox and its plot area (scores 1 to 5 on both axes).
_SIZE = 340
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 326, 14, 284


def survey_src(survey: Survey) -> str:
    """Where a round's page comes from: surveys/<id>.md (/surveys/<id>/)."""
    return f"surveys/{survey.id}.md"


def is_survey_page(src_uri: str, surveys: Sequence[Survey]) -> bool:
    """Whether a page is a survey round's own page (it belongs to the section of /surveys/, Listening)."""
    return any(src_uri == survey_src(s) for s in surveys)


@dataclass(frozen=True)
class ServiceRow:
    """One service in a round's table and chart."""

    number: int  # its mark in the chart
    service_id: str
    title: str
    linked: bool  # the service has a page
    satisfaction: Score
    importance: Score
    gap: float | None
    act: bool


@dataclass(frozen=True)
class DepartmentRow:
    """One department's responses in a round (None: not shown)."""

    name: str
    responses: int | None


def service_rows(survey: Survey, catalogue: Catalogue) -> tuple[ServiceRow, ...]:
    """A round's services, where to act first, then by gap."""
    rows = []
    for number, result in enumerate(by_gap(survey), start=1):
        service = catalogue.by_id.get(result.service_id)
        scores = result.overall
        rows.append(ServiceRow(number, result.service_id, service.title if service else result.service_id,
                               service is not None, scores.satisfaction, scores.importance, scores.gap,
                               scores.to_act))
    return tuple(rows)


def department_rows(survey: Survey, departments: Mapping[str, str]) -> tuple[DepartmentRow, ...]:
    """A round's departments by name."""
    rows = [DepartmentRow(departments.get(d, d), size) for d, size in survey.departments.items()]
    return tuple(sorted(rows, key=lambda r: r.name.casefold()))


def _x(score: float) -> float:
    return round(_LEFT + (score - 1) / 4 * (_RIGHT - _LEFT), 1)


def _y(score: float) -> float:
    return round(_BOTTOM - (score - 1) / 4 * (_BOTTOM - _TOP), 1)


def scatter(rows: Sequence[ServiceRow], title: str) -> Markup:
    """Satisfaction (across) against importance (up) for each service with both, as inline SVG: each
    service a numbered dot (its row in the table); the where-to-act area shaded."""
    shown = [r for r in rows if r.satisfaction.mean is not None and r.importance.mean is not None]
    acting = sum(1 for r in shown if r.act)
    label = (f"{title}: satisfaction against importance for {len(shown)} service{'s' if len(shown) != 1 else ''}; "
             f"{acting} in the where-to-act area. The table lists every figure.")
    zone = [(1, ACT_IMPORTANCE), (ACT_IMPORTANCE - ACT_GAP, ACT_IMPORTANCE), (5 - ACT_GAP, 5), (1, 5)]
    parts = [f'<svg class="fd-survey-chart" viewBox="0 0 {_SIZE} {_SIZE}" role="img" aria-label="{escape(label)}">',
             '<polygon class="fd-survey-chart__act" points="'
             + " ".join(f"{_x(x)},{_y(y)}" for x, y in zone) + '"/>',
             f'<text class="fd-chart__label" x="{_x(1) + 6}" y="{_y(5) + 16}">Where to act</text>']
    for tick in range(1, 6):
        parts.append(f'<line class="fd-chart__axis" x1="{_x(tick)}" y1="{_TOP}" x2="{_x(tick)}" y2="{_BOTTOM}"/>')
        parts.append(f'<line class="fd-chart__axis" x1="{_LEFT}" y1="{_y(tick)}" x2="{_RIGHT}" y2="{_y(tick)}"/>')
        parts.append(f'<text class="fd-chart__label fd-chart__label--middle" x="{_x(tick)}" '
                     f'y="{_BOTTOM + 18}">{tick}</text>')
        parts.append(f'<text class="fd-chart__label fd-chart__label--end" x="{_LEFT - 8}" '
                     f'y="{_y(tick) + 4}">{tick}</text>')
    parts.append(f'<text class="fd-chart__label fd-chart__label--middle" x="{(_LEFT + _RIGHT) / 2}" '
                 f'y="{_SIZE - 6}">Satisfaction</text>')
    parts.append(f'<text class="fd-chart__label fd-chart__label--middle" transform="rotate(-90)" '
                 f'x="{-(_TOP + _BOTTOM) / 2}" y="16">Importance</text>')
    for row in shown:
        assert row.satisfaction.mean is not None and row.importance.mean is not None
        x, y = _x(row.satisfaction.mean), _y(row.importance.mean)
        kind = "act" if row.act else "other"
        parts.append(f'<circle class="fd-survey-chart__dot fd-survey-chart__dot--{kind}" cx="{x}" cy="{y}" r="5"/>')
        parts.append(f'<text class="fd-chart__label" x="{x + 7}" y="{y - 5}">{row.number}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def score_text(score: Score) -> str:
    """A score as the table gives it: '3.4 (52 answers)', 'not shown' or 'no answers'."""
    if score.count is None:
        return "not shown"
    if score.mean is None:
        return "no answers"
    return f"{score.mean:.2f} ({score.count} answer{'s' if score.count != 1 else ''})"


def surveys_template_helpers(catalogue: Catalogue, departments: Mapping[str, str],
                             settings: Settings, surveys: Sequence[Survey] = ()) -> TemplateHelpers:
    """What the survey templates need (and other features' templates that name a round: `survey_title`)."""
    titles = {survey.id: survey.title for survey in surveys}
    return TemplateHelpers(
        globals={"survey_src": survey_src, "survey_title": lambda i: titles.get(i, i),
                 "act_importance": ACT_IMPORTANCE, "act_gap": ACT_GAP,
                 "survey_sources": SOURCE_TITLES,
                 "survey_service_rows": lambda survey: service_rows(survey, catalogue),
                 "survey_department_rows": lambda survey: department_rows(survey, departments)},
        filters={"survey_chart": scatter, "score_text": score_text},
    )


def surveys_pages(surveys: Sequence[Survey], settings: Settings, env: jinja2.Environment,
                  actions: Mapping[str, Part] | None = None) -> list[GeneratedPage]:
    """/surveys/ and a page for every round; `actions`, by survey id, the "You said, we did" actions citing it."""
    writer = PageWriter(SURVEYS_INDEX, front_matter(
        "Surveys", description=f"What staff told {settings.team} in its surveys, and where it acts first.",
        hide=["toc"]))
    writer.render(env, "surveys.html", here=SURVEYS_INDEX, surveys=surveys)
    pages = [writer.page()]
    for survey in surveys:
        here = survey_src(survey)
        page = PageWriter(here, front_matter(survey.title, description=f"Results of {survey.title}: "
                                             f"{survey.responses} responses.", hide=["toc"]),
                          in_nav=False, source=survey.path)
        page.render(env, "survey.html", here=here, survey=survey)
        if actions and survey.id in actions:
            page.markdown("## You said, we did")
            page.html(actions[survey.id])
        pages.append(page.page())
    return pages


def service_survey_parts(surveys: Sequence[Survey], service_ids: Sequence[str],
                         env: jinja2.Environment) -> dict[str, Part]:
    """For each service a round scored, what its page shows of the newest such round: a part rendered when
    placed."""
    parts: dict[str, Part] = {}
    for service_id in service_ids:
        found = newest_survey_for(surveys, service_id)
        if found is not None:
            survey, result = found
            here = f"services/{service_id}.md"
            parts[service_id] = partial(_service_result, env, survey, result.overall, here)
    return parts


def _service_result(env: jinja2.Environment, survey: Survey, scores: Scores, here: str) -> str:
    return str(env.get_template("_survey.html").module.service_result(survey, scores, here))  # type: ignore[attr-defined]
