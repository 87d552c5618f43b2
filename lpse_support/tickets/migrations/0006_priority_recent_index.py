"""The "Prioritas tertinggi" sort; built CONCURRENTLY on PostgreSQL (issue 11)."""

from django.conf import settings
from django.db import migrations, models

from lpse_support.core.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('accounts', '0001_initial'),
        ('catalog', '0001_initial'),
        ('tickets', '0005_status_recent_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name='ticket',
            index=models.Index(fields=['priority', '-created_at'], name='ticket_priority_recent'),
        ),
    ]
