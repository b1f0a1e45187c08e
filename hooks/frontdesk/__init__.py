"""Frontdesk: an IT team's service catalogue, stats and newsletter, from plain files.

The package does not depend on MkDocs: `hooks/frontdesk_hooks.py` connects it to a build,
and `frontdesk.cli` uses it on its own.
"""

__version__ = "0.1.0"
