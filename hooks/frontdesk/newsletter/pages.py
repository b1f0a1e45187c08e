"""The newsletter's pages and outputs: archive, year pages, issues, feeds, email editions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ..catalogue.catalogue import Catalogue
from ..core.cache import FileCache, local_code_digest, stable_description
from ..core.cache import key as cache_key
from ..core.pages import GeneratedPage, PageWriter, TemplateHelpers, chunks, front_matter
from ..core.settings import Settings
from ..core.urls import Urls, absolute, file_url
from . import feeds
from .authors import Author
from .email_edition import EmailIssue, Sender, email_html, eml
from .issue_html import link_resolver, render_markdown
from .newsletter import NEWSLETTER, Issue, Newsletter

ARCHIVE = "newsletter/index.md"
# Issues listed on /newsletter/ itself; every issue is on its year's page.
ARCHIVE_LATEST = 12
# Issues on each page of a year's archive.
YEAR_PAGE_SIZE = 50


def issue_src(issue: Issue) -> str:
    """The issue's source path in the build (its file, relative to the project)."""
    return issue.path


def issue_folder(issue: Issue) -> str:
    """The folder of an issue's address: newsletter/<year>/<slug>."""
    return f"{NEWSLETTER}/{issue.year}/{issue.slug}"


def year_src(year: int, number: int = 1) -> str:
    """Where a year's archive page comes from in the build (page 2 onwards for busy years)."""
    return f"{NEWSLETTER}/{year}/index.md" if number == 1 else f"{NEWSLETTER}/{year}/page-{number}.md"


def issue_urls(issues: tuple[Issue, ...], directory_urls: bool) -> dict[str, str]:
    """Each issue's address, by source path: the date and slug make it, never the title."""
    urls = Urls(directory_urls)
    return {issue_src(i): urls.page_path(issue_folder(i)) for i in issues}


@dataclass(frozen=True)
class NewsletterContext:
    """What the newsletter's pages need from the rest of the site."""

    newsletter: Newsletter
    authors: Mapping[str, Author]
    catalogue: Catalogue
    settings: Settings
    preview: bool
    site_url: str
    # The planned maintenance of the days after a moment (title, when, absolute URL), for email editions;
    # the site gives it, so the newsletter needs nothing of status.
    coming_maintenance: Callable[[datetime], tuple[tuple[str, str, str], ...]] = field(default=lambda _: ())


def newsletter_pages(context: NewsletterContext, env: jinja2.Environment, urls: Urls) -> list[GeneratedPage]:
    """The archive, one page per year, and one page per visible issue."""
    issues = context.newsletter.visible(context.preview)
    pages = [_archive(context, env, issues)]
    for year, members in groupby(issues, key=lambda i: i.year):
        pages += _year(context, env, year, tuple(members))
    editions = frozenset(with_email_edition(context))
    for index, issue in enumerate(issues):
        newer = issues[index - 1] if index > 0 else None
        older = issues[index + 1] if index + 1 < len(issues) else None
        pages.append(_issue_page(context, env, urls, issue, newer, older, issue in editions))
    return pages


def newsletter_template_helpers(context: NewsletterContext, urls: Urls) -> TemplateHelpers:
    """What templates need to show issues: their pages and status, year pages, authors, feeds."""
    now_status = {i.path: s for s, group in (("published", context.newsletter.published),
                                              ("draft", context.newsletter.drafts),
                                              ("scheduled", context.newsletter.scheduled)) for i in group}
    return TemplateHelpers(
        globals={
            "issue_src": issue_src,
            "year_url": lambda year: urls.of(year_src(year)),
            "status": lambda issue: now_status.get(issue.path, "published"),
            "to_url": urls.to_url,
            "to_file": urls.to_file,
            "authors": context.authors,
            "feed_urls": {kind: feeds.feed_url(context.site_url, kind) for kind in feeds.FEED_FILES},
        },
        filters={"author_name": lambda author_id: context.authors[author_id].name},
    )


def _archive(context: NewsletterContext, env: jinja2.Environment, issues: tuple[Issue, ...]) -> GeneratedPage:
    latest = issues[:ARCHIVE_LATEST]
    years = [(year, len(list(group))) for year, group in groupby(issues, key=lambda i: i.year)]
    writer = PageWriter(ARCHIVE, front_matter("Newsletter", description=f"News from {context.settings.team}.",
                                              hide=["toc"]))
    writer.render(env, "newsletter_archive.html",
        here=ARCHIVE, year=None, groups=_by_year(latest), years=years, pages=[ARCHIVE], number=1)
    return writer.page()


def _year(context: NewsletterContext, env: jinja2.Environment, year: int,
          issues: tuple[Issue, ...]) -> list[GeneratedPage]:
    """A year's issues, YEAR_PAGE_SIZE a page: /newsletter/<year>/, then /page-2/ and on."""
    parts = chunks(issues, YEAR_PAGE_SIZE)
    count = len(parts)
    sources = [year_src(year, number) for number in range(1, count + 1)]
    pages = []
    for number, (here, chunk) in enumerate(zip(sources, parts, strict=True), start=1):
        title = f"Newsletter: {year}" + (f" (page {number} of {count})" if number > 1 else "")
        writer = PageWriter(here, front_matter(title, hide=["toc"]), in_nav=False)
        writer.render(env, "newsletter_archive.html",
            here=here, year=year, groups=_by_year(chunk), years=[], pages=sources, number=number)
        pages.append(writer.page())
    return pages


def _by_year(issues: Sequence[Issue]) -> list[tuple[int, list[Issue]]]:
    return [(year, list(group)) for year, group in groupby(issues, key=lambda i: i.year)]


def _issue_page(context: NewsletterContext, env: jinja2.Environment, urls: Urls, issue: Issue,
                newer: Issue | None, older: Issue | None, has_edition: bool) -> GeneratedPage:
    here = issue_src(issue)
    template = "newsletter_issue.html"
    values: dict[str, Any] = {
        "here": here, "issue": issue, "newer": newer, "older": older,
        "issue_status": issue.status_in(context.newsletter),
        "services": [context.catalogue.by_id[s] for s in issue.services if s in context.catalogue.by_id],
        "email_url": f"{issue_folder(issue)}/email.html" if has_edition else None,
        "eml_url": f"{issue_folder(issue)}/{issue.slug}.eml",
    }
    description = issue.summary
    writer = PageWriter(here, front_matter(issue.title, description=description), in_nav=False,
                        url=urls.of(here), source=issue.path)
    writer.render(env, template, values, section="head")
    writer.markdown(issue.body)
    if values["services"]:
        writer.markdown("## Services in this issue")
        writer.render(env, template, values, section="services")
    writer.render(env, template, values, section="foot")
    return writer.page()


@dataclass(frozen=True)
class MarkdownSettings:
    """The site's Markdown extensions, so feeds and emails render issues as the site does."""

    extensions: tuple[str, ...]  # names, as MkDocs' markdown_extensions
    configs: Mapping[str, Mapping[str, Any]]  # each extension's options, by name

    def modules(self) -> list[str]:
        """The modules the extensions come from: a name as configured ('toc', 'module:Class'),
        or an extension object's module (a plugin may add one)."""
        return [e.split(":", 1)[0] if isinstance(e, str) else type(e).__module__ for e in self.extensions]

    def cache_input(self) -> str:
        """What the extensions make of Markdown, as a cache input: how they are configured (the
        same in every build, functions in options included) and the code of a project's own."""
        return stable_description([self.extensions, self.configs]) + "\n" + local_code_digest(self.modules())

    def for_export(self) -> tuple[list[str], dict[str, dict[str, Any]]]:
        """Extensions for HTML read outside the site: no permalink anchors on headings."""
        configs = {name: dict(value) for name, value in self.configs.items()}
        if "toc" in configs:
            configs["toc"]["permalink"] = False
        return list(self.extensions), configs


def issue_body_html(issue: Issue, context: NewsletterContext, urls: Urls, markdown: MarkdownSettings) -> str:
    """An issue's body as HTML with absolute links, for feeds and email."""
    resolve = link_resolver(NEWSLETTER, urls.of(issue_src(issue)), context.site_url, urls)
    extensions, configs = markdown.for_export()
    return render_markdown(issue.body, resolve, extensions, configs)


def with_email_edition(context: NewsletterContext) -> tuple[Issue, ...]:
    """The issues whose email edition the site offers: the newest published ones."""
    return context.newsletter.published[: context.settings.email_editions]


def newsletter_files(context: NewsletterContext, env: jinja2.Environment, urls: Urls,
                     markdown: MarkdownSettings, cache: FileCache | None = None) -> dict[str, bytes]:
    """Feeds and email editions of the published issues (never drafts or scheduled ones).

    An email edition made before from the same content is taken from `cache`, the build's cache."""
    cache = cache or FileCache(None)
    published = context.newsletter.published
    items = [_feed_item(i, issue_body_html(i, context, urls, markdown), context, urls)
             for i in published[: context.settings.feed_size]]
    info = feeds.FeedInfo(title=f"{context.settings.team} newsletter",
                          description=f"News from {context.settings.team} for {context.settings.organisation}.",
                          home_url=absolute(context.site_url, urls.of(ARCHIVE)), site_url=context.site_url)
    files = {feeds.FEED_FILES["rss"]: feeds.rss(info, items), feeds.FEED_FILES["atom"]: feeds.atom(info, items),
             feeds.FEED_FILES["json"]: feeds.json_feed(info, items)}
    extensions = markdown.cache_input()
    for issue in with_email_edition(context):
        names = ("email.html", f"{issue.slug}.eml")

        def make(issue: Issue = issue) -> tuple[bytes, ...]:
            html, message = email_edition(issue, issue_body_html(issue, context, urls, markdown), context, env, urls)
            return html.encode("utf-8"), message

        for name, data in zip(names, cache.get_or_make("email", _edition_key(issue, context, urls, extensions),
                                                       names, make), strict=True):
            files[f"{issue_folder(issue)}/{name}"] = data
    cache.prune("email")  # editions of old content, code or settings
    return files


def _edition_key(issue: Issue, context: NewsletterContext, urls: Urls, extensions: str) -> str:
    """What an issue's email edition is made from, as a cache key (`extensions`: the Markdown
    extensions' MarkdownSettings.cache_input)."""
    services = [(s.id, s.title, s.summary) for s in (context.catalogue.by_id.get(i) for i in issue.services) if s]
    authors = [(a, context.authors[a].name) for a in issue.authors if a in context.authors]
    return cache_key(repr(issue), issue.body, repr(context.settings), context.site_url, urls.of(issue_src(issue)),
                     repr(services), repr(authors), extensions, repr(context.coming_maintenance(issue.date)))


def email_edition(issue: Issue, body: str, context: NewsletterContext, env: jinja2.Environment,
                  urls: Urls) -> tuple[str, bytes]:
    """An issue's email edition: the HTML page and the .eml message."""
    sender = Sender(context.settings.team, context.settings.contact_email, context.settings.organisation)
    edition = email_issue(issue, body, context, urls)
    html = email_html(edition, sender, env)
    return html, eml(edition, sender, html, urlsplit(context.site_url).hostname or "")


def issue_feed_item(issue: Issue, context: NewsletterContext, urls: Urls, markdown: MarkdownSettings) -> feeds.FeedItem:
    """An issue as every feed carries it (the site's, and each department's): full content, absolute links."""
    return _feed_item(issue, issue_body_html(issue, context, urls, markdown), context, urls)


def _feed_item(issue: Issue, body: str, context: NewsletterContext, urls: Urls) -> feeds.FeedItem:
    image = absolute(context.site_url, file_url(f"{NEWSLETTER}/{issue.image}")) if issue.image else None
    content = (f'<p><img src="{image}" alt=""></p>' if image else "") + body
    return feeds.FeedItem(
        url=absolute(context.site_url, urls.of(issue_src(issue))), title=issue.title, published=issue.date,
        summary=issue.summary, content_html=content,
        authors=tuple(context.authors[a].name for a in issue.authors), tags=issue.tags, image_url=image)


def email_issue(issue: Issue, body: str, context: NewsletterContext, urls: Urls) -> EmailIssue:
    """An issue as its email edition needs it."""
    services = tuple(
        (s.title, s.summary, absolute(context.site_url, urls.of(f"services/{s.id}.md")))
        for s in (context.catalogue.by_id[i] for i in issue.services if i in context.catalogue.by_id))
    return EmailIssue(
        slug=issue.slug, title=issue.title, summary=issue.summary, published=issue.date,
        web_url=absolute(context.site_url, urls.of(issue_src(issue))), body_html=body,
        authors=tuple(context.authors[a].name for a in issue.authors),
        image_url=absolute(context.site_url, file_url(f"{NEWSLETTER}/{issue.image}")) if issue.image else None,
        image_alt="", services=services, maintenance=context.coming_maintenance(issue.date),
        maintenance_days=context.settings.maintenance_notice_days)
