"""Survey results: aggregates of a survey round, read from content/surveys/<id>.yml, and their pages."""
