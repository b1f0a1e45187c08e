"""No content path reaches outside the project or the site: ids, slugs, `image:` and `file:`.

Ids and slugs become output paths (services/<id>/, newsletter/<year>/<slug>/), so they must
follow the id rule exactly: no '/', '..', absolute paths, or a newline slipped in at the end.
`image:` and `file:` must name files inside newsletter/ and content/resources/files/, even
through symbolic links. Each test reads a copy of the example project in-process.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXED_NOW
from frontdesk.cli.project import project_config
from frontdesk.core.problems import ContentError
from frontdesk.newsletter.newsletter import newsletter_assets
from frontdesk.site.site import SiteBuild, prepare_build, read_site

NOW = {"FRONTDESK_NOW": FIXED_NOW}
VPN = "content/services/vpn.md"
ISSUE = "newsletter/2026-01-19-new-starters.md"
RESOURCE = "content/resources/spot-the-phish.md"


def problems(project: Path) -> list[str]:
    """Every problem the build would report, as the author reads them."""
    try:
        read_site(project, project_config(project)["extra"]["frontdesk"], environ=NOW)
    except ContentError as error:
        return [str(problem) for problem in error.problems]
    return []


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), "utf-8")


def copy_as(path: str, name: str) -> Callable[[Path], None]:
    return lambda project: (project / path).with_name(name).write_bytes((project / path).read_bytes())


def replacing(path: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda project: edit(project, path, old, new)


# --- ids and slugs ---------------------------------------------------------------------------

ID_RULE = "must be lowercase letters and digits in words joined by hyphens (like 'file-storage')"

ID_CASES = [
    ("service-file-dot", copy_as(VPN, "..md"), "content/services/..md:1: id: the file name " + ID_RULE),
    ("service-file-trailing-newline", copy_as(VPN, "vpn2\n.md"), "id: the file name " + ID_RULE),
    ("resource-file-dot", copy_as(RESOURCE, "..md"), "content/resources/..md:1: id: the file name " + ID_RULE),
    ("issue-slug-dot", copy_as(ISSUE, "2026-01-19-..md"),
     "newsletter/2026-01-19-..md:1: file name: must be YYYY-MM-DD-slug.md"),
    ("issue-slug-trailing-newline", copy_as(ISSUE, "2026-01-19-news\n.md"), "file name: must be YYYY-MM-DD-slug.md"),
    ("depends-on-dot-dot", replacing(VPN, "depends_on: [accounts-and-passwords,", "depends_on: [../../etc,"),
     f"{VPN}:31: depends_on[1]: {ID_RULE} (found: '../../etc')"),
    ("replaced-by-absolute", replacing(VPN, "cost: free", "cost: free\nreplaced_by: /etc/passwd"),
     f"{VPN}:24: replaced_by: {ID_RULE} (found: '/etc/passwd')"),
    ("issue-service-slash", replacing(ISSUE, "services: [accounts-and-passwords,", "services: [services/vpn,"),
     f"{ISSUE}:8: services[1]: {ID_RULE} (found: 'services/vpn')"),
    ("issue-author-dot-dot", replacing(ISSUE, "authors: [tom-okafor]", "authors: [../tom-okafor]"),
     f"{ISSUE}:5: authors[1]: {ID_RULE} (found: '../tom-okafor')"),
    ("resource-service-absolute", replacing(RESOURCE, "services: [phishing-reporting,", "services: [/vpn,"),
     f"{RESOURCE}:6: services[1]: {ID_RULE} (found: '/vpn')"),
    ("author-id-dot-dot", replacing("content/authors.yml", "tom-okafor:", "../tom:"),
     f"content/authors.yml:6: ../tom: the author id {ID_RULE} (found: '../tom')"),
    ("category-id-dot-dot", replacing("mkdocs.yml", "      - id: research", "      - id: ../../research"),
     f"extra.frontdesk.categories[8].id: {ID_RULE} (found: '../../research')"),
    ("category-id-trailing-newline", replacing("mkdocs.yml", "      - id: research", '      - id: "research\\n"'),
     "extra.frontdesk.categories[8].id: " + ID_RULE),
    ("audience-id-slash", replacing("mkdocs.yml", "      - id: visitors", "      - id: /visitors"),
     f"extra.frontdesk.audiences[4].id: {ID_RULE} (found: '/visitors')"),
]


@pytest.mark.parametrize(("breaks", "expected"), [case[1:] for case in ID_CASES], ids=[c[0] for c in ID_CASES])
def test_ids_and_slugs_that_would_make_paths_are_refused(project: Path, breaks: Callable[[Path], None],
                                                         expected: str) -> None:
    breaks(project)
    found = problems(project)
    assert any(expected in problem for problem in found), "\n".join(found)


def test_every_output_path_stays_inside_the_site(project: Path) -> None:
    """Whatever the content, Frontdesk only writes relative paths without '..' (checked on the example)."""
    build: SiteBuild = prepare_build(project, project_config(project)["extra"]["frontdesk"], environ=NOW)
    outputs = [*build.pages, *(p.url for p in build.pages.values() if p.url), *build.files, *build.make_feeds(),
               *build.copies]
    assert len(outputs) > 100
    for path in outputs:
        assert not path.startswith("/") and "\\" not in path, path
        assert ".." not in path.split("/") and posixpath.normpath(path).split("/")[0] != "..", path
        assert all(c.isprintable() for c in path), repr(path)
    assert "newsletter/images/wifi-upgrade.png" in build.copies
    for path, source in build.copies.items():
        folder = "newsletter" if path.startswith("newsletter/") else "content/resources/files"
        assert source.resolve().is_relative_to((project / folder).resolve()), source


# --- image: and file: -------------------------------------------------------------------------

INSIDE_NEWSLETTER = f"{ISSUE}:7: image: must be a path inside newsletter/, without '..' or a leading '/'"
INSIDE_FILES = f"{RESOURCE}:5: file: must be a path inside content/resources/files/"


def image(value: str) -> Callable[[Path], None]:
    return replacing(ISSUE, "image: images/new-starters.png", f"image: {value}")


def resource_file(value: str) -> Callable[[Path], None]:
    return replacing(RESOURCE, "file: files/spot-the-phish.pdf", f"file: {value}")


def linked_image(target: str) -> Callable[[Path], None]:
    def link(project: Path) -> None:
        (project / "newsletter/images/linked.png").symlink_to(target)
        edit(project, ISSUE, "image: images/new-starters.png", "image: images/linked.png")
    return link


def linked_file(make_target: Callable[[Path], Path], name: str = "linked.pdf") -> Callable[[Path], None]:
    def link(project: Path) -> None:
        (project / "content/resources/files" / name.split("/")[0]).symlink_to(make_target(project))
        edit(project, RESOURCE, "file: files/spot-the-phish.pdf", f"file: files/{name}")
    return link


def outside_folder(project: Path) -> Path:
    folder = project.parent / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    return folder


PATH_CASES = [
    ("image-dot-dot", image("../../etc/passwd"), INSIDE_NEWSLETTER),
    ("image-dot-dot-inside", image("images/../../mkdocs.yml"), INSIDE_NEWSLETTER),
    ("image-absolute", image("/etc/passwd"), INSIDE_NEWSLETTER),
    ("image-url-scheme", image("file:///etc/passwd.png"), INSIDE_NEWSLETTER),
    ("image-backslash", image("images\\..\\..\\mkdocs.png"), INSIDE_NEWSLETTER),
    ("image-not-an-image", image("2026-01-19-new-starters.md"), f"{ISSUE}:7: image: must end in one of: .png"),
    ("image-link-outside-project", linked_image("/etc/passwd.png"), f"{ISSUE}:7: image: "),
    ("image-link-to-passwd", linked_image("/etc/passwd"), f"{ISSUE}:7: image: leads outside newsletter/"),
    ("image-link-outside-newsletter", linked_image("../../docs/assets/frontdesk.css"),
     f"{ISSUE}:7: image: leads outside newsletter/"),
    ("file-dot-dot", resource_file("../services/vpn.md"), INSIDE_FILES),
    ("file-dot-dot-inside", resource_file("files/../../../mkdocs.yml"), INSIDE_FILES),
    ("file-absolute", resource_file("/etc/passwd"), INSIDE_FILES),
    ("file-backslash", resource_file("files\\..\\..\\secret.pdf"), INSIDE_FILES),
    ("file-url-scheme", resource_file("file:///etc/secret.pdf"), INSIDE_FILES),
    ("file-link-to-passwd", linked_file(lambda project: Path("/etc/passwd"), "passwd.txt"),
     f"{RESOURCE}:5: file: leads outside content/resources/files/"),
    ("file-link-outside-files", linked_file(lambda project: project / "content/services/vpn.md", "vpn.txt"),
     f"{RESOURCE}:5: file: leads outside content/resources/files/"),
    ("file-linked-folder-outside", linked_file(outside_folder, "outside/secret.pdf"),
     f"{RESOURCE}:5: file: leads outside content/resources/files/"),
]


@pytest.mark.parametrize(("breaks", "expected"), [case[1:] for case in PATH_CASES],
                         ids=[c[0] for c in PATH_CASES])
def test_image_and_file_outside_their_folders_are_refused(project: Path, breaks: Callable[[Path], None],
                                                          expected: str) -> None:
    breaks(project)
    found = problems(project)
    assert any(expected in problem for problem in found), "\n".join(found)


def test_linked_files_in_newsletter_that_lead_outside_are_refused(project: Path) -> None:
    (project / "newsletter/images/passwd.png").symlink_to("/etc/passwd")
    outside = outside_folder(project)
    (project / "newsletter/images/more").symlink_to(outside, target_is_directory=True)
    assert problems(project) == [
        f"newsletter/images/more:1: file: links to a place outside the project (found: {outside.resolve()})",
        "newsletter/images/passwd.png:1: file: links to a place outside the project (found: /etc/passwd)",
    ]


def test_files_in_newsletter_are_published_only_when_a_published_issue_uses_them(project: Path) -> None:
    (project / "newsletter/images/mkdocs.png").symlink_to(project / "mkdocs.yml")
    (project / "newsletter/ideas.txt").write_text("Next year: a quiz\n", "utf-8")
    issues = read_site(project, project_config(project)["extra"]["frontdesk"], environ=NOW).newsletter.published
    assets = newsletter_assets(project, issues)
    assert "newsletter/images/new-starters.png" in assets
    assert not [path for path in assets if "mkdocs" in path or "ideas" in path], assets
