"""\"You said, we did\": what people told the team, and what the team did or will do about it."""
