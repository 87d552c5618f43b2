"""FAQ LPSE Support URLs, included under ``/faq/`` by ``dashboard/urls.py`` in the ``dashboard``
namespace: the menu's ``dashboard:faq`` is the list."""

from django.urls import path

from lpse_support.faq import views

urlpatterns = [
    path("", views.FaqListView.as_view(), name="faq"),
    path("saran/", views.suggestions, name="faq_suggestions"),
    path("artikel/<slug:slug>/", views.FaqArticleView.as_view(), name="faq_article"),
    path("artikel/<slug:slug>/buka/", views.suggestion_open, name="faq_suggestion_open"),
]
