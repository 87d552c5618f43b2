"""The demo (SPEC R-DEMO): the seed (``seed/``, ``manage.py seed_demo``), the bulk ticket
generator (``generator/``, ``manage.py generate_tickets``), the removal before production
(``cleanup.py``, ``manage.py remove_demo_accounts``) and the check that refuses demo accounts in
production (``checks.py``). Nothing outside this app imports it: only its commands run it."""
