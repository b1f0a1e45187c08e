"""The roadmap: items now, next and later, their pages and filters, and what changed from git history."""
