"""REPORTING at 1,000,000 tickets (issue 5): the workload table counts the take/resolve events of
a period per agent; this index answers that from the index alone (actor and ticket are trailing
key columns; ``INCLUDE`` would be PostgreSQL-only and warns on SQLite).
See docs/reporting.md, "Speed"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tickets", "0003_list_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="ticketevent",
            index=models.Index(
                fields=["action", "created_at", "actor", "ticket"],
                name="ticket_event_action_time",
            ),
        ),
    ]
