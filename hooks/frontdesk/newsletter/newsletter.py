"""Newsletter issues: newsletter/<YYYY-MM-DD>-<slug>.md, checked, and routed by status.

Routing happens once, in `route`: only `Newsletter.published` reaches pages, feeds,
emails and cross-links in a normal build; a preview adds drafts and scheduled issues.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from ..core.files import NOT_CONTENT, folder_files, is_ignored, named_file_problem, not_read
from ..core.git import git_output
from ..core.names import ISSUE_SLUGS, kept_name_problem
from ..core.problems import Problem, shown
from ..core.references import check_known
from ..core.schema import (
    DAY_RANGE,
    EARLIEST_DAY,
    LATEST_DAY,
    Checker,
    Field,
    FieldType,
    Flag,
    Id,
    Invalid,
    ListOf,
    Record,
    Tag,
    Text,
    id_problem,
)
from ..core.source import Document, read_markdown
from ..departments.departments import department_ids as departments_in

NEWSLETTER = "newsletter"
_FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
# Endings of Markdown files, in any case: in newsletter/, only issues may be Markdown.
_MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
# Where a body links to a file: [text](target), ![alt](target), [label]: target, and HTML's src= and href=.
_LINK_TARGETS = re.compile(
    r"\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<inline>[^\s)]+))"
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*(?:<(?P<ref_angled>[^>\n]*)>|(?P<ref>\S+))"
    r"|\b(?:src|href)\s*=\s*(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s\"'>]+))",
    re.MULTILINE | re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


@dataclass(frozen=True)
class Issue:
    """One newsletter issue."""

    slug: str
    path: str
    title: str
    date: datetime
    summary: str
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    image: str | None = None
    services: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()  # the departments it is for; none means everyone
    draft: bool = False
    body: str = ""
    source: Document = field(default=Document("", {}, {}), repr=False, compare=False)

    @property
    def year(self) -> int:
        """The year in its URL."""
        return self.date.year

    @property
    def key(self) -> str:
        """What makes its URL, and so its feed id: year and slug."""
        return f"{self.year}/{self.slug}"

    def status(self, now: datetime) -> str:
        """published, draft or scheduled (a date still to come)."""
        if self.draft:
            return "draft"
        return "scheduled" if self.date > now else "published"

    def status_in(self, newsletter: Newsletter) -> str:
        """The status the build routed this issue to."""
        if self in newsletter.drafts:
            return "draft"
        return "scheduled" if self in newsletter.scheduled else "published"

    def reading_minutes(self) -> int:
        """Minutes to read the body, at 200 words a minute."""
        return max(1, round(len(re.findall(r"\w+", self.body)) / 200))


@dataclass(frozen=True)
class Newsletter:
    """Issues routed by status, each list newest first."""

    published: tuple[Issue, ...] = ()
    drafts: tuple[Issue, ...] = ()
    scheduled: tuple[Issue, ...] = ()

    def visible(self, preview: bool) -> tuple[Issue, ...]:
        """What a build shows: published issues, and in a preview the others too, newest first."""
        if not preview:
            return self.published
        return tuple(sorted(self.published + self.drafts + self.scheduled, key=_newest_first))

    def featuring(self, service_id: str, preview: bool) -> tuple[Issue, ...]:
        """The visible issues that feature a service."""
        return tuple(i for i in self.visible(preview) if service_id in i.services)


def _newest_first(issue: Issue) -> tuple[float, str]:
    return (-issue.date.timestamp(), issue.slug)


def route(issues: list[Issue], now: datetime) -> Newsletter:
    """The one place where issues are sorted into published, draft and scheduled."""
    ordered = sorted(issues, key=_newest_first)
    return Newsletter(
        published=tuple(i for i in ordered if i.status(now) == "published"),
        drafts=tuple(i for i in ordered if i.status(now) == "draft"),
        scheduled=tuple(i for i in ordered if i.status(now) == "scheduled"),
    )


@dataclass(frozen=True)
class PublishDate(FieldType[datetime]):
    """A date (YYYY-MM-DD), or a date and time (YYYY-MM-DD HH:MM), in the site's time zone."""

    timezone: str = "UTC"

    def parse(self, value: Any, name: str, checker: Checker) -> datetime:
        text = str(value).strip() if isinstance(value, (str, date)) else ""
        if not _DATE_TIME.match(text):
            raise Invalid("must be a date written YYYY-MM-DD (or YYYY-MM-DD HH:MM)")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as error:
            raise Invalid(f"is not a real date: {error}") from None
        if not EARLIEST_DAY <= moment.date() <= LATEST_DAY:
            raise Invalid(DAY_RANGE)
        return moment.replace(tzinfo=ZoneInfo(self.timezone))

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "pattern": _DATE_TIME.pattern, "description": "YYYY-MM-DD or YYYY-MM-DD HH:MM"}


@dataclass(frozen=True)
class NewsletterImage(FieldType[str]):
    """An image file under newsletter/, given relative to that folder. Each path is looked for once per
    reading of the issues (issue_fields makes one for each): issues often share one cover image."""

    root: Path = Path(".")
    checked: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)  # problem by path

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        if not isinstance(value, str) or not value.strip():
            raise Invalid("must be the path of an image under newsletter/, like images/cover.png")
        if not value.isprintable():  # a NUL or control character: no file has it, and paths cannot hold a NUL
            raise Invalid("must be a path of printable characters")
        problem = self.problem(value.strip())
        if problem:
            raise Invalid(problem)
        return posixpath.normpath(value.strip())  # as the file's path in the site: no './' or '//'

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^(?!/)(?!.*\.\.).*\.(png|jpe?g|gif|webp|svg)$"}

    def problem(self, value: str) -> str | None:
        """What is wrong with an image's path (see image_problem), or None."""
        if value not in self.checked:
            self.checked[value] = image_problem(value, self.root)
        return self.checked[value]


def image_problem(value: str, root: Path) -> str | None:
    """What is wrong with an `image:` value, a path from newsletter/ to an image in it, or None."""
    if value.startswith("/") or "\\" in value or re.match(r"^[a-z]+:", value) or ".." in value.split("/"):
        return f"must be a path inside {NEWSLETTER}/, without '..' or a leading '/'"
    if not value.lower().endswith(IMAGE_SUFFIXES):
        return f"must end in one of: {', '.join(IMAGE_SUFFIXES)}"
    return named_file_problem(root, NEWSLETTER, value.removeprefix("./"), NEWSLETTER)


def issue_fields(root: Path, timezone: str) -> dict[str, Field]:
    """The front matter of an issue."""
    return {
        "title": Field(Text(150), help="The issue's headline"),
        "date": Field(PublishDate(timezone), help="Publication date; a future date schedules the issue"),
        "summary": Field(Text(300), help="A sentence or two: shown in the archive, feeds and email preheader"),
        "authors": Field(ListOf(Id()), required=False, help="Author ids from content/authors.yml"),
        "tags": Field(ListOf(Tag(40)), required=False, help="Topics"),
        "image": Field(NewsletterImage(root), required=False, help="Cover image, a path under newsletter/"),
        "services": Field(ListOf(Id()), required=False, help="Ids of services the issue features"),
        "departments": Field(ListOf(Id()), required=False,
                             help="Ids of the departments it is for (content/departments/); none means everyone"),
        "draft": Field(Flag(), required=False, help="true keeps the issue out of the published site"),
    }


def read_issues(root: Path, timezone: str, authors: set[str], services: set[str],
                allow_scripts: bool = False, departments: set[str] | None = None) -> tuple[list[Issue], list[Problem]]:
    """Every issue file under newsletter/, checked, with all problems found; `departments` are the
    department ids issues may name (by default, the files in content/departments/)."""
    files, problems = issue_files(root)
    named = departments_in(root) if departments is None else departments
    record_fields = issue_fields(root, timezone)
    issues: list[Issue] = []
    for file, path in files:
        issue, found = read_issue(root, file, path, record_fields, authors, services, allow_scripts, named)
        problems += found
        if issue is not None:
            issues.append(issue)
    problems += _duplicate_problems(issues)
    return issues, problems


def issue_ids(root: Path) -> set[str]:
    """The file names (without .md) of every issue file, whatever its status or problems: what an
    action's `issue` may name."""
    return {file.stem for file, _ in issue_files(root)[0]}


def issue_files(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The issue files, the Markdown files directly in newsletter/ (each with the path problems name);
    and problems: paths under newsletter/ that lead outside the project or nowhere, and other Markdown
    files, which are not read. The other files are images and attachments for issues."""
    files, problems = folder_files(root, NEWSLETTER)
    listed: list[tuple[Path, str]] = []
    for file, path in files:
        directly = path.rsplit("/", 1)[0] == NEWSLETTER
        if directly and file.name.endswith(".md") and file.name not in NOT_CONTENT:
            listed.append((file, path))
        elif is_ignored(file.name) or not file.name.lower().endswith(_MARKDOWN):
            continue
        elif not directly:
            problems.append(not_read(path, f"issues go directly in {NEWSLETTER}/, named YYYY-MM-DD-slug.md"))
        else:
            problems.append(not_read(path, "issue files end in .md (lowercase)"))
    return listed, problems


def read_issue(root: Path, file: Path, path: str, fields: dict[str, Field], authors: set[str],
               services: set[str], allow_scripts: bool = False,
               departments: set[str] | frozenset[str] = frozenset()) -> tuple[Issue | None, list[Problem]]:
    """One issue file, checked against its name, the authors, the catalogue and the files it links to."""
    document, problems = read_markdown(file, path, allow_scripts)
    named = _FILE_NAME.fullmatch(file.stem)  # not match: "$" would pass a newline at the end
    if named is None or id_problem(named["slug"]) or not _real_date(named["date"]):
        problems.append(Problem(path, 1, "file name", "must be YYYY-MM-DD-slug.md, with a real date and a slug "
                                "of lowercase words joined by hyphens", shown(file.name)))
    elif kept := kept_name_problem(named["slug"], ISSUE_SLUGS):
        problems.append(Problem(path, 1, "file name", kept, shown(file.name)))
    if document is None:
        return None, problems
    checker = Checker(document, problems=[*problems, *_linked_file_problems(root, document)])
    values, complete = Record(dict, fields).values(document.data, "", checker)
    _check_references(values, checker, authors, services)
    check_known(checker, "departments", departments, "a department in content/departments/")
    if named is not None and values.get("date") is not None and values["date"].date().isoformat() != named["date"]:
        checker.problem("date", f"does not match the date in the file name ({named['date']})",
                        values["date"].date().isoformat())
    if not complete or named is None or checker.problems:
        return None, checker.problems
    values = {k: v for k, v in values.items() if v is not None}
    return Issue(slug=named["slug"], path=path, body=document.body, source=document, **values), []


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False


def _check_references(values: dict[str, Any], checker: Checker, authors: set[str], services: set[str]) -> None:
    for name, known, what in (("authors", authors, f"an author in {'content/authors.yml'}"),
                              ("services", services, "a known service id")):
        for index, item in enumerate(values.get(name) or (), start=1):
            if item not in known:
                field_name = f"{name}[{index}]" if isinstance(checker.document.data.get(name), list) else name
                checker.problem(field_name, f"is not {what}", item)


def _duplicate_problems(issues: list[Issue]) -> list[Problem]:
    seen: dict[str, Issue] = {}
    problems = []
    for issue in sorted(issues, key=lambda i: i.path):
        if issue.key in seen:
            problems.append(Problem(issue.path, 1, "file name",
                                    f"gives the same address /newsletter/{issue.key}/ as {seen[issue.key].path}",
                                    shown(issue.slug)))
        else:
            seen[issue.key] = issue
    return problems


def linked_files(body: str) -> list[tuple[int, str]]:
    """The files under newsletter/ a body links to (images, attachments), each as its path in the site
    with the line of the body it is on (counted from 0). Links to pages and other sites are left out."""
    found = []
    for match in _LINK_TARGETS.finditer(body):
        link = next(value for value in match.groups() if value is not None).strip()
        if not link or _SCHEME.match(link) or link.startswith(("#", "/")):
            continue
        path = unquote(link.split("#", 1)[0].split("?", 1)[0])
        target = posixpath.normpath(posixpath.join(NEWSLETTER, path)) if path else ""
        if target.startswith(f"{NEWSLETTER}/") and not target.lower().endswith(_MARKDOWN):
            found.append((body.count("\n", 0, match.start()), target))
    return found


def _linked_file_problems(root: Path, document: Document) -> list[Problem]:
    """A problem for each file the body links to that exists but leads outside newsletter/ or the project."""
    problems = []
    for line, target in linked_files(document.body):
        value = target.removeprefix(f"{NEWSLETTER}/")
        if os.path.lexists(root / target) and (problem := named_file_problem(root, NEWSLETTER, value, NEWSLETTER)):
            problems.append(Problem(document.path, document.body_line + line, "body", f"a link {problem}",
                                    shown(value)))
    return problems


def newsletter_assets(root: Path, issues: Iterable[Issue]) -> dict[str, Path]:
    """The files under newsletter/ that these issues use, by their path in the site: their cover images
    and the files their bodies link to. No other file there is published: not a draft's cover, not notes."""
    files, _ = folder_files(root, NEWSLETTER)  # what is wrong there was reported when the issues were read
    available = dict((path, file) for file, path in files)
    used = set()
    for issue in issues:
        if issue.image:
            used.add(f"{NEWSLETTER}/{issue.image}")
        used.update(target for _, target in linked_files(issue.body))
    return {path: available[path] for path in sorted(used) if path in available}


def renamed_issue_warnings(root: Path, issues: list[Issue] | tuple[Issue, ...], today: date) -> list[str]:
    """Warnings for issue files that git history shows were renamed to a new address.

    An issue's address (and feed id) comes from its file name; renaming a file that was
    already out changes both, so readers' links break and feed readers see a new item.
    Without git, or outside a repository, there is nothing to check.
    """
    output = git_output(root, "log", "--format=", "--name-status", "-M", "--diff-filter=R", "--", NEWSLETTER)
    if output is None:
        return []
    current = {i.path: i for i in issues}
    warnings = []
    for line in output.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0].startswith("R"):
            continue
        old, new = parts[1], parts[2]
        before = _FILE_NAME.match(Path(old).stem)
        issue = current.get(new)
        if before is None or issue is None or not _real_date(before["date"]):
            continue
        old_key = f"{before['date'][:4]}/{before['slug']}"
        if old_key != issue.key and date.fromisoformat(before["date"]) <= today:
            warnings.append(f"{new}:1: file name: was renamed from {old}; if that issue was published, its "
                            f"address and feed id changed from /newsletter/{old_key}/ to /newsletter/{issue.key}/ "
                            "(found: a rename in git history)")
    return warnings
