"""Pencarian tersimpan: a named Cari Tiket/Advance search (the list page's GET parameters),
personal or shared with one team of its creator (issue 14 item 5)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NAME_MAX = 60


class SavedSearch(models.Model):
    """Only the parameters are stored, never tickets: whoever opens it runs the search in their
    own scope, so sharing a view shares a question, not an answer."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("Dibuat oleh"),
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("Dibagikan dengan tim"),
    )
    name = models.CharField(_("Nama"), max_length=NAME_MAX)
    params = models.JSONField(_("Parameter pencarian"), default=dict)
    created_at = models.DateTimeField(_("Dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Diubah pada"), auto_now=True)

    class Meta:
        verbose_name = _("Pencarian tersimpan")
        verbose_name_plural = _("Pencarian tersimpan")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_search_owner_name")
        ]
        indexes = [models.Index(fields=["team", "name"], name="saved_search_team")]

    def __str__(self) -> str:
        return self.name
