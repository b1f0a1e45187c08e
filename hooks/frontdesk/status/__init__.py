"""Service status: incidents, planned maintenance, the status page, banners, feeds and calendars."""
