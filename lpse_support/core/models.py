from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Timestamps every table carries."""

    created_at = models.DateTimeField(_("Dibuat pada"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("Diubah pada"), auto_now=True)

    class Meta:
        abstract = True
