"""Email addresses as the email edition writes them: one way to make a From header, and one check of it.

The `.eml` edition's From header is the team's name and the site's contact address. Python's `email`
package reads an address by RFC 5322: it refuses some that look fine (`a..b@example.org`) and quietly
changes others (`it(help)@example.org` is `it@example.org` with a comment). So content is checked by
writing the header exactly as the email edition does, reading it back as a mail system would, and
asking for the same name and address, with no defects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email import message_from_bytes
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, default

# The policy the email edition is written with (CRLF line ends, 7-bit headers). Header lines are not
# folded below RFC 5322's limit of 998 characters: Python folds a long quoted display name so that it
# reads back changed ('IT Services & Digital Transformation Office of …, Cambridge' loses its quotes
# and becomes two addresses), and a team's name is never that long.
EMAIL_POLICY = SMTP.clone(max_line_length=998)


def sender_address(name: str, address: str) -> Address:
    """The From header's value: a display name and an address (raises ValueError or MessageError)."""
    return Address(name, addr_spec=address)


def address_problem(address: str) -> str | None:
    """What is wrong with an address in the email edition's From header, or None when mail systems
    read back exactly that address."""
    if not address.isascii():
        return "must be written in ASCII for mail systems (an international domain in its xn-- form)"
    read, problem = _read_back("", address)
    if problem is None and read.addr_spec != address:
        problem = f"would be read by mail systems as {read.addr_spec!r}"
    return problem


@dataclass(frozen=True)
class AddressChecks:
    """The addresses checked while reading content, each checked once: writing and reading back a header
    is slow, and hundreds of services give the same team address. Made afresh for each build's reading."""

    found: dict[str, str | None] = field(default_factory=dict)  # what is wrong with each address, or None

    def problem(self, address: str) -> str | None:
        """What is wrong with an address (see address_problem), or None."""
        if address not in self.found:
            self.found[address] = address_problem(address)
        return self.found[address]


def display_name_problem(name: str) -> str | None:
    """What is wrong with a name shown in the email edition's From header, or None when mail systems
    read back exactly that name."""
    read, problem = _read_back(name, _ANY_ADDRESS)
    # Python reads a long encoded name back with spaces between its encoded words, which a mail
    # client (decoding by RFC 2047) does not add: spaces are not compared.
    if problem is None and "".join(read.display_name.split()) != "".join(name.split()):
        problem = f"would be read by mail systems as {read.display_name!r}"
    return problem


# A plain address, to check a display name on its own.
_ANY_ADDRESS = "team@example.org"


def _read_back(name: str, address: str) -> tuple[Address, str | None]:
    """The From header `name <address>` as a mail system reads it, written as the email edition does;
    or what is wrong with it."""
    message = EmailMessage(policy=EMAIL_POLICY)
    try:
        message["From"] = sender_address(name, address)
        written = message.as_bytes()
    # The email package raises these (and IndexError on some malformed input) for what it cannot read.
    except (ValueError, IndexError, MessageError) as error:
        return Address(), f"is not an address mail systems accept: {_reason(error)}"
    header = message_from_bytes(written, policy=default)["From"]
    read: tuple[Address, ...] = header.addresses if header is not None else ()
    if len(read) != 1 or header.defects:
        return Address(), "is not read back by mail systems as it is written"
    return read[0], None


def _reason(error: Exception) -> str:
    """The email package's explanation, on one line."""
    text = " ".join(str(error).split()).rstrip(")").rstrip(".")
    return text or type(error).__name__
