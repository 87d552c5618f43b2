"""``manage.py backup`` / ``restore``: the database and the attachment storage, with a manifest of
SHA-256 checksums (issue 11 item 5; docs/deploy.md, "Backup and restore")."""
