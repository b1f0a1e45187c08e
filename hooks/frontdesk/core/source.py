"""Reading content files: text, front matter and YAML with the line of every field."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .files import read_file_bytes
from .html_blocks import markdown_lines, unclosed_block_problems
from .nesting import too_deep
from .problems import Problem, shown
from .scripts import script_problems

if TYPE_CHECKING:
    # Both loaders are a parser, SafeConstructor and Resolver with the same methods; the stubs
    # declare CSafeLoader whether or not PyYAML was built with LibYAML, so it is the one checked.
    _SafeLoader = yaml.CSafeLoader
else:
    try:  # LibYAML's parser is several times faster; the pure-Python one does the same job.
        _SafeLoader = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        _SafeLoader = yaml.SafeLoader


class _Loader(_SafeLoader):
    """PyYAML's safe loader, resolving each plain scalar's type once per build process: content
    repeats the same field names and values thousands of times, and resolving one is a run
    of regular expressions (a fifth of the time spent reading a stats file)."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _scalar_tag(value, implicit)
        # types-PyYAML leaves Resolver.resolve unannotated (it returns the tag, a str).
        tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        return tag


@functools.lru_cache(maxsize=8192)
def _scalar_tag(value: str, implicit: tuple[bool, bool]) -> str:
    """A plain scalar's tag as the safe loader resolves it (it depends on nothing else)."""
    # types-PyYAML leaves Resolver.resolve unannotated (it returns the tag, a str).
    tag: str = _SafeLoader.resolve(_RESOLVER, yaml.ScalarNode, value, implicit)  # type: ignore[no-untyped-call]
    return tag


_RESOLVER = _SafeLoader("")

# Content files larger than this are refused before parsing.
MAX_FILE_BYTES = 1024 * 1024
# Bound on YAML nodes visited, so aliases cannot expand without end ("billion laughs").
_MAX_NODES = 50_000
# Bound on nesting, far beyond any real content.
_MAX_DEPTH = 40
_MERGE_TAG = "tag:yaml.org,2002:merge"
_BOM = b"\xef\xbb\xbf"

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
# Dates stay text, so the validator parses them and explains what is wrong.
_TEXT_TAGS = {"tag:yaml.org,2002:timestamp"}


@dataclass(frozen=True)
class Document:
    """A content file's fields, the line of each field, and its Markdown body."""

    path: str
    data: dict[str, Any]
    lines: dict[str, int] = field(repr=False)
    body: str = ""
    body_line: int = 1

    def line(self, name: str) -> int:
        """The line of a field, or of its nearest enclosing field that has one."""
        while name:
            if name in self.lines:
                return self.lines[name]
            name = _parent(name)
        return self.lines.get("", 1)


def _parent(name: str) -> str:
    cut = max(name.rfind("."), name.rfind("["))
    return name[:cut] if cut > 0 else ""


class _TooComplex(Exception):
    pass


class Refused:
    """Stands for a value that was refused while reading (already reported)."""

    def __repr__(self) -> str:
        return "<refused>"


REFUSED = Refused()


@dataclass
class _Walk:
    """Turns a composed YAML node tree into plain data, noting each field's line."""

    # Converts plain scalars (numbers, booleans, null) as PyYAML's safe loader does.
    loader: yaml.constructor.SafeConstructor
    first_line: int
    path: str
    # Whether a value may hold half of a character: only when the text holds one, or a backslash (the
    # escapes of double-quoted text can write one); otherwise no field name or value is searched for them.
    may_hold_halves: bool = True
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    visited: int = 0
    depth: int = 0

    def value(self, node: yaml.Node, name: str) -> Any:
        self.visited += 1
        if self.visited > _MAX_NODES:
            raise _TooComplex
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, name)
        if self.depth >= _MAX_DEPTH:
            return self.refuse(node, name, f"is nested more than {_MAX_DEPTH} levels deep")
        self.depth += 1
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, name)
            assert isinstance(node, yaml.SequenceNode)  # the composer makes no other kind of node
            return self.sequence(node, name)
        finally:
            self.depth -= 1

    def line_of(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def mapping(self, node: yaml.MappingNode, name: str) -> dict[str, Any] | Refused:
        if node.tag != "tag:yaml.org,2002:map":
            return self.refuse_tag(node, name)
        merged: dict[str, Any] = {}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.update(self.merge(value_node, name))
                continue
            key = self.key(key_node, name)
            if key is None:
                continue
            child = f"{name}.{key}" if name else key
            if key in result:
                self.problems.append(Problem(self.path, self.line_of(key_node), child, "is given twice"))
                continue
            self.lines[child] = self.line_of(key_node)
            result[key] = self.value(value_node, child)
        # A mapping's own keys win over those merged in with '<<'.
        return {**merged, **result} if merged else result

    def merge(self, node: yaml.Node, name: str) -> dict[str, Any]:
        """The fields a '<<' merge key brings in: a mapping, or a list of mappings."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            value = self.value(source, name) if isinstance(source, yaml.MappingNode) else None
            if not isinstance(value, dict):
                self.refuse(source, name or "front matter", "'<<' can only merge mappings")
                continue
            merged.update(value)
        return merged

    def key(self, node: yaml.Node, name: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and not (
                self.may_hold_halves and _SURROGATE.search(node.value)):
            return str(node.value)
        found = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        self.problems.append(Problem(self.path, self.line_of(node), name or "front matter",
                                     "field names must be text", shown(found)))
        return None

    def sequence(self, node: yaml.SequenceNode, name: str) -> list[Any] | Refused:
        if node.tag != "tag:yaml.org,2002:seq":
            return self.refuse_tag(node, name)
        items: list[Any] = []
        for index, item in enumerate(node.value, start=1):
            child = f"{name}[{index}]"
            self.lines[child] = self.line_of(item)
            items.append(self.value(item, child))
        return items

    def scalar(self, node: yaml.ScalarNode, name: str) -> Any:
        if self.may_hold_halves and _SURROGATE.search(node.value):
            return self.refuse(node, name or "front matter", "holds an escape from \\uD800 to \\uDFFF, which is "
                               "half of a character, not text: write the character itself", shown(node.value))
        if node.tag in _TEXT_TAGS:
            return str(node.value)
        if node.tag not in _SCALAR_TAGS:
            return self.refuse_tag(node, name)
        plain = _plain_scalar(node)
        if plain is not _NOT_PLAIN:
            return plain
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:  # Python refuses to convert integers of thousands of digits
            return self.refuse(node, name or "front matter", "is a number too long to read",
                               str(node.value)[:20] + "…")

    def refuse_tag(self, node: yaml.Node, name: str) -> Refused:
        return self.refuse(node, name or "front matter", "YAML tags are not allowed",
                           node.tag.replace("tag:yaml.org,2002:", "!!"))

    def refuse(self, node: yaml.Node, name: str, message: str, found: str | None = None) -> Refused:
        self.problems.append(Problem(self.path, self.line_of(node), name or "front matter", message, found))
        return REFUSED


# What PyYAML's context means, in an author's words.
_PLAIN_REASONS = {
    "while parsing a flow sequence": "a list opened with '[' is not closed with ']'",
    "while parsing a flow mapping": "a mapping opened with '{' is not closed with '}'",
    "while scanning a quoted scalar": "a quoted value is not closed with its quote mark",
}


_NOT_PLAIN = object()
# What YAML's "\uD800" escapes make: halves of a UTF-16 pair, which no page, feed or email can hold.
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_INT = re.compile(r"^-?(0|[1-9][0-9]{0,17})$")
_PLAIN_FLOAT = re.compile(r"^-?(0|[1-9][0-9]{0,17})\.[0-9]{1,17}$")


def _plain_scalar(node: yaml.ScalarNode) -> object:
    """The common scalars (text, small numbers), converted without the general constructor."""
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    if node.tag == "tag:yaml.org,2002:int" and _PLAIN_INT.match(node.value):
        return int(node.value)
    if node.tag == "tag:yaml.org,2002:float" and _PLAIN_FLOAT.match(node.value):
        return float(node.value)
    return _NOT_PLAIN


def yaml_problem(error: yaml.YAMLError, text: str, path: str, first_line: int) -> Problem:
    """A YAML syntax error as a problem on the line where the mistake is."""
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, max(error.position, 0)) + first_line
        return Problem(path, line, "YAML", "contains a character YAML does not allow; remove it",
                       f"U+{error.character:04X}" if isinstance(error.character, int) else None)
    if not isinstance(error, yaml.MarkedYAMLError):  # pragma: no cover - every other error is marked
        return Problem(path, first_line, "YAML", "is not valid YAML")
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    # An unclosed quote or bracket is noticed far below where it was opened: name the opening.
    if error.context_mark and ("quoted" in context or "flow" in context):
        mark = error.context_mark
    reason = _PLAIN_REASONS.get(context.split(" starting")[0]) or ", ".join(
        part for part in (context, error.problem) if part) or "cannot be read"
    return Problem(path, (mark.line if mark else 0) + first_line, "YAML", f"is not valid YAML: {reason}")


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Any, dict[str, int], list[Problem]]:
    """Plain data from YAML text (safe types only), the line of each field, and problems."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as error:
        return None, {}, [yaml_problem(error, text, path, first_line)]
    finally:
        loader.dispose()
    if node is None:
        return None, {"": first_line}, []
    walk = _Walk(loader, first_line, path, may_hold_halves="\\" in text or _SURROGATE.search(text) is not None)
    walk.lines[""] = walk.line_of(node)
    try:
        data = walk.value(node, "")
    except _TooComplex:
        return None, {}, [Problem(path, first_line, "YAML", "has too many values or aliases to read")]
    return data, walk.lines, walk.problems


def _line_at(raw: bytes, offset: int) -> int:
    """The line number of a byte offset, whatever the line endings."""
    before = raw[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def read_text(file: Path, path: str) -> tuple[str | None, list[Problem]]:
    """A content file's text with line endings, byte-order mark and Unicode composition (NFC) normalised."""
    raw, problems = read_file_bytes(file, path, MAX_FILE_BYTES)
    if raw is None:
        return None, problems
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[1:40:2].count(b"\0") > 10:
        return None, [Problem(path, 1, "file", "is UTF-16 text (Windows 'Unicode'); save it as UTF-8")]
    if b"\0" in raw:
        return None, [Problem(path, _line_at(raw, raw.index(b"\0")), "file",
                              "is not a text file (it contains NUL bytes)")]
    bom = len(_BOM) if raw.startswith(_BOM) else 0
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + bom
        return None, [Problem(path, _line_at(raw, offset), "file", "is not UTF-8 text; save it as UTF-8",
                              f"byte 0x{raw[offset:offset + 1].hex()}")]
    # NFC: text composed as most editors write it, so 'Café' typed on a Mac (an 'e' and a combining
    # accent) and on Windows (one 'é') are the same text, the same tag and the same search word.
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")), []


def split_front_matter(text: str, path: str) -> tuple[str, str, int, list[Problem]]:
    """The front matter, the body, and the body's first line of a Markdown file."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return "", text, 1, [Problem(path, 1, "front matter",
                                     "is missing: the file must start with a '---' line, "
                                     "then the fields, then another '---' line")]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2, []
    return "", "", 1, [Problem(path, 1, "front matter",
                               "is not closed: add a '---' line after the last field")]


def read_markdown(file: Path, path: str, allow_scripts: bool = False) -> tuple[Document | None, list[Problem]]:
    """A Markdown content file with YAML front matter, read and parsed; its body is checked for HTML
    blocks never closed and, unless `allow_scripts` (the site's setting), for scripts."""
    text, problems = read_text(file, path)
    if text is None:
        return None, problems
    front, body, body_line, problems = split_front_matter(text, path)
    if problems:
        return None, problems
    data, lines, problems = parse_yaml(front, path, first_line=2)
    body_lines = markdown_lines(body)
    problems += unclosed_block_problems(body_lines, path, body_line)
    if not allow_scripts:
        problems += script_problems(body_lines, path, body_line)
    problems += too_deep(body_lines, path, body_line)
    return _document(path, data, lines, problems, body, body_line)


def read_yaml(file: Path, path: str) -> tuple[Document | None, list[Problem]]:
    """A YAML content file, read and parsed."""
    text, problems = read_text(file, path)
    if text is None:
        return None, problems
    data, lines, problems = parse_yaml(text, path)
    return _document(path, data, lines, problems, "", 1)


def _document(path: str, data: object, lines: dict[str, int], problems: list[Problem],
              body: str, body_line: int) -> tuple[Document | None, list[Problem]]:
    if data is None and not problems:
        problems = [Problem(path, lines.get("", 1), "front matter" if body_line > 1 else "YAML",
                            "is empty")]
    elif data is not None and not isinstance(data, (dict, Refused)):
        problems = [*problems, Problem(path, lines.get("", 1), "YAML",
                                       "must be a mapping of field names to values",
                                       shown(data))]
    if not isinstance(data, dict):
        return None, problems
    return Document(path, data, lines, body, body_line), problems
