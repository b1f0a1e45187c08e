"""Service stats: monthly figures per service, the stats pages and charts, and the import of a
ticketing system's CSV export."""
