"""Site settings: the `extra.frontdesk` block of mkdocs.yml, validated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .mail import display_name_problem
from .names import SERVICE_IDS
from .problems import ContentError
from .schema import (
    MAX_COUNT,
    MAX_DAYS,
    Checker,
    Choice,
    Email,
    Field,
    FieldType,
    Flag,
    Id,
    Invalid,
    ListOf,
    Number,
    Record,
    Text,
    Timezone,
    Url,
    parse_value,
)
from .source import Document, parse_yaml, read_text


@dataclass(frozen=True)
class Category:
    """A group of services, with its own page under /services/<id>/."""

    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class Audience:
    """A group of people a service is for."""

    id: str
    title: str


# The organisation's figures the home page can show (home_figures).
HOME_FIGURES = ("tickets", "first-response", "availability", "satisfaction", "sla-met", "meeting-all")


@dataclass(frozen=True)
class ServiceDesk:
    """How staff reach the service desk: shown wherever someone may need help (home page, empty
    searches, the page-not-found page)."""

    phone: str | None = None
    portal: str | None = None
    hours: str | None = None
    email: str | None = None

    @property
    def phone_link(self) -> str | None:
        """The phone number as a tel: address ('tel:+442079460000')."""
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone) if self.phone else None


@dataclass(frozen=True)
class Phone(FieldType[str]):
    """A telephone number as people write it: digits, spaces, '+', '-', '(' and ')'."""

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not re.fullmatch(r"\+?[0-9 ()-]{3,30}", text) or sum(c.isdigit() for c in text) < 3:
            raise Invalid("must be a telephone number: digits, spaces, '+', '-', '(' and ')' (put it in quotes)")
        return text

    def json_schema(self, choices: Any) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\+?[0-9 ()-]{3,30}$"}


@dataclass(frozen=True)
class Settings:
    """Everything the site owner sets for Frontdesk."""

    organisation: str
    team: str
    contact_email: str
    categories: tuple[Category, ...]
    audiences: tuple[Audience, ...]
    feedback_url: str | None = None
    tagline: str | None = None
    timezone: str = "UTC"
    review_after_days: int = 365
    stale_after_days: int = 45
    min_survey_responses: int = 10
    feed_size: int = 20
    email_editions: int = 20
    allow_scripts: bool = False
    service_desk: ServiceDesk = ServiceDesk()
    home_figures: tuple[str, ...] = ()  # none given: the home page's default figures
    targets_on_cards: bool = False
    subscribe_by_email: str | None = None
    maintenance_notice_days: int = 14
    maintenance_counts_against_availability: bool = False
    min_group_size: int = 5

    @property
    def help_email(self) -> str:
        """Where staff write for help: the service desk's address, or else the team's."""
        return self.service_desk.email or self.contact_email

    def category(self, category_id: str) -> Category:
        """The category with this id."""
        return next(c for c in self.categories if c.id == category_id)

    def audience_title(self, audience_id: str) -> str:
        """How an audience is named on pages."""
        return next((a.title for a in self.audiences if a.id == audience_id), audience_id)


SETTINGS_FIELDS: dict[str, Field] = {
    "organisation": Field(Text(120), help="The organisation's name"),
    "team": Field(Text(120), help="The IT team's name"),
    "contact_email": Field(Email(), help="Where staff can write to the team"),
    "categories": Field(ListOf(Record(Category, {
        "id": Field(Id(SERVICE_IDS)),  # a category's page is /services/<id>/
        "title": Field(Text(80)),
        "description": Field(Text(300), required=False),
    }), min_items=1), help="Service categories, in the order shown"),
    "audiences": Field(ListOf(Record(Audience, {
        "id": Field(Id()),
        "title": Field(Text(80)),
    }), min_items=1), help="Who services are for"),
    "tagline": Field(Text(300), required=False,
                     help="The home page's opening sentence: what the team offers"),
    "feedback_url": Field(Url(("https", "http", "mailto")), required=False,
                          help="Default feedback link for services without their own"),
    "timezone": Field(Timezone(), required=False, help="The site's time zone (for dates)"),
    "review_after_days": Field(Number(1, MAX_DAYS, integer=True), required=False,
                               help="A service not reviewed for longer is flagged"),
    "stale_after_days": Field(Number(1, MAX_DAYS, integer=True), required=False,
                              help="Stats older than this are flagged as stale"),
    "min_survey_responses": Field(Number(1, MAX_COUNT, integer=True), required=False,
                                  help="Satisfaction from fewer survey responses is marked low-confidence"),
    "min_group_size": Field(Number(2, 1000, integer=True), required=False,
                            help="Survey results: groups of fewer people are never shown (default 5)"),
    "maintenance_notice_days": Field(Number(0, 365, integer=True), required=False,
                                     help="How many days ahead planned maintenance shows on /status/ and "
                                          "in banners"),
    "maintenance_counts_against_availability": Field(
        Flag(), required=False, help="true: maintenance with impact outage counts against availability computed "
                                     "from incidents"),
    "feed_size": Field(Number(1, 500, integer=True), required=False,
                       help="How many newsletter issues the feeds carry"),
    "email_editions": Field(Number(0, 10000, integer=True), required=False,
                            help="How many of the newest issues the site offers an email edition of "
                                 "(`frontdesk email` writes any issue's)"),
    "service_desk": Field(Record(ServiceDesk, {
        "phone": Field(Phone(), required=False),
        "portal": Field(Url(), required=False),
        "hours": Field(Text(120), required=False),
        "email": Field(Email(), required=False),
    }), required=False, help="How staff reach the service desk (phone, portal, hours, email): shown on the "
                             "home page, with empty search results and on the page-not-found page"),
    "home_figures": Field(ListOf(Choice(HOME_FIGURES), min_items=1), required=False,
                          help="The organisation's figures the home page shows, in order (rounded, with the change "
                               "from the month before; /stats/ shows every figure exactly)"),
    "targets_on_cards": Field(Flag(), required=False,
                              help="true shows 'target missed' on service cards (home page, catalogue); by default "
                                   "met and missed are shown on service pages and /stats/"),
    "subscribe_by_email": Field(Url(("mailto", "https", "http")), required=False,
                                help="How to get the newsletter by email: a mailing list's subscribe page, or a "
                                     "mailto: address (with ?subject=Subscribe if the list wants it)"),
    "allow_scripts": Field(Flag(), required=False,
                           help="true lets Markdown bodies hold scripts, event handlers and javascript: links "
                                "(otherwise each is a problem)"),
}

_SETTINGS = Record(lambda **values: Settings(**{k: v for k, v in values.items() if v is not None}),
                   SETTINGS_FIELDS)


def read_settings(raw: object, document: Document) -> Settings:
    """Validated settings from the raw `extra.frontdesk` mapping; raises ContentError."""
    checker = Checker(document)
    if raw is None:
        checker.problem("extra.frontdesk", "is required but missing: add the Frontdesk settings block")
        raise ContentError(checker.problems)
    settings = parse_value(_SETTINGS, raw, "extra.frontdesk", checker)
    for kind in ("categories", "audiences"):
        _no_duplicate_ids(raw.get(kind) if isinstance(raw, dict) else None, kind, checker)
    if settings is not None and (problem := display_name_problem(settings.team)):
        checker.problem("extra.frontdesk.team", f"names the sender of the email edition, and {problem}",
                        settings.team)
    if checker.problems or settings is None:
        raise ContentError(checker.problems)
    return settings


def _no_duplicate_ids(items: object, kind: str, checker: Checker) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items if isinstance(items, list) else [], start=1):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str):  # a missing or invalid id is the schema's to report
            continue
        if item_id in seen:
            checker.problem(f"extra.frontdesk.{kind}[{index}].id", "is used twice", item_id)
        seen.add(item_id)


def settings_document(config_file: str, path: str) -> Document:
    """The lines of mkdocs.yml's fields, so settings problems can name their line."""
    text, _ = read_text(Path(config_file), path)
    _, lines, _ = parse_yaml(text or "", path)
    return Document(path, {}, lines)
