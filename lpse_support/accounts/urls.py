from django.urls import path

from lpse_support.accounts import views, views_tokens

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.SupportLoginView.as_view(), name="login"),
    path("keluar/", views.SupportLogoutView.as_view(), name="logout"),
    path("profil/", views.ProfileView.as_view(), name="profile"),
    path("profil/token/", views_tokens.ApiTokenCreateView.as_view(), name="api_token_create"),
    path(
        "profil/token/<int:pk>/cabut/",
        views_tokens.ApiTokenRevokeView.as_view(),
        name="api_token_revoke",
    ),
]
