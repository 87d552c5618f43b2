"""Template tags of the ticket pages."""
