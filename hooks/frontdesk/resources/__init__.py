"""Free resources: guides, templates, software, training, checklists and giveaways, and their pages."""
