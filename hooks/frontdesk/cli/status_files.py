"""What `frontdesk incident` and `frontdesk maintenance` share: checked writes of status content.

Every file they write is checked as `frontdesk check` checks it, by the build's clock, before it
replaces anything: a change that would not build is refused and the file is left as it was. Writes
are atomic (a temporary file renamed into place); new files never replace existing ones.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..catalogue.catalogue import service_files
from ..core.files import path_problem, project_file
from ..core.problems import Problem
from ..core.writing import write_atomically


class Refused(Exception):
    """Why nothing is written: one line (or a list of problems) for the author."""


def yaml_text(text: str) -> str:
    """A YAML scalar that stays text whatever it contains."""
    return json.dumps(text, ensure_ascii=False)


def known_services(project: Path, given: list[str]) -> tuple[str, ...]:
    """The service ids given (comma-separated or repeated), each one the catalogue has."""
    ids = tuple(dict.fromkeys(part.strip() for value in given for part in value.split(",") if part.strip()))
    if not ids:
        raise Refused("--services: name at least one service id, like --services vpn")
    known = {file.stem for file, _ in service_files(project)[0]}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise Refused(f"--services: {', '.join(repr(i) for i in unknown)} is not a known service id "
                      f"(the ids are the file names in content/services/)")
    return ids


Check = Callable[[Path, str], list[Problem]]


def checked_write(project: Path, relative: str, text: str, check: Check, new: bool) -> None:
    """Write `text` to `relative` once `check` (given a file holding it) finds no problem."""
    if (outside := path_problem(project, relative)) is not None:
        raise Refused(str(outside))
    target = project / relative
    if new and target.exists():
        raise Refused(f"{relative} already exists; choose another title or edit that file")
    with tempfile.TemporaryDirectory() as folder:
        trial = Path(folder) / target.name
        trial.write_text(text, "utf-8")
        problems = check(trial, relative)
    if problems:
        raise Refused("the change would not build, so nothing was written:\n" +
                      "\n".join(str(p) for p in sorted(set(problems))))
    target.parent.mkdir(parents=True, exist_ok=True)
    if new:
        with target.open("xb") as stream:  # "x": never replace a file that appeared meanwhile
            try:
                stream.write(text.encode("utf-8"))
            except BaseException:
                target.unlink(missing_ok=True)
                raise
    else:
        write_atomically(target, text.encode("utf-8"))


def existing_file(project: Path, folder: str, name: str, kind: str) -> tuple[Path, str]:
    """The content file an id names (its file name without .md, or the slug after the date)."""
    stem = name.removesuffix(".md")
    candidates = [f"{folder}/{stem}.md"]
    if not (project / candidates[0]).exists():
        listing = sorted((project / folder).glob(f"????-??-??-{stem}.md")) if (project / folder).is_dir() else []
        candidates = [f"{folder}/{p.name}" for p in listing]
    if len(candidates) != 1 or not (project / candidates[0]).exists():
        found = f" ({', '.join(candidates)})" if len(candidates) > 1 else ""
        raise Refused(f"no single {kind} is named {name!r}{found}; give its file name without .md, "
                      f"like 2026-11-23-mfa-slow")
    file, problems = project_file(project, candidates[0])
    if file is None:
        raise Refused(str(problems[0]) if problems else f"{candidates[0]} cannot be read")
    return file, candidates[0]
