"""``ReplyTemplate``: a team's canned reply (optionally for one application) and its use count."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel

TITLE_MAX = 120
BODY_MAX = 4000


class ReplyTemplate(BaseModel):
    """A Templat Balasan of one team; ``application`` empty means every application."""

    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("Tim"),
        on_delete=models.CASCADE,
        related_name="reply_templates",
    )
    application = models.ForeignKey(
        "catalog.Application",
        verbose_name=_("Aplikasi"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply_templates",
        help_text=_("Kosongkan agar templat berlaku untuk semua aplikasi."),
    )
    title = models.CharField(_("Judul templat"), max_length=TITLE_MAX)
    body = models.TextField(_("Isi templat"), max_length=BODY_MAX)
    active = models.BooleanField(_("Aktif"), default=True)
    usage_count = models.PositiveIntegerField(_("Jumlah pemakaian"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("Templat Balasan")
        verbose_name_plural = _("Templat Balasan")
        ordering = ["team__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["team", "title"], name="reply_template_title_per_team")
        ]

    def __str__(self) -> str:
        return self.title
