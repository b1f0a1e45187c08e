"""Unit tests of reading and checking settings and service files: one test per kind of problem.

Each test builds a tiny project in a temporary folder (a mkdocs.yml and a few files under
content/services/), reads it with `frontdesk.site.read_site`, and asserts the exact messages
an author sees: `path:line: field: problem (found: value)`.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from frontdesk.catalogue.services import Channel, Link, Owner, Request, Service, ServiceLevels, Support
from frontdesk.core.problems import ContentError
from frontdesk.core.source import MAX_FILE_BYTES
from frontdesk.site.site import Site, read_site

NOW = {"FRONTDESK_NOW": "2026-11-23"}

# The project's mkdocs.yml. Line numbers matter: settings problems point into this text.
#   4 organisation   6 contact_email   8 categories   9/11 category ids   13 audiences   14/16 audience ids
SETTINGS_YAML = """\
site_name: Test site
extra:
  frontdesk:
    organisation: Test Institute
    team: Test IT
    contact_email: it@test.example
    timezone: Europe/London
    categories:
      - id: accounts
        title: Accounts and access
      - id: network
        title: Network and remote access
    audiences:
      - id: staff
        title: All staff
      - id: researchers
        title: Researchers
"""

MISSING = object()  # leave a field out of a service file

# A valid service. `write_service` dumps it in this order, so the fields are on these lines:
#   1 ---            8 owner:          14 channels:       20 cost
#   2 title          9   team          15 - label         21 last_reviewed
#   3 summary       10   email         16   url           22 the first extra field
#   4 category      11 support:        17 request:
#   5 lifecycle     12   hours         18   url
#   6 audience:     13   timezone      19   approval
#   7 - staff
VALID: dict[str, Any] = {
    "title": "VPN",
    "summary": "Connect to internal systems from home.",
    "category": "network",
    "lifecycle": "live",
    "audience": ["staff"],
    "owner": {"team": "Network Services", "email": "network@test.example"},
    "support": {
        "hours": "Monday to Friday, 9am to 5pm",
        "timezone": "Europe/London",
        "channels": [{"label": "Service desk", "url": "https://help.test.example/"}],
    },
    "request": {"url": "https://help.test.example/vpn", "approval": "manager"},
    "cost": "free",
    "last_reviewed": "2026-09-14",
}
VPN = "content/services/vpn.md"


# --- helpers -------------------------------------------------------------------------------


def service(**changes: Any) -> dict[str, Any]:
    """The valid service with some fields changed, added, or (with MISSING) left out."""
    data = {**VALID, **changes}
    return {key: value for key, value in data.items() if value is not MISSING}


def front_matter(data: dict[str, Any] | None = None, body: str = "Body.\n") -> str:
    """The text of a service file: YAML front matter from a dict, then a Markdown body."""
    fields = yaml.safe_dump(service() if data is None else data, sort_keys=False, allow_unicode=True)
    return f"---\n{fields}---\n{body}"


def write_service(root: Path, name: str, data: dict[str, Any] | None = None, body: str = "Body.\n") -> Path:
    """Write content/services/<name> from a dict (the valid service by default)."""
    return write_text(root, name, front_matter(data, body))


def write_text(root: Path, name: str, text: str) -> Path:
    return write_bytes(root, name, text.encode("utf-8"))


def write_bytes(root: Path, name: str, data: bytes) -> Path:
    file = root / "content" / "services" / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)
    return file


def raw_settings(settings_yaml: str = SETTINGS_YAML) -> Any:
    """The `extra.frontdesk` block, as MkDocs hands it to the hooks."""
    return yaml.safe_load(settings_yaml)["extra"]["frontdesk"]


def read(root: Path, settings_yaml: str = SETTINGS_YAML, environ: dict[str, str] | None = None) -> Site:
    """Read the project, which must have no problems."""
    (root / "mkdocs.yml").write_text(settings_yaml, "utf-8")
    return read_site(root, raw_settings(settings_yaml), environ=NOW if environ is None else environ)


def problems(root: Path, settings_yaml: str = SETTINGS_YAML, environ: dict[str, str] | None = None) -> list[str]:
    """Every problem reported for the project, as the author sees them."""
    with pytest.raises(ContentError) as caught:
        read(root, settings_yaml, environ)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An empty project, inside tmp_path so that tmp_path itself is outside it."""
    project = tmp_path / "project"
    (project / "content" / "services").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(SETTINGS_YAML, "utf-8")
    return project


# Reads a project in a child process with limited memory, for content that might never finish.
_ISOLATED = """
import json, sys, time
from pathlib import Path
from frontdesk.core.problems import ContentError
from frontdesk.site.site import read_site
root, settings, environ = Path(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
start = time.perf_counter()
try:
    read_site(root, settings, environ=environ)
    found = []
except ContentError as error:
    found = [str(p) for p in error.problems]
print(json.dumps({"problems": found, "seconds": time.perf_counter() - start}))
"""
_MEMORY_LIMIT = 512 * 1024 * 1024


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_LIMIT, _MEMORY_LIMIT))


def read_isolated(root: Path, timeout: float = 10) -> dict[str, Any]:
    """Problems and seconds taken; fails (rather than hangs) on a runaway read."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", _ISOLATED, str(root), json.dumps(raw_settings()), json.dumps(NOW)],
            capture_output=True, text=True, timeout=timeout, preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading the project took more than {timeout} seconds")
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


# --- valid content ---------------------------------------------------------------------------


def test_valid_file_layout_matches_the_line_numbers_used_below():
    lines = front_matter(service(depends_on=["wifi"])).splitlines()
    numbered = {number: lines[number - 1] for number in (1, 2, 6, 7, 8, 11, 14, 16, 17, 20, 21, 22, 23, 24)}
    assert numbered == {
        1: "---", 2: "title: VPN", 6: "audience:", 7: "- staff", 8: "owner:", 11: "support:",
        14: "  channels:", 16: "    url: https://help.test.example/", 17: "request:", 20: "cost: free",
        21: "last_reviewed: '2026-09-14'", 22: "depends_on:", 23: "- wifi", 24: "---",
    }


def test_valid_service_parses_into_typed_frozen_dataclass(root):
    write_text(root, "accounts-and-passwords.md", front_matter(service(title="Accounts")))
    write_text(root, "multi-factor-authentication.md", front_matter(service(title="MFA")))
    write_text(root, "vpn.md", """\
---
title: VPN (remote access)
summary: Connect securely to internal systems from home or while travelling.
category: network
lifecycle: live
audience: [staff, researchers]
owner:
  team: Network Services
  email: network@test.example
support:
  hours: Monday to Friday, 08:00–18:00
  timezone: Europe/London
  channels:
    - label: Service desk portal
      url: https://help.test.example/
    - label: Phone
      url: tel:+441615550100
    - label: Email
request:
  url: https://help.test.example/catalogue/vpn
  approval: manager
cost: £12 per user per month
last_reviewed: 2026-09-14
tags: [remote-work, security]
service_levels:
  availability: 99.5
  first_response_hours: 4
depends_on: [accounts-and-passwords, multi-factor-authentication]
links:
  - title: Install the client
    url: https://help.test.example/kb/vpn
featured: true
---

The VPN lets you reach internal systems.
""")
    site = read(root)
    vpn = site.catalogue.by_id["vpn"]
    assert isinstance(vpn, Service)
    assert site.today == date(2026, 11, 23)
    assert (vpn.id, vpn.path, vpn.title, vpn.category, vpn.lifecycle) == (
        "vpn", VPN, "VPN (remote access)", "network", "live")
    assert vpn.summary == "Connect securely to internal systems from home or while travelling."
    assert vpn.audience == ("staff", "researchers")
    assert vpn.owner == Owner("Network Services", "network@test.example")
    assert vpn.support == Support("Monday to Friday, 08:00–18:00", "Europe/London", (
        Channel("Service desk portal", "https://help.test.example/"),
        Channel("Phone", "tel:+441615550100"),
        Channel("Email", None),
    ))
    assert vpn.request == Request("manager", "https://help.test.example/catalogue/vpn", None)
    assert vpn.cost == "£12 per user per month"
    assert vpn.last_reviewed == date(2026, 9, 14)
    assert type(vpn.last_reviewed) is date
    assert vpn.tags == ("remote-work", "security")
    assert vpn.service_levels == ServiceLevels(availability=99.5, first_response_hours=4)
    assert vpn.depends_on == ("accounts-and-passwords", "multi-factor-authentication")
    assert vpn.links == (Link("Install the client", "https://help.test.example/kb/vpn"),)
    assert vpn.featured is True
    assert (vpn.retires_on, vpn.replaced_by, vpn.feedback_url) == (None, None, None)
    assert vpn.body == "\nThe VPN lets you reach internal systems.\n"
    assert vpn.line("depends_on") == 28
    assert vpn.line("support.channels[2].url") == 17
    with pytest.raises(dataclasses.FrozenInstanceError):
        vpn.title = "Changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        vpn.owner.email = "someone@test.example"  # type: ignore[misc]


def test_catalogue_gives_both_directions_of_dependency(root):
    write_service(root, "accounts-and-passwords.md", service(title="Accounts"))
    write_service(root, "multi-factor-authentication.md",
                  service(title="MFA", depends_on=["accounts-and-passwords"]))
    write_service(root, "vpn.md", service(depends_on=["accounts-and-passwords", "multi-factor-authentication"]))
    catalogue = read(root).catalogue
    assert [s.id for s in catalogue.services] == ["accounts-and-passwords", "multi-factor-authentication", "vpn"]
    assert catalogue.by_id["vpn"].depends_on == ("accounts-and-passwords", "multi-factor-authentication")
    assert catalogue.dependents == {
        "accounts-and-passwords": ("multi-factor-authentication", "vpn"),
        "multi-factor-authentication": ("vpn",),
        "vpn": (),
    }
    assert catalogue.in_category("network") == catalogue.services


def test_file_with_bom_and_crlf_line_endings_is_accepted(root):
    text = front_matter(service(title="Café"), body="Body line one.\nLine two.\n")
    write_bytes(root, "vpn.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    vpn = read(root).catalogue.by_id["vpn"]
    assert vpn.title == "Café"
    assert vpn.last_reviewed == date(2026, 9, 14)
    assert vpn.support.channels == (Channel("Service desk", "https://help.test.example/"),)
    assert vpn.body == "Body line one.\nLine two.\n"
    assert vpn.line("cost") == 20


@pytest.mark.parametrize(("cost", "stored"), [
    ("free", "free"), ("Free", "free"), (0, "free"), ("£12 per month", "£12 per month"),
    ("£12  per   user per month", "£12 per user per month"),
])
def test_cost_free_or_price_with_unit_is_accepted(root, cost, stored):
    write_service(root, "vpn.md", service(cost=cost))
    assert read(root).catalogue.by_id["vpn"].cost == stored


def test_limits_are_inclusive(root):
    write_service(root, "a" * 63 + ".md", service(summary="x" * 160, last_reviewed="2026-11-23"))
    write_bytes(root, "vpn.md", front_matter(body="x" * MAX_FILE_BYTES).encode()[:MAX_FILE_BYTES])
    assert len(read(root).catalogue.services) == 2


# --- reading files ---------------------------------------------------------------------------


def test_malformed_yaml(root):
    write_text(root, "vpn.md", front_matter().replace("summary: Connect", "summary: Note: connect"))
    assert problems(root) == [
        f"{VPN}:3: YAML: is not valid YAML: mapping values are not allowed in this context",
    ]


def test_missing_front_matter(root):
    write_text(root, "vpn.md", "# VPN\n\nNo fields here.\n")
    assert problems(root) == [
        f"{VPN}:1: front matter: is missing: the file must start with a '---' line, "
        "then the fields, then another '---' line",
    ]


def test_front_matter_not_closed(root):
    write_text(root, "vpn.md", front_matter().split("---\nBody")[0])
    assert problems(root) == [f"{VPN}:1: front matter: is not closed: add a '---' line after the last field"]


@pytest.mark.parametrize("text", ["---\n---\nBody\n", "---\n\n# only a comment\n---\nBody\n"])
def test_empty_front_matter(root, text):
    write_text(root, "vpn.md", text)
    assert problems(root) == [f"{VPN}:2: front matter: is empty"]


def test_front_matter_that_is_not_a_mapping(root):
    write_text(root, "vpn.md", "---\n- title\n- summary\n---\n")
    assert problems(root) == [
        f"{VPN}:2: YAML: must be a mapping of field names to values (found: ['title', 'summary'])",
    ]


def test_non_utf8_file_names_line_and_byte(root):
    write_bytes(root, "vpn.md", front_matter(service(title="Café")).encode("latin-1"))
    assert problems(root) == [f"{VPN}:2: file: is not UTF-8 text; save it as UTF-8 (found: byte 0xe9)"]


def test_nul_bytes_mean_a_binary_file(root):
    write_bytes(root, "vpn.md", front_matter(body="Body.\n\x00\x01\x02").encode())
    assert problems(root) == [f"{VPN}:24: file: is not a text file (it contains NUL bytes)"]


def test_file_over_one_mebibyte(root):
    data = front_matter(body="x" * MAX_FILE_BYTES).encode()
    write_bytes(root, "vpn.md", data)
    assert problems(root) == [f"{VPN}:1: file: is larger than 1024 KiB (found: {len(data)} bytes)"]


def test_python_tag_is_refused_and_never_executed(root, tmp_path):
    marker = tmp_path / "pwned"
    write_text(root, "vpn.md", front_matter().replace(
        "cost: free", f"cost: !!python/object/apply:os.system ['touch {marker}']"))
    assert problems(root) == [f"{VPN}:20: cost: YAML tags are not allowed (found: !!python/object/apply:os.system)"]
    assert not marker.exists()


@pytest.mark.parametrize(("tag", "shown"), [("!secret", "!secret"), ("!!binary", "!!binary")])
def test_other_yaml_tags_are_refused(root, tag, shown):
    write_text(root, "vpn.md", front_matter().replace("cost: free", f"cost: {tag} ZnJlZQ=="))
    assert problems(root) == [f"{VPN}:20: cost: YAML tags are not allowed (found: {shown})"]


def test_duplicate_key_in_front_matter(root):
    text = front_matter().replace("cost: free", "cost: free\ncost: £5 per month")
    write_text(root, "vpn.md", text.replace("  approval: manager", "  approval: manager\n  approval: none"))
    assert problems(root) == [
        f"{VPN}:20: request.approval: is given twice",
        f"{VPN}:22: cost: is given twice",
    ]


def test_field_names_must_be_text(root):
    write_text(root, "vpn.md", front_matter().replace("cost: free", "cost: free\n2026: year"))
    assert problems(root) == [f"{VPN}:21: front matter: field names must be text (found: '2026')"]


BILLION_LAUGHS = """\
---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
"""


def test_yaml_alias_bomb_is_refused_quickly(root):
    write_text(root, "vpn.md", BILLION_LAUGHS)
    result = read_isolated(root)
    assert result["problems"] == [f"{VPN}:2: YAML: has too many values or aliases to read"]
    assert result["seconds"] < 5


# --- fields ----------------------------------------------------------------------------------


def test_missing_required_field(root):
    write_service(root, "vpn.md", service(title=MISSING, owner={"team": "Network Services"}))
    assert problems(root) == [
        f"{VPN}:2: title: is required but missing",
        f"{VPN}:7: owner.email: is required but missing",
    ]


def test_empty_required_field(root):
    write_text(root, "vpn.md", front_matter(service(summary="  ")).replace("title: VPN", "title:"))
    assert problems(root) == [
        f"{VPN}:2: title: must not be empty",
        f"{VPN}:3: summary: must not be empty (found: '')",  # shown on one line, spaces collapsed
    ]


def test_wrong_type(root):
    write_service(root, "vpn.md", service(title=42, audience={"staff": True}, owner=["Network Services"]))
    assert problems(root) == [
        f"{VPN}:2: title: must be text (put it in quotes) (found: 42)",
        f"{VPN}:6: audience: must be one of: staff, researchers (found: {{'staff': True}})",
        # the audience mapping takes two lines, so owner moves down to line 8
        f"{VPN}:8: owner: must be a mapping with the fields: team, email (found: ['Network Services'])",
    ]


def test_unknown_field_with_suggestion(root):
    write_service(root, "vpn.md", {**service(), "sumary": "Typo."})
    assert problems(root) == [f"{VPN}:22: sumary: is not a known field; did you mean 'summary'?"]


def test_unknown_field_without_suggestion(root):
    write_service(root, "vpn.md", {**service(), "colour": "blue"})
    assert problems(root) == [f"{VPN}:22: colour: is not a known field"]


def test_unknown_nested_field(root):
    write_service(root, "vpn.md", service(owner={"team": "Net", "email": "net@test.example", "emial": "x"}))
    assert problems(root) == [f"{VPN}:11: owner.emial: is not a known field; did you mean 'email'?"]


@pytest.mark.parametrize(("name", "problem"), [
    ("VPN_Access", "the file name must be lowercase letters and digits in words joined by hyphens "
                   "(like 'file-storage') (found: 'VPN_Access')"),
    ("a" * 64, f"the file name is 64 characters long; the limit is 63 (found: '{'a' * 64}')"),
])
def test_bad_id_from_file_name(root, name, problem):
    write_service(root, f"{name}.md")
    assert problems(root) == [f"content/services/{name}.md:1: id: {problem}"]


def test_unknown_category_with_suggestion(root):
    write_service(root, "vpn.md", service(category="netwrk"))
    assert problems(root) == [
        f"{VPN}:4: category: must be one of: accounts, network; did you mean 'network'? (found: 'netwrk')",
    ]


def test_unknown_audience(root):
    write_service(root, "vpn.md", service(audience=["staff", "aliens", "researcher"]))
    assert problems(root) == [
        f"{VPN}:8: audience[2]: must be one of: staff, researchers (found: 'aliens')",
        f"{VPN}:9: audience[3]: must be one of: staff, researchers; did you mean 'researchers'? "
        "(found: 'researcher')",
    ]


def test_audience_listed_twice_or_empty(root):
    write_service(root, "vpn.md", service(audience=["staff", "staff"]))
    write_service(root, "wifi.md", service(audience=[]))
    assert problems(root) == [
        f"{VPN}:8: audience[2]: is listed twice (found: 'staff')",
        "content/services/wifi.md:6: audience: must list at least 1 (found: [])",
    ]


def test_bad_email(root):
    write_service(root, "vpn.md", service(owner={"team": "Net", "email": "Network team <net@test>"}))
    assert problems(root) == [
        f"{VPN}:10: owner.email: must be an email address like team@example.org (found: 'Network team <net@test>')",
    ]


@pytest.mark.parametrize("url", ["ftp://files.test.example/vpn", "not a url", "https://", "/catalogue/vpn"])
def test_bad_request_url(root, url):
    write_service(root, "vpn.md", service(request={"url": url, "approval": "manager"}))
    assert problems(root) == [
        f"{VPN}:18: request.url: must be an absolute address starting with https: or http: (found: '{url}')",
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "tel:call-us"])
def test_bad_channel_url_is_refused(root, url):
    channels = [{"label": "Desk", "url": url}]
    write_service(root, "vpn.md", service(support={**VALID["support"], "channels": channels}))
    assert problems(root) == [
        f"{VPN}:16: support.channels[1].url: must be an absolute address starting with "
        f"https: or http: or mailto: or tel: (found: '{url}')",
    ]


@pytest.mark.parametrize(("value", "problem"), [
    ("2026-02-30", "is not a real date: day is out of range for month"),
    ("14/09/2026", "must be a date written YYYY-MM-DD"),
    ("2026-9-14", "must be a date written YYYY-MM-DD"),
])
def test_bad_date(root, value, problem):
    write_service(root, "vpn.md", service(last_reviewed=value))
    assert problems(root) == [f"{VPN}:21: last_reviewed: {problem} (found: '{value}')"]


def test_last_reviewed_in_the_future(root):
    write_service(root, "vpn.md", service(last_reviewed="2026-11-24"))
    assert problems(root) == [f"{VPN}:21: last_reviewed: is in the future (found: '2026-11-24')"]


def test_summary_too_long(root):
    write_service(root, "vpn.md", service(summary="x" * 161))
    shown = "'" + "x" * 79 + "…'"
    assert problems(root) == [f"{VPN}:3: summary: is 161 characters long; the limit is 160 (found: {shown})"]


def test_number_out_of_range(root):
    write_service(root, "vpn.md", service(service_levels={"availability": 101, "satisfaction": "good"}))
    assert problems(root) == [
        f"{VPN}:23: service_levels.availability: must be at most 100 (found: 101)",
        f"{VPN}:24: service_levels.satisfaction: must be a number (found: 'good')",
    ]


def test_lifecycle_retiring_without_retires_on(root):
    write_service(root, "vpn.md", service(lifecycle="retiring"))
    assert problems(root) == [
        f"{VPN}:5: retires_on: is required when lifecycle is 'retiring' (the date it ends)",
    ]


def test_retires_on_on_a_live_service(root):
    write_service(root, "vpn.md", service(retires_on="2027-01-31"))
    assert problems(root) == [
        f"{VPN}:22: retires_on: is only for services that are 'retiring' or 'retired' (found: 'lifecycle live')",
    ]


def test_request_with_neither_url_nor_how(root):
    write_service(root, "vpn.md", service(request={"approval": "none"}))
    assert problems(root) == [
        f"{VPN}:17: request: needs a 'url' to request the service, or 'how' to say how to get it",
    ]


@pytest.mark.parametrize(("cost", "shown"), [(12, "12"), ("12", "'12'"), ("£12", "'£12'")])
def test_cost_without_unit(root, cost, shown):
    write_service(root, "vpn.md", service(cost=cost))
    assert problems(root) == [
        f"{VPN}:20: cost: must be 'free' or a price with its unit, like '£12 per user per month' (found: {shown})",
    ]


# --- references between services -------------------------------------------------------------


def test_depends_on_unknown_service_with_suggestion(root):
    write_service(root, "vpn.md", service(depends_on=["wify"]))
    write_service(root, "wifi.md", service(title="Wi-Fi"))
    assert problems(root) == [
        f"{VPN}:23: depends_on[1]: is not a known service id; did you mean 'wifi'? (found: 'wify')",
    ]


def test_depends_on_unknown_service_without_suggestion(root):
    write_service(root, "vpn.md", service(depends_on=["printing"]))
    assert problems(root) == [f"{VPN}:23: depends_on[1]: is not a known service id (found: 'printing')"]


def test_depends_on_itself(root):
    write_service(root, "vpn.md", service(depends_on=["vpn"]))
    assert problems(root) == [f"{VPN}:23: depends_on[1]: must name another service, not this one (found: 'vpn')"]


def test_dependency_cycle_is_reported_once(root):
    write_service(root, "a.md", service(depends_on=["b"]))
    write_service(root, "b.md", service(depends_on=["a"]))
    write_service(root, "c.md", service(depends_on=["a"]))
    assert problems(root) == [
        "content/services/a.md:22: depends_on: services depend on each other in a circle (found: a → b → a)",
    ]


def test_longer_dependency_cycle_starts_at_its_first_id(root):
    write_service(root, "c.md", service(depends_on=["a"]))
    write_service(root, "b.md", service(depends_on=["c"]))
    write_service(root, "a.md", service(depends_on=["b"]))
    assert problems(root) == [
        "content/services/a.md:22: depends_on: services depend on each other in a circle (found: a → b → c → a)",
    ]


def test_duplicate_id_in_subfolder(root):
    write_service(root, "vpn.md")
    write_service(root, "x/vpn.md")
    assert problems(root) == [f"content/services/x/vpn.md:1: id: is already used by {VPN} (found: 'vpn')"]


@pytest.mark.parametrize(("replaced_by", "hint"), [("zero-trust", ""), ("wify", "; did you mean 'wifi'?")])
def test_replaced_by_unknown_service(root, replaced_by, hint):
    write_service(root, "vpn.md", service(lifecycle="retiring", retires_on="2027-01-31", replaced_by=replaced_by))
    write_service(root, "wifi.md", service(title="Wi-Fi"))
    assert problems(root) == [
        f"{VPN}:23: replaced_by: is not a known service id{hint} (found: '{replaced_by}')",
    ]


def test_service_id_equal_to_a_category_id(root):
    write_service(root, "network.md")
    assert problems(root) == [
        "content/services/network.md:1: id: is also a category id; both would live at /services/<id>/ "
        "(found: 'network')",
    ]


def test_symlink_outside_the_project_is_reported_and_not_read(root, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("not front matter, and never read\n")
    write_service(root, "vpn.md")
    (root / "content" / "services" / "secret.md").symlink_to(outside)
    assert problems(root) == [
        f"content/services/secret.md:1: file: links to a place outside the project (found: {outside.resolve()})",
    ]


def test_problems_from_several_files_are_reported_together_sorted_by_path_then_line(root):
    write_service(root, "b.md", service(cost=12, title=42))
    write_service(root, "a.md", service(summary=MISSING, depends_on=["zzz"]))
    write_text(root, "c.md", "nothing\n")
    write_service(root, "sub/aa.md", service(category="storage"))
    write_service(root, "ok.md")
    write_service(root, "d.md", service(title="", cost="12"))
    assert problems(root) == [
        "content/services/a.md:2: summary: is required but missing",
        "content/services/a.md:22: depends_on[1]: is not a known service id (found: 'zzz')",
        "content/services/b.md:2: title: must be text (put it in quotes) (found: 42)",
        "content/services/b.md:20: cost: must be 'free' or a price with its unit, "
        "like '£12 per user per month' (found: 12)",
        "content/services/c.md:1: front matter: is missing: the file must start with a '---' line, "
        "then the fields, then another '---' line",
        "content/services/d.md:2: title: must not be empty (found: '')",
        "content/services/d.md:20: cost: must be 'free' or a price with its unit, "
        "like '£12 per user per month' (found: '12')",
        "content/services/sub/aa.md:4: category: must be one of: accounts, network (found: 'storage')",
    ]


# --- settings and environment ----------------------------------------------------------------


def test_settings_id_with_wrong_format(root):
    write_service(root, "vpn.md")
    settings = SETTINGS_YAML.replace("- id: accounts", "- id: Accounts_Team")
    assert problems(root, settings) == [
        "mkdocs.yml:9: extra.frontdesk.categories[1].id: must be lowercase letters and digits in words "
        "joined by hyphens (like 'file-storage') (found: 'Accounts_Team')",
    ]


def test_settings_duplicate_category_id(root):
    write_service(root, "vpn.md")
    settings = SETTINGS_YAML.replace("- id: accounts", "- id: network")
    assert problems(root, settings) == [
        "mkdocs.yml:11: extra.frontdesk.categories[2].id: is used twice (found: 'network')",
    ]


def test_settings_bad_contact_email(root):
    write_service(root, "vpn.md")
    settings = SETTINGS_YAML.replace("it@test.example", "the IT team")
    assert problems(root, settings) == [
        "mkdocs.yml:6: extra.frontdesk.contact_email: must be an email address like team@example.org "
        "(found: 'the IT team')",
    ]


def test_settings_unknown_field(root):
    write_service(root, "vpn.md")
    settings = SETTINGS_YAML.replace("    timezone:", "    time_zone: UTC\n    colour: blue\n    timezone:")
    assert problems(root, settings) == [
        "mkdocs.yml:7: extra.frontdesk.time_zone: is not a known field; did you mean 'timezone'?",
        "mkdocs.yml:8: extra.frontdesk.colour: is not a known field",
    ]


def test_settings_missing_field_and_bad_time_zone(root):
    write_service(root, "vpn.md")
    settings = SETTINGS_YAML.replace("    team: Test IT\n", "").replace("Europe/London", "Mars/Olympus")
    assert problems(root, settings) == [
        "mkdocs.yml:3: extra.frontdesk.team: is required but missing",
        "mkdocs.yml:6: extra.frontdesk.timezone: must be a time zone name such as Europe/London or UTC "
        "(found: 'Mars/Olympus')",
    ]


def test_frontdesk_now_with_a_bad_value(root):
    write_service(root, "vpn.md")
    assert problems(root, environ={"FRONTDESK_NOW": "next tuesday"}) == [
        "environment:1: FRONTDESK_NOW: must be a date or date and time in ISO 8601 form, "
        "like 2026-11-23 or 2026-11-23T09:00:00+00:00 (found: 'next tuesday')",
    ]


def test_frontdesk_now_date_and_time_is_taken_in_the_site_time_zone(root):
    write_service(root, "vpn.md")
    # 23:30 in New York on the 22nd is 04:30 on the 23rd in London.
    assert read(root, environ={"FRONTDESK_NOW": "2026-11-22T23:30:00-05:00"}).today == date(2026, 11, 23)


# --- known bugs: the correct behaviour, expected to fail until the code is fixed -------------


def test_non_utf8_byte_after_a_bom_is_named_correctly(root):
    write_bytes(root, "vpn.md", b"\xef\xbb\xbf" + front_matter(body="été\n").encode("latin-1"))
    assert problems(root) == [f"{VPN}:23: file: is not UTF-8 text; save it as UTF-8 (found: byte 0xe9)"]


def test_non_utf8_byte_in_a_file_with_cr_line_endings_names_its_line(root):
    write_bytes(root, "vpn.md", front_matter(body="été\n").replace("\n", "\r").encode("latin-1"))
    assert problems(root) == [f"{VPN}:23: file: is not UTF-8 text; save it as UTF-8 (found: byte 0xe9)"]


def test_control_character_in_front_matter_names_its_line_on_one_line(root):
    write_text(root, "vpn.md", front_matter().replace("cost: free", "cost: fr\x07ee"))
    assert problems(root) == [
        f"{VPN}:20: YAML: contains a character YAML does not allow; remove it (found: U+0007)",
    ]


def test_unclosed_quote_is_reported_where_it_opens(root):
    write_text(root, "vpn.md", front_matter().replace("title: VPN", 'title: "VPN'))
    with pytest.raises(ContentError) as caught:
        read(root)
    assert [(p.path, p.line, p.field) for p in caught.value.problems] == [(VPN, 2, "YAML")]


def test_utf16_file_is_asked_to_be_saved_as_utf8(root):
    write_bytes(root, "vpn.md", front_matter().encode("utf-16"))
    with pytest.raises(ContentError) as caught:
        read(root)
    assert [(p.path, p.line, p.field, p.message) for p in caught.value.problems] == [
        (VPN, 1, "file", "is UTF-16 text (Windows 'Unicode'); save it as UTF-8"),
    ]


def test_huge_integer_is_a_problem_not_a_crash(root):
    write_text(root, "vpn.md", front_matter().replace("cost: free", "cost: " + "1" * 5000))
    with pytest.raises(ContentError) as caught:
        read(root)
    assert [str(p) for p in caught.value.problems] == [
        f"{VPN}:20: cost: is a number too long to read (found: 11111111111111111111…)"]


def test_deeply_nested_yaml_is_a_problem_not_a_crash(root):
    write_text(root, "vpn.md", front_matter().replace("cost: free", "cost: " + "[" * 1000 + "]" * 1000))
    with pytest.raises(ContentError) as caught:
        read(root)
    assert caught.value.problems
    assert all(p.path == VPN and "\n" not in str(p) for p in caught.value.problems)


def test_merge_key_with_a_scalar_is_a_problem_not_a_crash(root):
    write_text(root, "vpn.md", front_matter().replace("  approval: manager", "  approval: manager\n  <<: 5"))
    with pytest.raises(ContentError) as caught:
        read(root)
    assert [(p.path, p.line) for p in caught.value.problems] == [(VPN, 20)]


def test_merge_key_override_is_not_a_duplicate(root):
    text = front_matter({**service(), "links": []}).replace("links: []\n", """\
links:
  - &kb {title: Knowledge base, url: "https://kb.test.example/a"}
  - <<: *kb
    url: https://kb.test.example/b
""")
    write_text(root, "vpn.md", text)
    assert read(root).catalogue.by_id["vpn"].links == (
        Link("Knowledge base", "https://kb.test.example/a"),
        Link("Knowledge base", "https://kb.test.example/b"),
    )


MERGE_BOMB = "---\nm0: &m0 {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1, k8: 1, k9: 1}\n" + "".join(
    f"m{level}: &m{level} {{<<: [{', '.join([f'*m{level - 1}'] * 10)}]}}\n" for level in range(1, 7)
) + "---\n"


def test_yaml_merge_key_bomb_is_refused_quickly(root):
    write_text(root, "vpn.md", MERGE_BOMB)
    result = read_isolated(root)
    assert result["problems"] == [f"{VPN}:2: YAML: has too many values or aliases to read"]
    assert result["seconds"] < 5


def test_tag_on_the_whole_front_matter_is_one_problem(root, tmp_path):
    marker = tmp_path / "pwned"
    write_text(root, "vpn.md", f"---\n!!python/object/apply:os.system ['touch {marker}']\n---\n")
    found = problems(root)
    assert not marker.exists()
    assert found == [f"{VPN}:2: front matter: YAML tags are not allowed (found: !!python/object/apply:os.system)"]


def test_linked_folder_outside_the_project_is_reported(root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text("never read\n")
    write_service(root, "vpn.md")
    (root / "content" / "services" / "more").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ContentError) as caught:
        read(root)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("content/services/more", "links to a place outside the project"),
    ]


def test_duplicate_id_is_reported_even_when_the_first_file_is_broken(root):
    write_text(root, "vpn.md", "# VPN\n")
    write_service(root, "x/vpn.md")
    assert problems(root) == [
        f"{VPN}:1: front matter: is missing: the file must start with a '---' line, "
        "then the fields, then another '---' line",
        f"content/services/x/vpn.md:1: id: is already used by {VPN} (found: 'vpn')",
    ]


def test_date_lifecycle_and_request_problems_are_reported_with_other_field_problems(root):
    write_service(root, "vpn.md", service(title=42, last_reviewed="2026-12-01", lifecycle="retiring",
                                          request={"approval": "none"}))
    assert problems(root) == [
        f"{VPN}:2: title: must be text (put it in quotes) (found: 42)",
        f"{VPN}:5: retires_on: is required when lifecycle is 'retiring' (the date it ends)",
        f"{VPN}:17: request: needs a 'url' to request the service, or 'how' to say how to get it",
        f"{VPN}:20: last_reviewed: is in the future (found: '2026-12-01')",
    ]
