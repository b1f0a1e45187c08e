"""Departments: a page for each, with its relationship manager, objectives, services, actions and news."""
