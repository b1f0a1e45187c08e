"""Declarative field types: one definition validates content and describes it.

Each content kind declares its fields once (see `services.py`, `settings.py`); the same
declaration checks front matter, reports every problem with its line, and builds the
frozen dataclass the rest of the code uses.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .mail import AddressChecks, address_problem
from .names import TAG_SLUGS, Folder, kept_name_problem
from .problems import Problem, shown
from .source import Document, Refused
from .urls import tag_slug

# Limits of the numbers content gives: beyond any real figure, and far within what pages, charts and
# sums can draw and add.
MAX_HOURS = 8784  # a (leap) year: a median time to respond or resolve, or a target for one
MAX_COUNT = 10_000_000  # tickets, or survey responses, of one service in one month
MAX_DAYS = 3660  # ten years: how long until a review or stats are flagged
# The days content may name: from 1970, where the clocks of feed readers and mail clients begin, to the
# last year whose next month and next day Python's calendar still has (stats charts and "ends in" count on).
EARLIEST_DAY = date(1970, 1, 1)
LATEST_DAY = date(9998, 12, 31)
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX_LENGTH = 63
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
# Characters a text field drops: control characters (C0 but tab and line ends, DEL, C1), and the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which would turn the text after a
# name around on every page, feed and PDF it lands in (the marks U+200E and U+200F stay: they end nothing).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# What a field type's values become once checked (str for Text, date for Date, ...).
_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)


class Invalid(Exception):
    """A value that does not fit its field: what is wrong with it."""


@dataclass
class Checker:
    """Collects the problems of one document while its fields are checked."""

    document: Document
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Email addresses already checked, shared by the documents of one read (see core/mail.py).
    addresses: AddressChecks = field(default_factory=AddressChecks)

    def problem(self, name: str, message: str, found: object = ..., line: int | None = None) -> None:
        """Record one problem against a field."""
        at = self.document.line(name) if line is None else line
        self.problems.append(
            Problem(self.document.path, at, name, message, None if found is ... else shown(found))
        )


class FieldType(Generic[_T_co]):
    """What a field's value must be; subclasses check and convert values."""

    def parse(self, value: Any, name: str, checker: Checker) -> _T_co | None:
        """The converted value; raises `Invalid` (or records nested problems and returns None)."""
        raise NotImplementedError

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        """This type as JSON Schema, for editors that check YAML while you type."""
        return {}


@dataclass(frozen=True)
class Text(FieldType[str]):
    """A piece of plain text on one line, optionally of limited length."""

    max_length: int | None = None

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        if not isinstance(value, str):
            raise Invalid("must be text (put it in quotes)")
        text = plain_text(value)
        if not text:
            raise Invalid("must not be empty")
        if self.max_length is not None and len(text) > self.max_length:
            raise Invalid(f"is {len(text)} characters long; the limit is {self.max_length}")
        return text

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        return schema | ({"maxLength": self.max_length} if self.max_length else {})


def plain_text(value: str) -> str:
    """Text as a field keeps it: on one line, without control characters or repeated spaces."""
    return " ".join(_CONTROL.sub("", value).split())


@dataclass(frozen=True)
class Tag(Text):
    """A word to find and group things by. It becomes an address, /tags/<slug>/, so it needs a
    letter or digit, and its slug may not be a name the site keeps for its own pages."""

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        text = super().parse(value, name, checker)
        address = tag_slug(text)
        if not address:
            raise Invalid("needs a letter or digit: the tag's address, /tags/<slug>/, is made from them")
        problem = kept_name_problem(address, TAG_SLUGS)
        if problem:
            raise Invalid(problem)
        return text


@dataclass(frozen=True)
class Choice(FieldType[str]):
    """One of a fixed list of words, or of a list named in the site settings."""

    options: tuple[str, ...] = ()
    from_settings: str = ""

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        options = checker.choices.get(self.from_settings, ()) if self.from_settings else self.options
        if isinstance(value, str) and value in options:
            return value
        hint = _closest(value, options)
        raise Invalid(f"must be one of: {', '.join(options)}{hint}")

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        options = choices.get(self.from_settings, ()) if self.from_settings else self.options
        return {"type": "string", "enum": list(options)}


@dataclass(frozen=True)
class Id(FieldType[str]):
    """An identifier: lowercase letters and digits in words joined by hyphens. An id that becomes
    an address in `folder` may not be a name the site keeps there for its own pages."""

    folder: Folder | None = None

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        problem = id_problem(value) or (kept_name_problem(value, self.folder) if self.folder else None)
        if problem:
            raise Invalid(problem)
        return str(value)

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN.pattern, "maxLength": ID_MAX_LENGTH}


def id_problem(value: object) -> str | None:
    """What is wrong with an identifier, or None."""
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):  # fullmatch: "$" would let a final newline in
        return "must be lowercase letters and digits in words joined by hyphens (like 'file-storage')"
    if len(value) > ID_MAX_LENGTH:
        return f"is {len(value)} characters long; the limit is {ID_MAX_LENGTH}"
    return None


# What is wrong with a day outside EARLIEST_DAY..LATEST_DAY.
DAY_RANGE = f"must be a date from {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"


@dataclass(frozen=True)
class Date(FieldType[date]):
    """A calendar date written YYYY-MM-DD."""

    def parse(self, value: Any, name: str, checker: Checker) -> date:
        text = str(value) if isinstance(value, (str, date)) else None
        if text is None or not _DATE.match(text):
            raise Invalid("must be a date written YYYY-MM-DD")
        try:
            day = date.fromisoformat(text)
        except ValueError as error:
            raise Invalid(f"is not a real date: {error}") from None
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise Invalid(DAY_RANGE)
        return day

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "pattern": _DATE.pattern, "description": "YYYY-MM-DD"}


@dataclass(frozen=True)
class Month(FieldType[date]):
    """A calendar month written YYYY-MM; the value is its first day."""

    def parse(self, value: Any, name: str, checker: Checker) -> date:
        match = _MONTH.match(value) if isinstance(value, str) else None
        if match is None:
            raise Invalid("must be a month written YYYY-MM")
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise Invalid("is not a real month")
        if not EARLIEST_DAY.year <= year <= LATEST_DAY.year:
            raise Invalid(f"must be a month from {EARLIEST_DAY:%Y-%m} to {LATEST_DAY:%Y-%m}")
        return date(year, month, 1)

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}$", "description": "YYYY-MM"}


@dataclass(frozen=True)
class Email(FieldType[str]):
    """An email address, as mail systems (and the email edition's From header) read it."""

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        if not isinstance(value, str) or not _EMAIL.match(value.strip()):
            raise Invalid("must be an email address like team@example.org")
        problem = checker.addresses.problem(value.strip())
        if problem:
            raise Invalid(problem)
        return value.strip()

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "pattern": _EMAIL.pattern}


@dataclass(frozen=True)
class Url(FieldType[str]):
    """An absolute web address (and, where allowed, mailto: or tel:)."""

    schemes: tuple[str, ...] = ("https", "http")

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        if not isinstance(value, str) or not _url_ok(value.strip(), self.schemes):
            kinds = " or ".join(f"{s}:" for s in self.schemes)
            raise Invalid(f"must be an absolute address starting with {kinds}")
        return value.strip()

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "pattern": "^(" + "|".join(self.schemes) + "):"}


def _url_ok(text: str, schemes: tuple[str, ...]) -> bool:
    if not text or any(c.isspace() for c in text) or "<" in text or '"' in text or _CONTROL.search(text):
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number from 0 to 65535
    except ValueError:  # a malformed [IPv6] host or port: no browser could follow it
        return False
    if parts.scheme not in schemes:
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.hostname)
    if parts.scheme == "mailto":
        return bool(_EMAIL.match(parts.path)) and address_problem(parts.path) is None
    return bool(re.fullmatch(r"\+?[0-9-]{3,}", parts.path))  # tel:


@dataclass(frozen=True)
class Number(FieldType[float]):
    """A finite number within bounds (every number field has a maximum: pages, charts and sums need
    numbers they can draw and add)."""

    minimum: float | None
    maximum: float
    integer: bool = False
    above: float | None = None  # exclusive lower bound

    def parse(self, value: Any, name: str, checker: Checker) -> float | int:
        # An int is compared as it is: math.isfinite would raise on one too large for a float.
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                isinstance(value, float) and not math.isfinite(value)):
            raise Invalid("must be a whole number" if self.integer else "must be a number")
        if self.integer and not isinstance(value, int):
            raise Invalid("must be a whole number")
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"must be at least {self.minimum:g}")
        if self.above is not None and value <= self.above:
            raise Invalid(f"must be more than {self.above:g}")
        if value > self.maximum:
            raise Invalid(f"must be at most {self.maximum:,}")
        return value

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        bounds = {"minimum": self.minimum, "maximum": self.maximum, "exclusiveMinimum": self.above}
        return schema | {k: v for k, v in bounds.items() if v is not None}


@dataclass(frozen=True)
class Flag(FieldType[bool]):
    """true or false."""

    def parse(self, value: Any, name: str, checker: Checker) -> bool:
        if not isinstance(value, bool):
            raise Invalid("must be true or false")
        return value

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Timezone(FieldType[str]):
    """An IANA time zone name such as Europe/London."""

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        if isinstance(value, str) and value and ".." not in value and not value.startswith("/"):
            try:
                ZoneInfo(value)
                return value
            # A folder of the time zone database ("Europe") or a name too long for a file is an OSError.
            except (ZoneInfoNotFoundError, ValueError, OSError):
                pass
        raise Invalid("must be a time zone name such as Europe/London or UTC")

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "examples": ["Europe/London", "UTC"]}


@dataclass(frozen=True)
class Cost(FieldType[str]):
    """`free`, or a price with its unit such as '£12 per user per month'."""

    def parse(self, value: Any, name: str, checker: Checker) -> str:
        if isinstance(value, str) and value.strip().lower() == "free":
            return "free"
        if isinstance(value, str) and re.search(r"\d", value) and re.search(r"\d\S*\s+\S", value):
            return " ".join(_CONTROL.sub("", value).split())  # as Text: control characters pasted in go
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
            return "free"
        raise Invalid("must be 'free' or a price with its unit, like '£12 per user per month'")

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        return {"type": "string", "anyOf": [{"const": "free"}, {"pattern": r"\d\S*\s+\S"}],
                "examples": ["free", "£12 per user per month"]}


@dataclass(frozen=True)
class ListOf(FieldType[tuple[_T, ...]]):
    """A list of values of one type (a single value is taken as a list of one)."""

    item: FieldType[_T]
    unique: bool = True
    min_items: int = 0

    def parse(self, value: Any, name: str, checker: Checker) -> tuple[_T, ...]:
        values = value if isinstance(value, list) else [value]
        if len(values) < self.min_items:
            raise Invalid(f"must list at least {self.min_items}")
        items: list[_T] = []
        seen: set[Hashable] = set()
        for index, raw in enumerate(values, start=1):
            child = f"{name}[{index}]" if isinstance(value, list) else name
            item = parse_value(self.item, raw, child, checker)
            if item is None:
                continue
            if self.unique and _hashable(item) in seen:
                checker.problem(child, "is listed twice", raw)
                continue
            seen.add(_hashable(item))
            items.append(item)
        return tuple(items)

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        items = self.item.json_schema(choices)
        listed: dict[str, Any] = {"type": "array", "items": items, "minItems": self.min_items}
        if self.unique:
            listed["uniqueItems"] = True
        return {"anyOf": [listed, items]} if self.min_items <= 1 else listed


def _hashable(item: object) -> Hashable:
    try:
        hash(item)
        return item
    except TypeError:
        return repr(item)


@dataclass(frozen=True)
class Field:
    """One named field of a record: its type, whether it is required, what it means."""

    type: FieldType[object]
    required: bool = True
    help: str = ""


@dataclass(frozen=True)
class Record(FieldType[_T]):
    """A mapping of known fields that becomes a frozen dataclass."""

    make: Callable[..., _T]
    fields: Mapping[str, Field]

    def parse(self, value: Any, name: str, checker: Checker) -> _T | None:
        values, complete = self.values(value, name, checker)
        return self.make(**values) if complete else None

    def values(self, value: Any, name: str, checker: Checker) -> tuple[dict[str, Any], bool]:
        """Each field's checked value (None where it failed), and whether all are good."""
        if not isinstance(value, dict):
            known = ", ".join(self.fields)
            raise Invalid(f"must be a mapping with the fields: {known}")
        values: dict[str, Any] = {}
        failed = False
        for key in value:
            if key not in self.fields:
                child = f"{name}.{key}" if name else key
                checker.problem(child, "is not a known field" + _closest(key, tuple(self.fields)))
        for key, spec in self.fields.items():
            child = f"{name}.{key}" if name else key
            if key not in value or value[key] is None:
                if spec.required and key in value:
                    checker.problem(child, "must not be empty")
                elif spec.required:
                    checker.problem(child, "is required but missing", line=checker.document.line(name))
                failed = failed or spec.required
                values[key] = None if not isinstance(spec.type, ListOf) else ()
                continue
            parsed = parse_value(spec.type, value[key], child, checker)
            failed = failed or parsed is None
            values[key] = parsed
        return values, not failed

    def json_schema(self, choices: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
        properties = {}
        for key, spec in self.fields.items():
            properties[key] = spec.type.json_schema(choices) | ({"description": spec.help} if spec.help else {})
        return {"type": "object", "properties": properties, "additionalProperties": False,
                "required": [key for key, spec in self.fields.items() if spec.required]}


def parse_value(kind: FieldType[_T], value: Any, name: str, checker: Checker) -> _T | None:
    """Check one value against its type, recording a problem instead of raising."""
    if isinstance(value, Refused):
        return None
    before = len(checker.problems)
    try:
        parsed = kind.parse(value, name, checker)
    except Invalid as error:
        checker.problem(name, str(error), value)
        return None
    return None if len(checker.problems) > before and parsed is None else parsed


def _closest(word: object, options: tuple[str, ...]) -> str:
    if not isinstance(word, str):
        return ""
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""
