"""Templat Balasan: per-team canned replies with placeholders, inserted into ticket messages."""
