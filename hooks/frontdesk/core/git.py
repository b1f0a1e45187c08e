"""Reading the project's git history: a fixed command line, never a shell, and no error raised.

The newsletter warns about renamed issues and the roadmap shows recent changes from the history a
project's git repository keeps. A project may have none (a copy without `.git`, a machine without
git, a repository git refuses to read): each caller then does without, and says so where it matters.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

# Long enough for the history of a large project; a build never hangs on git.
GIT_TIMEOUT_SECONDS = 20


def git_bytes(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """What `git -C root <args>` prints, as bytes, or None when git is missing, fails or takes too long.

    Git's own configuration may not change what it prints: no pager, no colour, no quoted paths,
    no replaced commits."""
    command = ["git", "-c", "core.quotepath=off", "-c", "color.ui=never", "--no-pager", "--no-replace-objects",
               "-C", str(root), *args]
    try:
        result = subprocess.run(command, input=stdin, capture_output=True, timeout=GIT_TIMEOUT_SECONDS,
                                check=False)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return result.stdout if result.returncode == 0 else None


def git_output(root: Path, *args: str) -> str | None:
    """What `git -C root <args>` prints, as text (UTF-8, anything else replaced), or None as git_bytes."""
    output = git_bytes(root, *args)
    return None if output is None else output.decode("utf-8", errors="replace")


def is_shallow(root: Path) -> bool | None:
    """Whether the project is a shallow clone (its history cut short), or None outside a repository."""
    answer = git_output(root, "rev-parse", "--is-shallow-repository")
    return None if answer is None else answer.strip() == "true"
