"""The Inaproc sign-in pages (start, callback from the provider, link an existing account)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET, require_POST

from lpse_support.accounts.models import User
from lpse_support.accounts.session_keys import EXTERNAL_LOGOUT_URL
from lpse_support.inaproc.claims import InaprocProfile, profile_from_claims
from lpse_support.inaproc.client import authorization_redirect, end_session_url, verified_claims
from lpse_support.inaproc.config import inaproc_enabled, inaproc_settings
from lpse_support.inaproc.errors import InaprocError, LinkExpired
from lpse_support.inaproc.forms import LinkPasswordForm
from lpse_support.inaproc.services.provision import PendingLink, identity_link, identity_sign_in

NEXT_KEY = "inaproc_next"
PENDING_KEY = "inaproc_pending_link"
ID_TOKEN_KEY = "inaproc_id_token"  # noqa: S105  # a session key name, not a secret
# Seconds a pending link waits for its password.
PENDING_SECONDS = 600
# The session's login goes through Django's own backend (the two-factor gate applies as usual).
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _require_enabled() -> None:
    if not inaproc_enabled():
        raise Http404()


def _refused(request: HttpRequest, error: InaprocError) -> HttpResponse:
    messages.error(request, error.message)
    return redirect("accounts:login")


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Start "Masuk dengan Inaproc": to the provider's login page (POST: no link starts it)."""
    _require_enabled()
    next_url = request.POST.get("next", "")
    request.session.pop(NEXT_KEY, None)
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[NEXT_KEY] = next_url
    callback = request.build_absolute_uri(reverse("inaproc:callback"))
    try:
        return authorization_redirect(request, redirect_uri=callback)
    except InaprocError as error:
        return _refused(request, error)


def _log_in(request: HttpRequest, user: User, id_token: str) -> HttpResponse:
    next_url = request.session.pop(NEXT_KEY, None) or reverse(settings.LOGIN_REDIRECT_URL)
    login(request, user, backend=BACKEND)  # a new session key: no fixation
    request.session[ID_TOKEN_KEY] = id_token
    logout_url = end_session_url(
        id_token=id_token,
        post_logout_redirect_uri=request.build_absolute_uri(reverse("accounts:login")),
    )
    if logout_url:
        request.session[EXTERNAL_LOGOUT_URL] = logout_url
    return HttpResponseRedirect(next_url)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: verify, then log in, or ask for the local password to link."""
    _require_enabled()
    request.session.pop(PENDING_KEY, None)
    try:
        claims, id_token = verified_claims(request)
        profile = profile_from_claims(claims, config=inaproc_settings())
        outcome = identity_sign_in(profile=profile)
    except InaprocError as error:
        return _refused(request, error)
    if isinstance(outcome, PendingLink):
        request.session[PENDING_KEY] = {
            "user_id": outcome.user_id,
            "profile": outcome.profile.as_dict(),
            "id_token": id_token,
            "expires": time.time() + PENDING_SECONDS,
        }
        return redirect("inaproc:link")
    return _log_in(request, outcome, id_token)


class LinkAccountView(View):
    """The "Hubungkan akun" page: the owner of a local account with the same verified e-mail
    proves its password once; then the Inaproc identity is linked to it. The pending link lives
    in the session only: nothing is written before the password is proven."""

    template_name = "inaproc/link.html"

    def _pending(self, request: HttpRequest) -> tuple[PendingLink, str]:
        data: Any = request.session.get(PENDING_KEY)
        if not isinstance(data, dict) or data.get("expires", 0) < time.time():
            request.session.pop(PENDING_KEY, None)
            raise LinkExpired()
        pending = PendingLink(
            user_id=int(data["user_id"]), profile=InaprocProfile.from_dict(data["profile"])
        )
        return pending, str(data["id_token"])

    def _render(self, request: HttpRequest, form: LinkPasswordForm, pending: PendingLink) -> Any:
        return render(
            request,
            self.template_name,
            {"form": form, "email": pending.profile.email},
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        _require_enabled()
        try:
            pending, _id_token = self._pending(request)
        except InaprocError as error:
            return _refused(request, error)
        return self._render(request, LinkPasswordForm(), pending)

    def post(self, request: HttpRequest) -> HttpResponse:
        _require_enabled()
        try:
            pending, id_token = self._pending(request)
        except InaprocError as error:
            return _refused(request, error)
        if "cancel" in request.POST:
            request.session.pop(PENDING_KEY, None)
            return redirect("accounts:login")
        form = LinkPasswordForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, pending)
        local = User.objects.filter(pk=pending.user_id).only("username").first()
        # authenticate() goes through django-axes: wrong passwords here count toward the same
        # lockout as on the login page.
        user = (
            authenticate(request, username=local.username, password=form.cleaned_data["password"])
            if local is not None
            else None
        )
        if user is None or user.pk != pending.user_id:
            form.add_error("password", _("Password salah."))
            return self._render(request, form, pending)
        request.session.pop(PENDING_KEY, None)
        try:
            linked = identity_link(pending=pending)
        except InaprocError as error:
            return _refused(request, error)
        messages.success(request, _("Akun Inaproc Anda telah terhubung dengan akun ini."))
        return _log_in(request, linked, id_token)
