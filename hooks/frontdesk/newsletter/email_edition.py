"""The email edition of an issue: a 600px table-layout HTML page, and a ready-to-send .eml.

The team sends the .eml through the organisation's own mail system; nothing is sent here.
"""

from __future__ import annotations

import hashlib
import textwrap
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from html.parser import HTMLParser

import css_inline
import jinja2

from ..core.mail import EMAIL_POLICY, sender_address

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "blockquote", "pre",
           "hr", "br", "figure"}
_SKIP = {"style", "script", "head", "title"}


@dataclass(frozen=True)
class EmailIssue:
    """What an email edition needs to know about an issue, with absolute URLs."""

    slug: str
    title: str
    summary: str
    published: datetime
    web_url: str
    body_html: str
    authors: tuple[str, ...]
    image_url: str | None
    image_alt: str
    services: tuple[tuple[str, str, str], ...]  # title, summary, absolute URL
    # Planned maintenance in the days after the issue's date: title, when, absolute URL.
    maintenance: tuple[tuple[str, str, str], ...] = ()
    maintenance_days: int = 14


@dataclass(frozen=True)
class Sender:
    """Who the email is from."""

    name: str
    email: str
    organisation: str


def email_html(issue: EmailIssue, sender: Sender, env: jinja2.Environment) -> str:
    """The email edition as HTML with its CSS inlined, as mail clients need."""
    html = env.get_template("email.html").render(issue=issue, sender=sender)
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)
    return inliner.inline(html)


def email_text(issue: EmailIssue, sender: Sender) -> str:
    """The plain-text part: the same issue, readable in any mail client."""
    lines = [issue.title, "=" * min(len(issue.title), 72), "", textwrap.fill(issue.summary, 72), "",
             f"Read it on the intranet: {issue.web_url}", "", html_to_text(issue.body_html)]
    if issue.services:
        lines += ["", "Services in this issue", "----------------------"]
        lines += [f"* {title}: {summary}\n  {url}" for title, summary, url in issue.services]
    if issue.maintenance:
        heading = f"Planned maintenance in the next {issue.maintenance_days} days"
        lines += ["", heading, "-" * len(heading)]
        lines += [f"* {title}: {when}\n  {url}" for title, when, url in issue.maintenance]
    lines += ["", "--", f"{sender.name}, {sender.organisation}", sender.email]
    return "\n".join(lines).rstrip() + "\n"


def eml(issue: EmailIssue, sender: Sender, html: str, site_host: str) -> bytes:
    """A multipart/alternative message (text, then HTML), with stable headers and boundary."""
    message = EmailMessage(policy=EMAIL_POLICY)
    message["Subject"] = issue.title
    message["From"] = sender_address(sender.name, sender.email)
    message["Date"] = format_datetime(issue.published)
    message["Message-ID"] = f"<newsletter.{issue.published:%Y}.{issue.slug}@{site_host or 'frontdesk'}>"
    message["X-Frontdesk-Web-Version"] = issue.web_url
    message.set_content(email_text(issue, sender), subtype="plain", cte="quoted-printable")
    # base64 keeps long inlined-style lines intact in any mail system, and is quick to encode.
    message.add_alternative(html, subtype="html", cte="base64")
    digest = hashlib.sha256((issue.web_url + html).encode("utf-8")).hexdigest()[:24]
    message.set_boundary(f"frontdesk-{digest}")
    return message.as_bytes()


class _TextWriter(HTMLParser):
    """Turns an issue's HTML into readable plain text: paragraphs, lists, links as 'text (url)'."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []  # (kind, text)
        self.current: list[str] = []
        self.links: list[str | None] = []
        self.skipping = 0
        self.list_depth = 0
        self.heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.flush()
            if tag in ("ul", "ol"):
                self.list_depth += 1
            elif tag == "li":
                self.current.append("  " * (self.list_depth - 1) + "* ")
            elif tag[0] == "h" and tag[1:].isdigit():
                self.heading = tag
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.current.append(f"[{alt}]")
        elif tag in ("td", "th"):
            self.current.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href and href.startswith(("http", "mailto:")):
                self.current.append(f" ({href})")
        elif tag in _BLOCKS:
            if tag in ("ul", "ol"):
                self.list_depth = max(0, self.list_depth - 1)
            self.flush("row" if tag == "tr" else "block")

    def handle_data(self, data: str) -> None:
        if not self.skipping and data != "¶":
            self.current.append(data)

    def flush(self, kind: str = "block") -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        if not text:
            return
        if kind == "row":
            self.blocks.append(("row", text.strip(" |")))
        elif self.heading:
            underline = "-" if self.heading != "h1" else "="
            self.blocks.append(("block", f"{text}\n{underline * min(len(text), 72)}"))
            self.heading = ""
        else:
            indent = "  " if text.startswith("*") else ""
            self.blocks.append(("block", textwrap.fill(text, 72, subsequent_indent=indent,
                                                       break_long_words=False, break_on_hyphens=False)))


def html_to_text(html: str) -> str:
    """Plain text from HTML, wrapped at 72 characters."""
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    writer.flush()
    text = ""
    previous = ""
    for kind, block in writer.blocks:
        text += ("\n" if kind == previous == "row" else "\n\n" if text else "") + block
        previous = kind
    return text
