"""Indexes for the ticket lists, search, sorts and dashboard counters (issue 5 item 8; the plans
are in docs/performance.md). The full-text GIN index exists on PostgreSQL only: it is built on the
very expression ``tickets.search.fulltext_vector()`` produces, so the planner matches it.

Every index here is built CONCURRENTLY on PostgreSQL (issue 11 item 8): writes to the tickets go
on while it builds. That needs a migration outside a transaction (``atomic = False``)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

from lpse_support.core.migration_operations import AddIndexConcurrently

FULLTEXT = GinIndex(
    SearchVector("title", "description", config="simple"), name="ticket_fulltext"
)


def add_fulltext(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("tickets", "Ticket"), FULLTEXT, concurrently=True)


def remove_fulltext(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(
            apps.get_model("tickets", "Ticket"), FULLTEXT, concurrently=True
        )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('tickets', '0002_workflow'),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='ticket',
            index=models.Index(fields=['resolution_due_at', 'id'], name='ticket_sla_order'),
        ),
        AddIndexConcurrently(
            model_name='ticket',
            index=models.Index(condition=models.Q(('status__in', ['SELESAI', 'DITUTUP']), _negated=True), fields=['assignee', '-created_at'], name='ticket_open_assignee'),
        ),
        AddIndexConcurrently(
            model_name='ticketevent',
            index=models.Index(fields=['actor', '-ticket'], name='ticket_event_actor'),
        ),
        migrations.RunPython(add_fulltext, remove_fulltext, elidable=False),
    ]
