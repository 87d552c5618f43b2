from django.urls import path

from lpse_support.accounts import views, views_password, views_tokens

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.SupportLoginView.as_view(), name="login"),
    path("keluar/", views.SupportLogoutView.as_view(), name="logout"),
    path("profil/", views.ProfileView.as_view(), name="profile"),
    path("profil/password/", views_password.PasswordChangeView.as_view(), name="password_change"),
    path("lupa-password/", views_password.ResetRequestView.as_view(), name="password_reset"),
    path(
        "lupa-password/terkirim/",
        views_password.ResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views_password.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/selesai/",
        views_password.ResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profil/token/", views_tokens.ApiTokenCreateView.as_view(), name="api_token_create"),
    path(
        "profil/token/<int:pk>/cabut/",
        views_tokens.ApiTokenRevokeView.as_view(),
        name="api_token_revoke",
    ),
]
