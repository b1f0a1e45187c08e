"""The monthly brief for leaders: one month's figures, misses, incidents and what comes next."""
