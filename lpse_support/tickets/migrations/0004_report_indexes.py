"""REPORTING at 1,000,000 tickets (issue 5): the workload table counts the take/resolve events of
a period per agent; this index answers that from the index alone (actor and ticket are trailing
key columns; ``INCLUDE`` would be PostgreSQL-only and warns on SQLite).
See docs/reporting.md, "Speed". Built CONCURRENTLY on PostgreSQL (issue 11)."""

from django.db import migrations, models

from lpse_support.core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("tickets", "0003_list_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="ticketevent",
            index=models.Index(
                fields=["action", "created_at", "actor", "ticket"],
                name="ticket_event_action_time",
            ),
        ),
    ]
