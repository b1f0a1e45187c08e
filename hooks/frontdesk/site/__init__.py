"""The whole site: everything read and checked, then laid out as pages and files for the engine."""
