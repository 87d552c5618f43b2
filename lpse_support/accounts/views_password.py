"""Pages of "Lupa Password?" (reset by e-mail) and "Ubah Password" on Profil: Django's own
password views and forms, with the throttle, the mail sent by the worker and the session rules of
docs/auth.md."""

from __future__ import annotations

import logging
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.forms_password import (
    ChangePasswordForm,
    NewPasswordForm,
    ResetRequestForm,
    reset_minutes,
)
from lpse_support.accounts.password_reset_mail import password_reset_mail_send
from lpse_support.accounts.password_reset_throttle import reset_request_allowed
from lpse_support.accounts.viewer import signed_in_user
from lpse_support.accounts.views import ProfileView
from lpse_support.core import ratelimit, request_id

logger = logging.getLogger(__name__)

# "Ubah Password" attempts per account per hour: a stolen session cannot try passwords for ever.
CHANGE_ATTEMPTS_PER_HOUR = 10
CHANGED = _("Password berhasil diubah. Sesi Anda di perangkat atau browser lain telah diakhiri.")
TOO_MANY_CHANGES = _("Terlalu banyak percobaan mengubah password. Coba lagi dalam satu jam.")


class ResetRequestView(auth_views.PasswordResetView):
    """Every valid address — an account's or not, throttled or not — leads to the same page.
    The mail is queued for the worker (``password_reset_mail``), so this request does the same
    work whatever the address."""

    template_name = "accounts/password_reset/request.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: ResetRequestForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        if reset_request_allowed(self.request, email):
            password_reset_mail_send.enqueue(
                email=email, language=get_language(), request_id=request_id.current()
            )
        else:
            logger.info("Permintaan reset password ditahan (batas per jam terlampaui)")
        return HttpResponseRedirect(str(self.success_url))


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset/done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "reset_minutes": reset_minutes()}


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link of the mail. Django checks the token (single use: it is bound to the password
    hash and the last login; expiry ``PASSWORD_RESET_TIMEOUT``) and moves it out of the URL into
    the session before the form is shown."""

    template_name = "accounts/password_reset/confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever holds the mailbox has proved it: failed logins that locked the account go.
        axes_reset(username=form.user.get_username())
        return response


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset/complete.html"


class PasswordChangeView(ProfileView):
    """POST only, from the "Ubah Password" card of Profil (``partials/profile_password.html``).
    Success keeps this session (``update_session_auth_hash``); every other session of the
    account fails Django's session hash check on its next request and is logged out."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = signed_in_user(request)
        if not user.has_usable_password():
            raise PermissionDenied  # Inaproc-only accounts: the card explains, no form
        # To the top of Profil, where the message is shown (an explicit fragment: the browser
        # would otherwise keep the form's "#ubah-password" across the redirect).
        back = HttpResponseRedirect(reverse("accounts:profile") + "#main")
        if not ratelimit.hit(
            f"pw-change:user:{user.pk}", limit=CHANGE_ATTEMPTS_PER_HOUR, seconds=3600
        ):
            messages.error(request, TOO_MANY_CHANGES)  # not even the current password is checked
            return back
        form = ChangePasswordForm(user, request.POST)
        if form.is_valid():
            form.save()
            update_session_auth_hash(request, form.user)
            messages.success(request, CHANGED)
            return back
        response = self.render_to_response(self.get_context_data(password_form=form))
        add_never_cache_headers(response)
        return response
