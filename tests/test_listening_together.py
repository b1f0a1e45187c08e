"""The listening features on each other's pages (issue 14): a department's page shows its survey results
(never a suppressed group's) and its roadmap items; a survey round's page lists the actions citing it; an
action names its survey round and roadmap item by title, linked."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from conftest import Build


def soup(build: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((build.site / page / "index.html").read_text("utf-8"), "html.parser")


def words(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ").split())


def section_after(page: BeautifulSoup, heading: str) -> list[Tag]:
    """The elements between an h2 with this text and the next h2."""
    found = next(h for h in page.select("article h2") if words(h).removesuffix(" ¶") == heading)
    parts: list[Tag] = []
    for sibling in found.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling)
    return parts


def test_a_department_page_shows_its_newest_survey_results_by_service(example_build: Build) -> None:
    page = soup(example_build, "departments/finance/")
    headings = [words(h).removesuffix(" ¶") for h in page.select("article h2")]
    assert headings == ["Your relationship manager", "Objectives", "About the department", "Services they rely on",
                        "What they told us", "You said, we did", "On the roadmap", "News and resources"]
    survey = page.select_one(".fd-department-survey")
    assert survey is not None
    assert "In the Autumn 2026 IT survey (closed 13 November 2026), 14 people from the department answered." \
        in words(survey)
    link = survey.select_one("a")
    assert link is not None and link["href"] == "../../surveys/2026-autumn/"
    rows = {words(row.select_one("th")): [words(td) for td in row.select("td")]
            for row in survey.select("tbody tr")}
    # The figures are Finance's own, as content/surveys/2026-autumn.yml gives them for the department.
    assert rows["VPN (remote access)"] == ["3.14 (14 answers)", "4.29 (14 answers)"]
    assert len(rows) == 4


def test_a_department_whose_answers_are_suppressed_everywhere_shows_none(example_build: Build) -> None:
    # Estates is suppressed in both rounds (too few people): its page says so and shows no figure of it.
    page = soup(example_build, "departments/estates/")
    survey = section_after(page, "What they told us")
    text = " ".join(words(part) for part in survey)
    assert text.startswith("No survey round can show this department's answers: too few of its people answered")
    assert not page.select(".fd-department-survey table")


def test_a_department_page_lists_its_roadmap_items_open_ones_first(example_build: Build) -> None:
    page = soup(example_build, "departments/estates/")
    items = [words(li.select_one("a")) for li in page.select(".fd-service-roadmap li")]
    assert items == ["Faster Wi-Fi in the laboratory buildings", "Video calling in every meeting room",
                     "Replace desk phones with calling on laptops", "Print release with ID cards"]
    more = [a for part in section_after(page, "On the roadmap") for a in part.select("a")
            if words(a) == "The roadmap for this department"]
    assert more and more[0]["href"] == "../../roadmap/department/estates/"
    assert (example_build.site / "roadmap/department/estates/index.html").is_file()


def test_a_survey_page_lists_the_actions_citing_it(example_build: Build) -> None:
    spring = soup(example_build, "surveys/2026-spring/")
    said = [words(h) for h in spring.select("li.fd-action .fd-action__said")]
    assert len(said) == 3 and all(s.startswith("You said:") for s in said)
    assert any("cluster queue" in s for s in said)
    autumn = soup(example_build, "surveys/2026-autumn/")
    assert [words(h) for h in autumn.select("li.fd-action .fd-action__said")] == [
        "You said: Research data storage quotas are too small for microscopy images."]


def test_an_action_names_its_survey_round_and_roadmap_item(example_build: Build) -> None:
    page = soup(example_build, "you-said-we-did/")
    card = next(li for li in page.select("li.fd-action") if "too many passwords" in words(li))
    links = {words(a): a["href"] for a in card.select("a")}
    assert links["Spring 2026 IT survey"] == "../surveys/2026-spring/"
    assert links["Password manager for everyone"] == "../roadmap/password-manager-rollout/"
