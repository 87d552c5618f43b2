"""The full-text GIN index over the Diskusi messages (issue 14 item 5): the keyword search also
looks in ``TicketMessage.body``. PostgreSQL only, built CONCURRENTLY on exactly the expression
``tickets.search.message_vector()`` produces, so the planner matches it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


FULLTEXT = GinIndex(SearchVector("body", config="simple"), name="ticket_message_fulltext")


def add_fulltext(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("tickets", "TicketMessage")
        schema_editor.add_index(model, FULLTEXT, concurrently=True)


def remove_fulltext(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        model = apps.get_model("tickets", "TicketMessage")
        schema_editor.remove_index(model, FULLTEXT, concurrently=True)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("tickets", "0010_saved_search"),
    ]

    operations = [
        migrations.RunPython(add_fulltext, remove_fulltext, elidable=False),
    ]
