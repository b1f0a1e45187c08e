"""`frontdesk email ISSUE`: write an issue's email edition on demand, drafts included.

    frontdesk email newsletter/2026-11-02-wifi-upgrade.md
    frontdesk email wifi-upgrade --out outbox/
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..core.problems import ContentError
from ..core.urls import Urls
from ..core.writing import write_atomically
from ..newsletter.newsletter import Issue
from ..newsletter.pages import (
    MarkdownSettings,
    NewsletterContext,
    email_edition,
    issue_body_html,
    issue_urls,
    newsletter_template_helpers,
)
from ..site.render import templates
from ..site.site import Site
from .project import add_project_option, load_project, project_config


def add_email_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `frontdesk email` with the command line."""
    email = commands.add_parser(
        "email", help="write an issue's email edition (HTML and .eml) without building the site",
        description="Write an issue's email edition: <slug>.html and <slug>.eml, ready to send through "
        "your own mail system. Works for drafts and scheduled issues too, to check them before they go out.",
        epilog="examples:\n  frontdesk email newsletter/2026-11-02-wifi-upgrade.md\n"
        "  frontdesk email wifi-upgrade --out outbox/",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    email.add_argument("issue", help="the issue's file, file name, or slug")
    email.add_argument("--out", type=Path, default=Path("."), help="folder to write into (default: here)")
    add_project_option(email)
    email.set_defaults(run=run_email, command="email")


def find_issue(site: Site, wanted: str) -> Issue | None:
    """The issue a user names by path, file name or slug."""
    name = Path(wanted).name.removesuffix(".md")
    every = site.newsletter.published + site.newsletter.drafts + site.newsletter.scheduled
    return next((i for i in every if Path(i.path).stem == name or i.slug == name), None)


def run_email(args: argparse.Namespace) -> int:
    """Write the email edition of one issue; non-zero exit if content has problems."""
    try:
        site = load_project(args.project)
    except ContentError as error:
        print(str(error), file=sys.stderr)
        return 1
    issue = find_issue(site, args.issue)
    if issue is None:
        print(f"frontdesk email: no issue named {args.issue!r} in newsletter/", file=sys.stderr)
        return 1
    config = project_config(args.project)
    directory_urls = config.get("use_directory_urls", True) is not False
    urls = Urls(directory_urls, issue_urls((issue,), directory_urls))
    context = NewsletterContext(site.newsletter, site.authors, site.catalogue, site.settings, True,
                                str(config.get("site_url") or ""))
    markdown = MarkdownSettings(*_markdown_extensions(config))
    env = templates(site.settings, urls, newsletter_template_helpers(context, urls))
    html, message = email_edition(issue, issue_body_html(issue, context, urls, markdown), context, env, urls)
    args.out.mkdir(parents=True, exist_ok=True)
    write_atomically(args.out / f"{issue.slug}.html", html.encode("utf-8"))
    write_atomically(args.out / f"{issue.slug}.eml", message)
    print(f"frontdesk email: wrote {args.out / (issue.slug + '.html')} and {args.out / (issue.slug + '.eml')}")
    return 0


def _markdown_extensions(config: dict[str, Any]) -> tuple[tuple[str, ...], dict[str, dict[str, Any]]]:
    """The Markdown extensions of mkdocs.yml, as MkDocs would pass them to Python-Markdown."""
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                if isinstance(options, dict):
                    configs[name] = options
    return tuple(names), configs
