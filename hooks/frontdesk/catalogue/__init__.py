"""The service catalogue: services, read and checked, and the catalogue's pages and navigation."""
