"""Frontdesk: an IT team's service catalogue, stats, newsletter and free resources, from plain files.

The package does not depend on MkDocs: `hooks/frontdesk_hooks.py` connects it to a build,
and `frontdesk.cli` uses it on its own. Each folder is one part of the product:

    core/        reading and checking files, problems, settings, URLs, generated pages
    catalogue/   services and the catalogue's pages
    stats/       monthly service stats, their pages and charts, and the ticket-export import
    newsletter/  issues, authors, their pages, feeds and email editions
    resources/   free resources and their pages
    site/        the whole site: reading everything, the templates, home and tag pages, staging
    cli/         the `frontdesk` command, one module per command
"""

__version__ = "0.1.0"
