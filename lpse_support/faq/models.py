from django.db import models
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel


class FaqArticle(BaseModel):
    """An FAQ LPSE Support article, optionally tied to an application and category (R-UI-6)."""

    title = models.CharField(_("Judul"), max_length=200)
    slug = models.SlugField(_("Slug"), max_length=220, unique=True)
    application = models.ForeignKey(
        "catalog.Application",
        verbose_name=_("Aplikasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faqs",
    )
    category = models.ForeignKey(
        "catalog.Category",
        verbose_name=_("Kategori"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faqs",
    )
    body = models.TextField(_("Isi"))
    keywords = models.CharField(_("Kata kunci"), max_length=300, blank=True)
    published = models.BooleanField(_("Terbit"), default=True)
    order = models.PositiveSmallIntegerField(_("Urutan"), default=0)

    class Meta:
        verbose_name = _("Artikel FAQ")
        verbose_name_plural = _("Artikel FAQ")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title
