"""What the tests share: factories, typed ``make_*`` helpers, the worlds (master data, teams,
users and tickets in known places), uploads whose bytes pass the checks, and the race harness.
Fixtures live in ``tests/support/fixtures/`` and are loaded by ``pytest_plugins`` in the root
``tests/conftest.py``; test modules import helpers from here, never from a conftest."""
