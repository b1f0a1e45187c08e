"""The brief as files: an A4 HTML document, its PDF, and an email (HTML and plain text).

All three come from one HTML document (templates/brief_document.html) with its CSS inlined, so the file,
the PDF and the email say the same. Links in it are absolute, to the intranet (`site_url`); without a
site_url the brief has no links. Nothing is fetched: the PDF engine's fetcher refuses every address.

The PDF is made by WeasyPrint (CSS paged media: A4, page numbers; a tagged PDF). Given the same HTML it
writes the same bytes: it stamps no time and no file identifier of its own; its creation and modification
dates come from the document's dcterms.created/modified, set from the build's clock; what does differ
between machines is its Producer (the WeasyPrint version) and the fonts it embeds (the system's).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import css_inline
import jinja2
from markupsafe import Markup

from ..core.mail import EMAIL_POLICY, sender_address
from ..core.pages import long_date
from ..core.settings import Settings
from ..newsletter.email_edition import html_to_text
from .brief import Brief

# What a link to a page is made from: the page's source path (services/vpn.md).
Href = Callable[[str], str]
# How to install the PDF engine, for the message when it cannot be loaded.
PDF_ENGINE_HELP = ("install WeasyPrint (pip install 'frontdesk[pdf]') and the Pango library it needs "
                   "(Debian and Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)")

# What the page footer's CSS string keeps as it is, besides letters and digits.
_CSS_PLAIN = frozenset(" ,.:-()!?/'")


class PdfEngineMissing(Exception):
    """WeasyPrint, or the system library it needs, cannot be loaded."""


@dataclass(frozen=True)
class BriefFiles:
    """The brief's three files' contents."""

    html: str
    pdf: bytes | None  # None when asked for no PDF
    eml: bytes


def render_sections(brief: Brief, env: jinja2.Environment, href: Href) -> Markup:
    """Every section of the brief, each a <section> with its heading and its kind's macro."""
    module: Any = env.get_template("_brief_sections.html").module
    parts = [Markup('<section id="{}" class="fd-brief-section">\n<h2>{}</h2>\n{}\n</section>').format(
        section.kind.replace("_", "-"), section.heading, getattr(module, section.kind)(section, href))
        for section in brief.sections]
    return Markup("\n").join(parts)


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string, for the page footer in the @page rule: every character but letters,
    digits, spaces and plain punctuation written as a CSS escape, so no quote, backslash or '</style>'
    ends the string or the style sheet, and nothing is HTML-escaped (a <style> element shows no entities)."""
    safe = "".join(c if c.isalnum() or c in _CSS_PLAIN else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{safe}"')


def document_html(brief: Brief, settings: Settings, env: jinja2.Environment, href: Href, web_url: str) -> str:
    """The standalone A4 document, with its CSS inlined (at-rules such as @page kept)."""
    html = env.get_template("brief_document.html").render(
        brief=brief, settings=settings, sections=render_sections(brief, env, href), web_url=web_url,
        footer=css_string(f"{settings.team}: {brief.title}"),
        made=brief.made.replace(microsecond=0).isoformat(), made_day=long_date(brief.made.date()))
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)
    return inliner.inline(html)


def brief_text(brief: Brief, settings: Settings, html: str, web_url: str) -> str:
    """The email's plain-text part: the same brief, readable in any mail client."""
    lines = [brief.title, "=" * min(len(brief.title), 72), ""]
    if web_url:
        lines += [f"On the intranet: {web_url}", ""]
    body = html.split("<main>", 1)[-1].split("</main>", 1)[0]
    lines += [html_to_text(body), "", "--", f"{settings.team}, {settings.organisation}", settings.contact_email]
    return "\n".join(lines).rstrip() + "\n"


def brief_eml(brief: Brief, settings: Settings, html: str, web_url: str, site_host: str) -> bytes:
    """A multipart/alternative message (text, then HTML): Date from the clock, a stable Message-ID."""
    message = EmailMessage(policy=EMAIL_POLICY)
    message["Subject"] = brief.title
    message["From"] = sender_address(settings.team, settings.contact_email)
    message["Date"] = format_datetime(brief.made.replace(microsecond=0))
    message["Message-ID"] = f"<brief.{brief.key}@{site_host or 'frontdesk'}>"
    if web_url:
        message["X-Frontdesk-Web-Version"] = web_url
    message.set_content(brief_text(brief, settings, html, web_url), subtype="plain", cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="base64")
    digest = hashlib.sha256((brief.key + html).encode("utf-8")).hexdigest()[:24]
    message.set_boundary(f"frontdesk-{digest}")
    return message.as_bytes()


def _fetch_nothing(url: str) -> dict[str, Any]:
    """The PDF engine's fetcher: the brief needs nothing from anywhere, so every address is refused."""
    raise ValueError(f"the brief fetches nothing ({url})")


def brief_pdf(html: str) -> bytes:
    """The document as an A4 PDF, tagged for screen readers; raises PdfEngineMissing."""
    try:
        # Imported here: only `frontdesk brief` needs it, and it loads a system library (Pango).
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfEngineMissing(f"{type(error).__name__}: {' '.join(str(error).split())}") from None
    document = weasyprint.HTML(string=html, url_fetcher=_fetch_nothing)
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf


def brief_files(brief: Brief, settings: Settings, env: jinja2.Environment, href: Href, web_url: str,
                site_host: str, pdf: bool = True) -> BriefFiles:
    """The brief's HTML document, PDF and email, in memory (nothing is written)."""
    html = document_html(brief, settings, env, href, web_url)
    return BriefFiles(html, brief_pdf(html) if pdf else None, brief_eml(brief, settings, html, web_url, site_host))

