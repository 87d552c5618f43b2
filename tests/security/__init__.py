"""Security tests, one module per class of attack (issue 10, docs/security.md)."""
