"""Fault tests (issue 11): real processes killed, servers hung, a private PostgreSQL cluster
restarted, disks filled. Slow and bounded; run by ``make faults`` and the CI fault stage."""
