"""Inaproc sign-in services: find, create or link the user of a verified identity."""
