"""Titles stored before they were normalised (issue 10, row 4) made one line: a title with CR/LF
or another line break, a control or an invisible character gets the form ``ticket_create`` now
gives every new title. Only those rows are read (a regex in the database); no other is touched.
No audit event: the title's words are kept, only their separators change."""

from django.db import migrations

from lpse_support.core.text import one_line

# Control characters, line/paragraph separators, bidi controls and zero-width characters: what
# ``one_line`` removes or turns into a space. NUL is left out (PostgreSQL cannot store it).
SUSPECT = "[\x01-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]"
UNTITLED = "(tanpa judul)"


def titles_one_line(apps, schema_editor):
    Ticket = apps.get_model("tickets", "Ticket")
    for pk, title in Ticket.objects.filter(title__regex=SUSPECT).values_list("pk", "title"):
        fixed = one_line(title) or UNTITLED
        if fixed != title:
            Ticket.objects.filter(pk=pk).update(title=fixed)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_ticket_revision")]

    operations = [migrations.RunPython(titles_one_line, migrations.RunPython.noop, elidable=True)]
