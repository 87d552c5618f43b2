"""Token API on the Profil page (R-API): create a personal token (shown once), revoke one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views import View

from lpse_support.accounts.viewer import signed_in_user
from lpse_support.accounts.views import ProfileView
from lpse_support.api.tokens import (
    EXPIRY_DAYS_MAX,
    NAME_MAX,
    TokenNameRequired,
    TokenNameTooLong,
    token_create,
    token_revoke,
)
from lpse_support.core.errors import InvalidInput


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=NAME_MAX,
        error_messages={
            "required": TokenNameRequired.message_template,
            "max_length": TokenNameTooLong.message_template,
        },
        help_text=_("Mis. nama aplikasi atau skrip yang memakai token ini."),
    )
    expires_in_days = forms.IntegerField(
        label=_("Berlaku (hari)"),
        required=False,
        min_value=1,
        max_value=EXPIRY_DAYS_MAX,
        help_text=_("Kosongkan bila token tidak kedaluwarsa."),
    )


class ApiTokenCreateView(ProfileView):
    """POST only: creates the token and renders the Profil page with the secret, once. The
    answer is never cached and the secret is never stored or put in the session."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ApiTokenForm(request.POST)
        new_secret = None
        if form.is_valid():
            try:
                created = token_create(
                    user=signed_in_user(request),
                    name=form.cleaned_data["name"],
                    expires_in_days=form.cleaned_data["expires_in_days"],
                )
            except InvalidInput as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                new_secret = created.secret
                form = ApiTokenForm()
        context = self.get_context_data(token_form=form, new_token_secret=new_secret)
        response = self.render_to_response(context)
        add_never_cache_headers(response)
        return response


class ApiTokenRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = token_revoke(user=signed_in_user(request), token_id=pk)  # not yours or missing: 404
        messages.success(request, _("Token %(name)s telah dicabut.") % {"name": token.name})
        return HttpResponseRedirect(reverse("accounts:profile") + "#token-api")
