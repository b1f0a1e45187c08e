"""Reading a survey export: Microsoft Forms' responses saved as CSV, or the generic CSV (README.md,
"Survey results"). One row is one response; what is kept of it is its department and its scores.

    export CSV → responses (department id, per service a satisfaction and an importance score)

Free text is never kept: the cells of comment columns are only counted, and other columns are never
read past their header. Email and Name (Forms) are never read at all. The file must be well-formed
UTF-8 CSV (a byte order mark is fine, as Excel writes it), or Excel's UTF-16 "Unicode Text", read
strictly: anything else refuses the file, naming the line. A well-formed row that cannot be used is
skipped with its reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..core.files import read_file_bytes
from ..core.problems import ContentError, Problem, shown
from ..core.urls import slug

FORMATS = ("forms", "generic")
FORMAT_NAMES = {"forms": "Microsoft Forms", "generic": "generic"}
# The largest export read: far beyond any survey of an organisation.
SIZE_LIMIT = 64 * 1024 * 1024
CELL_LIMIT = 100_000
ROW_PROBLEMS_LISTED = 50
MEASURES = ("satisfaction", "importance")
# A Likert statement named after a service: its answers' words say which measure they score.
EITHER = "either"

# Forms' own columns: never read (Email and Name would say who answered).
FORMS_OWN = frozenset({"id", "start time", "completion time", "email", "name", "last modified time",
                       "total points", "quiz feedback"})
FORMS_DEPARTMENT = re.compile(r"^(which department do you (work|belong) in|which department are you in|"
                              r"(your )?department)\??$")
FORMS_QUESTIONS = {
    "satisfaction": re.compile(r"^how satisfied are you with (?P<service>.+?)\s*\??$"),
    "importance": re.compile(r"^how important is (?P<service>.+?) to (you|your work)\s*\??$"),
}
FORMS_COMMENTS = re.compile(r"comment|suggestion|anything else|other feedback")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
GENERIC_SCORE = re.compile(r"^(?P<service>[^:]+):(?P<measure>satisfaction|importance)$")

# The words of each scale, as Forms' Likert and choice questions write them (lowercase, one space).
SCALE_WORDS: dict[str, dict[str, int]] = {
    "satisfaction": {"very dissatisfied": 1, "dissatisfied": 2, "neither satisfied nor dissatisfied": 3,
                     "neutral": 3, "satisfied": 4, "very satisfied": 5},
    "importance": {"not at all important": 1, "not important": 1, "slightly important": 2,
                   "moderately important": 3, "very important": 4, "extremely important": 5},
}
# Answers that say "no score": the question does not apply to this person.
NO_ANSWER = frozenset({"n/a", "na", "not applicable", "don't know", "do not know", "don't use", "do not use",
                       "i don't use it", "i don't use this service", "i do not use this service"})


@dataclass(frozen=True)
class Names:
    """Finds an id for a name in an export: an id itself, or a title or name, in any case."""

    by_name: Mapping[str, str]

    def resolve(self, name: str) -> str | None:
        folded = " ".join(name.split()).casefold()
        return self.by_name.get(folded) or self.by_name.get(slug(name)) or (
            self.by_name.get(folded[4:]) if folded.startswith("the ") else None)

    def exactly(self, name: str) -> str | None:
        """The id for a name that is exactly an id or title (in any case), or None."""
        return self.by_name.get(" ".join(name.split()).casefold())


def names_of(titles: Mapping[str, str]) -> Names:
    """Names for ids with titles (id → title)."""
    names: dict[str, str] = {}
    for item_id, title in titles.items():
        names[" ".join(title.split()).casefold()] = item_id
        names[item_id] = item_id
    return Names(names)


@dataclass(frozen=True)
class Response:
    """What is kept of one response: its line, its department, and per service id its scores."""

    line: int
    department: str
    scores: Mapping[str, tuple[int | None, int | None]]  # service id → (satisfaction, importance)


@dataclass(frozen=True)
class Skipped:
    """A row that was not used, and why."""

    line: int
    reason: str


@dataclass
class Export:
    """What was read from an export."""

    rows: int = 0
    responses: list[Response] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    comments: int = 0  # non-empty cells in comment columns of the responses used
    comment_columns: tuple[str, ...] = ()
    unused_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Layout:
    """Which column holds what."""

    key: int | None
    department: int
    scores: Mapping[int, tuple[str, str]]  # column → (service id, measure, or EITHER for a Likert statement)
    comments: tuple[int, ...]
    unused: tuple[int, ...]


class _Skip(Exception):
    """A row that cannot be used: the reason."""


def read_survey_export(file: Path, kind: str, services: Names, departments: Names) -> Export:
    """Every response of an export; raises ContentError for a file that cannot be read as one."""
    path = str(file)
    data, problems = read_file_bytes(file, path, SIZE_LIMIT)
    if data is None:
        raise ContentError(problems)
    text = _text(data, path)
    previous = csv.field_size_limit(CELL_LIMIT)
    try:
        return _read(text, path, kind, services, departments)
    finally:
        csv.field_size_limit(previous)


def _text(data: bytes, path: str) -> str:
    try:
        # Excel's "Unicode Text" is UTF-16 (tab separated), known by its byte order mark.
        text = data.decode("utf-16") if data[:2] in _UTF16_BOMS else data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1 if data[:2] not in _UTF16_BOMS else 1
        raise ContentError([Problem(path, line, "file", "is not UTF-8 text; save the export as "
                                    "'CSV UTF-8 (Comma delimited)'")]) from None
    if "\x00" in text:
        raise ContentError([Problem(path, text[: text.index("\x00")].count("\n") + 1, "file",
                                    "has a NUL byte; save the export as CSV UTF-8")])
    return text


def _records(text: str, path: str) -> Iterator[tuple[int, list[str]] | Problem]:
    """(line, cells) of each CSV record, or a problem for a record that is not well-formed."""
    first = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Problem(path, start, "row", f"is not well-formed CSV ({error}); write a quote mark inside a "
                          'cell as two ("")')
            return
        yield start, cells


def _read(text: str, path: str, kind: str, services: Names, departments: Names) -> Export:
    records = _records(text, path)
    first = next(records, None)
    if first is None:
        raise ContentError([Problem(path, 1, "file", "is empty")])
    if isinstance(first, Problem):
        raise ContentError([first])
    names = [" ".join(name.split()) for name in first[1]]
    layout = (_forms_layout if kind == "forms" else _generic_layout)(names, path, services)
    export = Export(comment_columns=tuple(names[i] for i in layout.comments),
                    unused_columns=tuple(names[i] for i in layout.unused))
    problems: list[Problem] = []
    keys: dict[str, int] = {}
    for record in records:
        if isinstance(record, Problem):
            problems.append(record)
            continue
        line, cells = record
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(names):
            if len(problems) < ROW_PROBLEMS_LISTED:
                problems.append(Problem(path, line, "row", f"has {len(cells)} cells, the header has {len(names)}"))
            continue
        export.rows += 1
        try:
            response = _response(line, cells, names, layout, departments, keys)
        except _Skip as reason:
            export.skipped.append(Skipped(line, str(reason)))
            continue
        export.responses.append(response)
        export.comments += sum(1 for i in layout.comments if cells[i].strip())
    if problems:
        raise ContentError(problems)
    return export


def _response(line: int, cells: list[str], names: list[str], layout: _Layout, departments: Names,
              keys: dict[str, int]) -> Response:
    if layout.key is not None and (key := cells[layout.key].strip()):
        if key in keys:
            raise _Skip(f"{names[layout.key]} {shown(key)} is listed twice (first on line {keys[key]})")
        keys[key] = line
    answer = cells[layout.department].strip()
    if not answer:
        raise _Skip(f"no department given ({names[layout.department]!r} is empty)")
    department = departments.resolve(answer)
    if department is None:
        raise _Skip(f"department {shown(answer)} is not a department's id or name")
    scores: dict[str, list[int | None]] = {}
    for column, (service, asked) in layout.scores.items():
        found = _score(cells[column], asked, names[column])
        if found is None:
            continue
        measure, score = found
        pair = scores.setdefault(service, [None, None])
        if pair[MEASURES.index(measure)] is not None:
            raise _Skip(f"{names[column]!r}: gives the {measure} of {service} a second time")
        pair[MEASURES.index(measure)] = score
    if not scores:
        raise _Skip("answers no satisfaction or importance question")
    return Response(line, department, {service: (pair[0], pair[1]) for service, pair in scores.items()})


def _score(cell: str, asked: str, column: str) -> tuple[str, int] | None:
    """The measure and a score from 1 to 5, from a number ('4', '4.0', '4/5', '4 - Satisfied') or the
    scale's words; None for no answer. A Likert statement (EITHER) takes its measure from the words."""
    text = " ".join(cell.replace("\u2019", "'").split()).casefold()
    if not text or text in NO_ANSWER:
        return None
    for measure in (MEASURES if asked == EITHER else (asked,)):
        if text in SCALE_WORDS[measure]:
            return measure, SCALE_WORDS[measure][text]
    if asked == EITHER:
        raise _Skip(f"{column!r}: cannot tell satisfaction from importance in {shown(cell)}; a Likert "
                    "statement's answers must be the words of one scale (see README.md)")
    number = re.match(r"^([0-9]+)(\.0+)?(\s*/\s*5|\s*[-–:.]\s*\D.*)?$", text)
    if number and 1 <= int(number[1]) <= 5:
        return asked, int(number[1])
    words = ", ".join(repr(w) for w in SCALE_WORDS[asked])
    raise _Skip(f"{column!r}: cannot read {shown(cell)} as a score from 1 to 5 (or one of {words})")


# --- the columns of each format ---------------------------------------------------------------


def _forms_layout(names: list[str], path: str, services: Names) -> _Layout:
    """Forms' columns: its own (ID ... Name), the department question, one question per service and
    measure, comment questions, and others (not read)."""
    problems: list[Problem] = []
    key = department = None
    scores: dict[int, tuple[str, str]] = {}
    comments: list[int] = []
    unused: list[int] = []
    for index, name in enumerate(names):
        folded = name.casefold()
        question = next(((m, found) for m, pattern in FORMS_QUESTIONS.items()
                         if (found := pattern.match(folded))), None)
        if folded == "id":
            key = index
        elif folded in FORMS_OWN:
            continue
        elif FORMS_DEPARTMENT.match(folded) and department is None:
            department = index
        elif question is not None:
            _score_column(scores, index, name, question[1]["service"], question[0], services, path, problems)
        elif (statement := services.exactly(name)) is not None:
            scores[index] = (statement, EITHER)
        elif FORMS_COMMENTS.search(folded):
            comments.append(index)
        else:
            unused.append(index)
    return _layout(key, department, scores, comments, unused, path, problems,
                   "'Which department do you work in?'",
                   "'How satisfied are you with <service>?' or 'How important is <service> to your work?'")


def _generic_layout(names: list[str], path: str, services: Names) -> _Layout:
    """The generic CSV's columns: department, <service-id>:satisfaction, <service-id>:importance,
    comment... and id; any other is a mistake."""
    problems: list[Problem] = []
    key = department = None
    scores: dict[int, tuple[str, str]] = {}
    comments: list[int] = []
    for index, name in enumerate(names):
        folded = name.casefold()
        found = GENERIC_SCORE.match(folded)
        if folded == "id" and key is None:
            key = index
        elif folded == "department" and department is None:
            department = index
        elif found is not None:
            _score_column(scores, index, name, found["service"], found["measure"], services, path, problems)
        elif folded.startswith("comment"):
            comments.append(index)
        else:
            problems.append(Problem(path, 1, "header", f"column {index + 1} is not a column of the generic format "
                                    "(department, <service-id>:satisfaction, <service-id>:importance, comment..., "
                                    "id)", shown(name)))
    return _layout(key, department, scores, comments, [], path, problems, "department",
                   "<service-id>:satisfaction or <service-id>:importance")


def _score_column(scores: dict[int, tuple[str, str]], index: int, name: str, service_name: str, measure: str,
                  services: Names, path: str, problems: list[Problem]) -> None:
    service = services.resolve(service_name)
    if service is None:
        problems.append(Problem(path, 1, "header", f"column {index + 1} names no service: "
                                "write a service's title or id in the question", shown(name)))
    elif (service, measure) in scores.values():
        problems.append(Problem(path, 1, "header", f"column {index + 1} asks about the {measure} of {service} "
                                "again", shown(name)))
    else:
        scores[index] = (service, measure)


def _layout(key: int | None, department: int | None, scores: dict[int, tuple[str, str]], comments: list[int],
            unused: list[int], path: str, problems: list[Problem], department_column: str,
            score_column: str) -> _Layout:
    if department is None:
        problems.append(Problem(path, 1, "header", f"has no department column; expected {department_column}"))
    if not scores:
        problems.append(Problem(path, 1, "header", f"has no score column; expected {score_column}"))
    if problems or department is None:
        raise ContentError(problems)
    return _Layout(key, department, scores, tuple(comments), tuple(unused))
