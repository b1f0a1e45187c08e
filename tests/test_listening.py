"""Listening (issue 14): "You said, we did" actions and department pages, as the built example shows them.

The example has six actions (four done, one in progress, one planned), four departments, two issues and
four resources naming departments, and a scheduled issue (the winter shutdown, 7 December) that names
Estates and that the planned imaging action cites. Builds run by the fixed clock, 2026-11-23 09:00 UTC.
"""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup, Tag
from conftest import Build, assert_only_expected_warnings, copy_project, run_build, without_listening

SITE = "https://intranet.fernhill.example/it/"


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def words(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text(" ").split())


def said(cards: list[Tag]) -> list[str]:
    """What each action card says people said."""
    return [words(card.select_one(".fd-action__said")).removeprefix("You said: ") for card in cards]


VPN = "The VPN drops out during month-end close, when most of the accounts team works from home."
WIFI = "Wi-Fi in the plant rooms and workshops is patchy, so job sheets stay on paper."
PASSWORDS = "Human Resources staff have too many passwords to remember for the systems they use."
PRINTING = "Printing invoices on the second floor is slow, and printouts get left on the printer."
CLUSTER = "Jobs wait days in the cluster queue in the weeks before grant deadlines."
IMAGING = "Research data storage quotas are too small for microscopy images."


def test_actions_are_listed_done_first_and_newest_first(example_build: Build) -> None:
    page = soup(example_build, "you-said-we-did/")
    groups = page.select(".fd-actions .fd-group")
    assert [g["data-status"] for g in groups] == ["done", "in-progress", "planned"]
    assert [words(g.select_one("h2")) for g in groups] == ["Done", "In progress", "Planned"]
    assert said(page.select(".fd-actions li.fd-action")) == [VPN, WIFI, PASSWORDS, PRINTING, CLUSTER, IMAGING]
    first = page.select_one("#action-finance-vpn-month-end")
    assert first is not None
    assert "We did: We doubled the VPN gateways' capacity" in words(first)
    assert "Connections are now spread over two gateways." in words(first.select_one(".fd-action__body"))
    cluster = page.select_one("#action-cluster-deadline-queues")
    assert "We are doing: We are adding sixteen GPU nodes" in words(cluster)


def test_each_action_card_carries_what_the_filters_match(example_build: Build) -> None:
    page = soup(example_build, "you-said-we-did/")
    printing = page.select_one("#action-printing-invoices")
    assert printing is not None
    assert printing["data-departments"] == "finance estates"
    assert printing["data-services"] == "printing"
    imaging = page.select_one("#action-imaging-storage")
    assert imaging is not None and imaging["data-services"] == "research-data-storage backups"
    form = page.select_one("form.fd-filters")
    # Without JavaScript the filters stay hidden and every action shows; frontdesk.js shows them.
    assert form is not None and form.has_attr("hidden")
    assert not any(card.has_attr("hidden") for card in page.select("li.fd-action"))
    departments = [(o["value"], o.get_text()) for o in form.select("select[name=department] option")]
    assert departments == [("", "All departments"), ("estates", "Estates and Facilities"), ("finance", "Finance"),
                           ("human-resources", "Human Resources"), ("life-sciences", "Life Sciences")]
    services = [o["value"] for o in form.select("select[name=service] option")]
    assert "printing" in services and "vpn" in services and "email-and-calendar" not in services
    assert page.select_one(".fd-actions")["data-noun"] == "action"  # type: ignore[index]


def test_an_issue_is_linked_only_once_it_is_published(example_build: Build) -> None:
    page = soup(example_build, "you-said-we-did/")
    passwords = page.select_one("#action-hr-password-manager")
    assert passwords is not None
    link = passwords.find("a", string="Join the password manager pilot")
    assert link is not None and link["href"] == "../newsletter/2026/password-manager-pilot/"
    # The imaging action cites the winter edition, scheduled for 7 December: not out yet, so not linked.
    imaging = words(page.select_one("#action-imaging-storage"))
    assert "In the newsletter" not in imaging and "Winter shutdown" not in example_build.page("you-said-we-did/")


def test_the_home_page_shows_the_latest_three_actions(example_build: Build) -> None:
    section = soup(example_build, "").select_one(".fd-home__actions")
    assert section is not None
    assert words(section.select_one("h2")) == "You said, we did"
    assert said(section.select("li.fd-action")) == [IMAGING, VPN, WIFI]  # 18, 10 and 2 November
    more = section.find("a", string="Everything you told us, and what we did →")
    assert more is not None and more["href"] == "you-said-we-did/"


def test_a_service_page_lists_its_actions(example_build: Build) -> None:
    page = soup(example_build, "services/printing/")
    heading = page.find("h2", id="you-said-we-did")
    assert heading is not None
    assert said(page.select("li.fd-action")) == [PRINTING]
    link = page.find("a", string="Every action for Printing, copying and scanning →")
    assert link is not None and link["href"] == "../../you-said-we-did/?service=printing"
    assert not soup(example_build, "services/email-and-calendar/").select("li.fd-action")


def test_the_departments_index_names_each_manager(example_build: Build) -> None:
    page = soup(example_build, "departments/")
    rows = [[words(cell) for cell in row.select("th, td")] for row in page.select("tbody tr")]
    assert [row[:2] for row in rows] == [
        ["Estates and Facilities", "Tom Okafor Service Desk Lead"],
        ["Finance", "Tom Okafor Service Desk Lead"],
        ["Human Resources", "Lena Varga Security Awareness Officer"],
        ["Life Sciences", "Ravi Menon Research Computing Engineer"],
    ]
    nav = words(page.select_one("nav.md-tabs"))
    assert "Listening" in nav


def test_a_department_page_puts_the_manager_first_then_the_rest_in_order(example_build: Build) -> None:
    page = soup(example_build, "departments/finance/")
    article = page.select_one("article")
    assert article is not None
    assert words(article.select_one("h1")) == "Finance"
    # It belongs to the Listening section, like /departments/, though the navigation does not list it.
    assert [words(tab) for tab in page.select(".md-tabs__item--active")] == ["Listening"]
    headings = [words(h).removesuffix(" ¶") for h in article.select("h2")]
    assert headings == ["Your relationship manager", "Objectives", "About the department", "Services they rely on",
                        "What they told us", "You said, we did", "On the roadmap", "News and resources"]
    manager = article.select_one(".fd-manager")
    assert manager is not None
    assert "Tom Okafor Service Desk Lead" in words(manager)
    email = manager.select_one("a[href^='mailto:']")
    assert email is not None and email["href"] == "mailto:tom.okafor@fernhill.example"
    book = manager.select_one("a.fd-manager__book")
    assert book is not None and book["href"] == "https://intranet.fernhill.example/bookings/tom-okafor"
    assert words(book) == "Book a conversation with Tom Okafor"
    objectives = [words(li) for li in article.select("ul.fd-objectives li")]
    assert objectives[0].startswith("Close each month within five working days") and len(objectives) == 3


def test_a_department_page_shows_its_services_now_and_their_figures(example_build: Build) -> None:
    table = soup(example_build, "departments/finance/").select_one("table.fd-department-services")
    assert table is not None
    rows = {row["data-service"]: row for row in table.select("tbody tr")}
    assert list(rows) == ["email-and-calendar", "file-storage", "vpn", "multi-factor-authentication", "printing",
                          "software-requests"]
    assert words(rows["multi-factor-authentication"].select_one(".fd-state")) == "Degraded"  # the open incident
    assert words(rows["vpn"].select_one(".fd-state")) == "Operational"
    storage = words(rows["file-storage"])
    assert "Availability: 99.89% Oct 2026 missed" in storage
    assert "Satisfaction: 3.98 out of 5 Oct 2026 missed" in storage
    assert "No figures published" in words(rows["software-requests"])


def test_a_department_page_lists_its_actions_issues_and_resources(example_build: Build) -> None:
    page = soup(example_build, "departments/finance/")
    assert said(page.select("li.fd-action")) == [VPN, PRINTING]
    more = page.select_one(".fd-department__more a")
    assert more is not None and more["href"] == "../../you-said-we-did/?department=finance"
    issues = [words(a) for a in page.select(".fd-department-issues a")]
    assert issues == ["Printing changes — follow-me printing in every building"]
    resources = [words(a) for a in page.select(".fd-department-resources a")]
    assert resources == ["Travelling with a work laptop"]
    news = words(page.find("h2", id="news-and-resources").find_next("p"))  # type: ignore[union-attr]
    assert "written for Finance" in news and "the feed for Finance carries both" in news
    # A scheduled issue naming a department is not on its page before it is out.
    assert "Winter shutdown" not in example_build.page("departments/estates/")
    # Human Resources' manager has no email or booking page: the team's address instead.
    hr = words(soup(example_build, "departments/human-resources/").select_one(".fd-manager"))
    assert "Lena Varga" in hr and "it-help@fernhill.example" in hr and "Book a conversation" not in hr


def test_a_department_page_names_its_feed_for_feed_readers(example_build: Build) -> None:
    page = soup(example_build, "departments/life-sciences/")
    # Exactly rel="alternate", as feed readers look for it; the address is relative, like the site's feeds,
    # and Material's request for sitemap.xml beside it finds one.
    links = [link["href"] for link in page.select("link[rel=alternate][type='application/rss+xml']")]
    assert "../../departments/life-sciences/feed.xml" in links
    assert "../../departments/finance/feed.xml" not in links
    assert (example_build.site / "departments/life-sciences/feed.xml").is_file()
    assert (example_build.site / "departments/life-sciences/sitemap.xml").is_file()
    other = soup(example_build, "departments/finance/")
    assert "../../departments/life-sciences/feed.xml" not in [link["href"] for link in other.select("link")]


def feed(build: Build, department: str) -> feedparser.FeedParserDict:
    return feedparser.parse((build.site / "departments" / department / "feed.xml").read_bytes())


def test_a_department_feed_carries_its_issues_and_those_for_everyone(example_build: Build) -> None:
    finance = feed(example_build, "finance")
    assert not finance.bozo, finance.bozo_exception
    assert finance.feed.title == "Fernhill IT newsletter for Finance"
    assert finance.feed.link == f"{SITE}departments/finance/"
    links = [entry.link for entry in finance.entries]
    assert f"{SITE}newsletter/2026/printing-changes/" in links  # names Finance
    assert f"{SITE}newsletter/2026/wifi-upgrade/" in links  # names no department: for everyone
    assert f"{SITE}newsletter/2026/cluster-expansion/" not in links  # for Life Sciences only
    assert not any("winter-shutdown" in link for link in links)  # scheduled
    assert all(link.startswith(SITE) for link in links)
    assert [entry.id for entry in finance.entries] == links  # ids are the issues' addresses: stable
    dates = [entry.published_parsed for entry in finance.entries]
    assert dates == sorted(dates, reverse=True)
    body = finance.entries[0].content[0].value
    assert 'src="/' not in body and 'href="/' not in body  # links inside content are absolute
    life = [entry.link for entry in feed(example_build, "life-sciences").entries]
    assert f"{SITE}newsletter/2026/cluster-expansion/" in life
    assert f"{SITE}newsletter/2026/printing-changes/" not in life
    self_links = [link.href for link in finance.feed.links if link.rel == "self"]
    assert self_links == [f"{SITE}departments/finance/feed.xml"]


def test_the_same_content_builds_the_same_department_feed(example_build: Build, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    again = run_build(project, tmp_path / "site")
    assert again.returncode == 0, again.output
    for name in ("finance", "estates"):
        path = Path("departments", name, "feed.xml")
        assert (again.site / path).read_bytes() == (example_build.site / path).read_bytes()


def test_a_survey_round_belongs_to_the_listening_section_like_the_surveys_page(example_build: Build) -> None:
    """A round's page is reached from /surveys/ (in the Listening section): its tab stays highlighted there."""
    for url in ("surveys/", "surveys/2026-autumn/", "surveys/2026-spring/", "you-said-we-did/", "departments/"):
        page = BeautifulSoup(example_build.page(url), "html.parser")
        assert [words(tab) for tab in page.select(".md-tabs__item--active")] == ["Listening"], url


def test_a_site_with_nothing_to_listen_to_says_so_plainly(tmp_path: Path) -> None:
    """No departments, survey rounds, actions or roadmap items: each page says there are none, once, and offers
    no filters over nothing, no count of nothing, and no history of changes to items that do not exist."""
    project = copy_project(tmp_path / "project")
    without_listening(project)
    build = run_build(project, tmp_path / "site")
    assert_only_expected_warnings(build)
    said_plainly = {"surveys/": "No survey results yet.", "departments/": "No departments are listed yet.",
                    "you-said-we-did/": "No actions yet.", "roadmap/": "There are no roadmap items here yet."}
    for url, sentence in said_plainly.items():
        article = soup(build, url).select_one("article")
        assert article is not None
        text = words(article)
        assert text.count(sentence) == 1, (url, text)
        assert not article.select("form.fd-filters, .fd-empty, .fd-count"), url
        assert not re.search(r"\b0 ", text) and "matches these filters" not in text, (url, text)
    roadmap = soup(build, "roadmap/").select_one("article")
    assert roadmap is not None and [words(h) for h in roadmap.select("h2")] == []
    assert not roadmap.select("nav.fd-roadmap-links")
    home = soup(build, "")
    assert "You said, we did" not in [words(h) for h in home.select("article h2")]
