"""The newsletter: issues and authors, routed by status once; archive and issue pages, feeds and
email editions."""
