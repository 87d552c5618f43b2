"""FAQ LPSE Support (R-UI-6): the list with search and filters, the article page, the
suggestions under the Judul of Buat Tiket Baru and the POST that records a suggestion opened.
Readable by every logged-in user; only the recording POST writes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, ListView

from lpse_support.accounts.viewer import viewer_of
from lpse_support.accounts.views import ShellMixin
from lpse_support.faq.forms import FaqFilterForm
from lpse_support.faq.models import TYPED_TITLE_MAX, FaqArticle, FaqSuggestionOpen
from lpse_support.faq.rendering import render_body
from lpse_support.faq.selectors import (
    MAX_QUERY_CHARS,
    clip,
    in_list_order,
    related_to,
    suggestions_for,
    visible_articles,
)

PAGE_SIZE = 10


class FaqListView(ShellMixin, ListView[FaqArticle]):
    template_name = "faq/list.html"
    active_menu = "faq"
    page_title = _("FAQ LPSE Support")
    paginate_by = PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self) -> QuerySet[FaqArticle]:
        articles = visible_articles(viewer_of(self.request))
        self.filter_form = FaqFilterForm(self.request.GET, articles=articles)
        return in_list_order(self.filter_form.filter(articles))

    def paginate_queryset(self, queryset: Any, page_size: int) -> Any:
        # An out-of-range or garbled ?page= shows the nearest page instead of a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context.update(
            filter_form=self.filter_form,
            page_numbers=page.paginator.get_elided_page_range(page.number, on_each_side=2),
            ellipsis=page.paginator.ELLIPSIS,
        )
        return context


class FaqArticleView(ShellMixin, DetailView[FaqArticle]):
    template_name = "faq/article.html"
    active_menu = "faq"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet[FaqArticle]:
        return visible_articles(viewer_of(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        article = self.object
        is_admin = viewer_of(self.request).is_admin
        context = super().get_context_data(page_title=article.title, **kwargs)
        context.update(
            body_html=render_body(article.body),
            related=related_to(article),
            is_admin=is_admin,
            suggestion_opens=article.suggestion_opens.count() if is_admin else None,
        )
        return context


@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """The htmx fragment under the Judul: up to five published articles matching the typed
    title (≥ 3 characters), narrowed to the chosen Aplikasi when there is one."""
    if not request.user.is_authenticated:
        # htmx does not swap a 401, so an expired session never puts the login page in the form.
        return HttpResponse(status=401)
    title = clip(request.GET.get("title", ""), MAX_QUERY_CHARS)
    application = request.GET.get("application", "")
    application_id = int(application) if application.isdecimal() and len(application) < 10 else None
    articles = suggestions_for(title, application_id)
    return render(
        request,
        "faq/_suggestions.html",
        {"articles": articles, "typed_title": title[:TYPED_TITLE_MAX]},
    )


@require_POST
@login_required
def suggestion_open(request: HttpRequest, slug: str) -> HttpResponse:
    """Records that a suggested article was opened, then shows it (303 → GET article page)."""
    article = get_object_or_404(FaqArticle, slug=slug, published=True)
    FaqSuggestionOpen.objects.create(
        article=article,
        user_id=request.user.pk,
        typed_title=clip(request.POST.get("judul", ""), TYPED_TITLE_MAX),
    )
    response = HttpResponseRedirect(reverse("faq:article", args=[article.slug]))
    response.status_code = 303  # See Other: the new tab GETs the article page
    return response
