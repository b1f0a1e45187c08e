"""Problems found in content: the one error format every command prints."""

from __future__ import annotations

from dataclasses import dataclass

# Longest piece of a bad value quoted back to the author.
_FOUND_LIMIT = 80


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one field of one file."""

    path: str
    line: int
    field: str
    message: str
    found: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: {self.field}: {self.message}"
        return where if self.found is None else f"{where} (found: {self.found})"


def shown(value: object) -> str:
    """The value as an author wrote it, shortened and on one line."""
    if isinstance(value, str):
        flat = " ".join(value.split())
        return repr(flat if len(flat) <= _FOUND_LIMIT else flat[: _FOUND_LIMIT - 1] + "…")
    elif value is None:
        text = "nothing"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = repr(value) if isinstance(value, (dict, list)) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= _FOUND_LIMIT else text[: _FOUND_LIMIT - 1] + "…"


class ContentError(Exception):
    """Raised when content has problems; carries every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(report(self.problems))


def report(problems: list[Problem]) -> str:
    """The multi-line text shown to an author for a list of problems."""
    count = len(problems)
    heading = f"Frontdesk found {count} problem{'s' if count != 1 else ''} in the content:"
    return "\n".join([heading, *(str(p) for p in problems)])
