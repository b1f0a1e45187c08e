"""What every part of Frontdesk shares: reading and checking files, problems, settings, URLs,
the clock, atomic writing, the cache, and generated pages. It knows nothing of any feature."""
