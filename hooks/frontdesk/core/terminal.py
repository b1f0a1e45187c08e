"""Text for a terminal: what a file or an export says, with nothing in it that drives the terminal."""

from __future__ import annotations

import unicodedata

# Unicode categories a terminal may act on rather than show: control characters (C0 and C1:
# ESC, CR, BEL, DEL...), format characters (bidi overrides such as U+202E, zero-width marks),
# surrogates (an undecodable byte), private use, and line and paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def printable(text: str) -> str:
    """`text` with every such character written as its escape (ESC as \\x1b, U+202E as \\u202e);
    line breaks between lines are kept."""
    if all(line.isprintable() for line in text.split("\n")):
        return text
    return "".join(c if c == "\n" or unicodedata.category(c) not in _HIDDEN else ascii(c)[1:-1] for c in text)
