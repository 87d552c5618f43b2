from django.conf import settings
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


TYPED_TITLE_MAX = 100


class FaqSuggestionOpen(models.Model):
    """One click on an article suggested under the Judul of Buat Tiket Baru (R-UI-6): which
    article, who, and the title typed at that moment. Written only by a POST; read in admin."""

    article = models.ForeignKey(
        FaqArticle,
        verbose_name=_("Artikel"),
        on_delete=models.CASCADE,
        related_name="suggestion_opens",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Pengguna"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    typed_title = models.CharField(_("Judul yang diketik"), max_length=TYPED_TITLE_MAX, blank=True)
    created_at = models.DateTimeField(_("Dibuka pada"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Saran FAQ yang dibuka")
        verbose_name_plural = _("Saran FAQ yang dibuka")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.article} · {self.created_at:%Y-%m-%d %H:%M}"
