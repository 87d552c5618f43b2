"""Template tags of the Templat Balasan app."""
