"""Hostile content in the listening features (departments, "You said, we did" actions, the roadmap): text that
is markup, bidi overrides pasted into names, addresses that hide one (see breaking.py). Refused cases fail the
build naming `path:line: field`, with the last good site untouched; accepted ones build with --strict and show
the text as written, escaped, with no override left to turn the page around, and their feeds stay valid.
"""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from breaking import Accepted, Case, assert_accepted, assert_refused, replacing
from bs4 import BeautifulSoup
from conftest import Build, GoodSite
from feed_rules import rss_problems

FINANCE = "content/departments/finance.md"
ACTION = "content/actions/finance-vpn-month-end.md"
ROADMAP = "content/roadmap/lab-wifi-upgrade.md"
RLO, PDI = "\u202e", "\u2069"

CASES = [
    Case("department-name-only-overrides", "a department's name that is bidi overrides and nothing else",
         replacing(FINANCE, "name: Finance", f'name: "{RLO}{PDI}\\u202a"'),
         (f"{FINANCE}:2: name: must not be empty",)),
    Case("action-said-only-controls", "what was said is control characters only",
         replacing(ACTION, "said: The VPN drops out during month-end close, when most of the accounts team works "
                   "from home.", 'said: "\\x85\\u202e\\x9b"'),
         (f"{ACTION}:2: said: must not be empty",)),
    Case("booking-url-with-override", "a relationship manager's booking address hiding a bidi override",
         replacing("content/authors.yml", "booking_url: https://intranet.fernhill.example/bookings/tom-okafor",
                   'booking_url: "https://intranet.fernhill.example/bookings/\\u202eexe.rotkafo"'),
         ("content/authors.yml:10: ", "booking_url: must be")),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_listening_content_fails_the_build_and_keeps_the_last_good_site(case: Case, good_site: GoodSite,
                                                                                tmp_path: Path) -> None:
    assert_refused(case, good_site, tmp_path)


NAME = 'Fin<b>ance</b> "Q" & <script>alert(1)</script>'
SAID = "<script>alert('said')</script> <img src=x onerror=alert(1)> The VPN drops out"
TITLE = "Faster <i>Wi-Fi</i> & </title><script>x()</script>"


def markup_everywhere(project: Path) -> None:
    replacing(FINANCE, "name: Finance", f"name: '{NAME} {RLO}Reversed'")(project)
    replacing(ACTION, "said: The VPN drops out", f'said: "{SAID}')(project)
    replacing(ACTION, "from home.\n", 'from home."\n')(project)
    replacing(ROADMAP, "title: Faster Wi-Fi in the laboratory buildings",
              f'title: "{TITLE} ' + "long " * 12 + '"')(project)


def shows_markup_as_text(build: Build) -> None:
    for page in ("departments/finance/", "departments/", "you-said-we-did/", "roadmap/", "roadmap/lab-wifi-upgrade/",
                 "briefs/2026-10/finance/", ""):
        html = build.page(page)
        soup = BeautifulSoup(html, "html.parser")
        assert not [s for s in soup.find_all("script") if "alert" in (s.string or "") or "x()" in (s.string or "")]
        assert not soup.find_all("img", src="x") and not soup.find_all("b", string="ance"), page
        assert RLO not in html, page
    heading = BeautifulSoup(build.page("departments/finance/"), "html.parser").h1
    assert heading is not None and " ".join(heading.get_text().split()) == f"{NAME} Reversed"
    you_said = BeautifulSoup(build.page("you-said-we-did/"), "html.parser").get_text(" ")
    assert SAID in " ".join(you_said.split())
    for feed in sorted(build.site.rglob("*.xml")):
        if feed.name == "sitemap.xml" or not feed.read_bytes().lstrip().startswith(b"<?xml"):
            continue
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, (feed, parsed.bozo_exception)
        for entry in parsed.entries:
            assert RLO not in entry.get("title", "") and "<script" not in entry.get("title", "")
    feed = (build.site / "departments/finance/feed.xml").read_bytes()
    assert rss_problems(feed, "https://intranet.fernhill.example/it/departments/finance/feed.xml") == []


ACCEPTED = [
    Accepted("markup-and-overrides-in-listening-content", "a department's name, an action's 'said' and a roadmap "
             "title written in markup with a bidi override: text, escaped, the override dropped",
             markup_everywhere, shows_markup_as_text),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.id for case in ACCEPTED])
def test_hostile_but_fine_listening_content_builds_escaped(case: Accepted, good_site: GoodSite,
                                                           tmp_path: Path) -> None:
    assert_accepted(case, good_site, tmp_path)
