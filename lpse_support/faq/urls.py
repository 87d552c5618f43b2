"""FAQ LPSE Support URLs (R-UI-6), included under ``/faq/`` by ``config/urls.py``: the menu's
``faq:list`` is the list."""

from django.urls import path

from lpse_support.faq import views

app_name = "faq"
urlpatterns = [
    path("", views.FaqListView.as_view(), name="list"),
    path("saran/", views.suggestions, name="suggestions"),
    path("artikel/<slug:slug>/", views.FaqArticleView.as_view(), name="article"),
    path("artikel/<slug:slug>/buka/", views.suggestion_open, name="suggestion_open"),
]
