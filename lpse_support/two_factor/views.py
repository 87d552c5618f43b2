"""The two-factor pages: enrolment (QR + secret, confirmed by a code), verification at login
(app code or recovery code), the recovery codes shown once, regeneration and disabling (from
the Profil card), and the admin login redirect."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lpse_support.accounts.models import User
from lpse_support.accounts.viewer import signed_in_user, viewer_of
from lpse_support.two_factor import gate_session, policy, services
from lpse_support.two_factor.forms import DisableForm, RecoveryCodeForm, TotpCodeForm

NEW_CODES_SESSION_KEY = "two_factor_new_codes"
FEW_CODES_LEFT = 3


def safe_next(request: HttpRequest) -> str:
    """``next`` when it points into this site, else the dashboard."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _throttle_message(wait_seconds: int) -> str:
    return ngettext(
        "Terlalu banyak percobaan yang salah. Coba lagi dalam %(seconds)d detik.",
        "Terlalu banyak percobaan yang salah. Coba lagi dalam %(seconds)d detik.",
        wait_seconds,
    ) % {"seconds": wait_seconds}


def _is_verified(request: HttpRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[union-attr]


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@method_decorator([never_cache, login_required], name="dispatch")
class EnrolView(View):
    """Aktifkan: scan the QR code (or type the secret), confirm with a code from the app."""

    template_name = "two_factor/enrol.html"

    def _guard(self, request: HttpRequest) -> HttpResponse | None:
        if not policy.is_offered(viewer_of(request)):
            raise Http404
        if services.confirmed_totp_device(signed_in_user(request)) is not None:
            return redirect(safe_next(request))
        return None

    def _render(self, request: HttpRequest, form: TotpCodeForm, status: int = 200) -> HttpResponse:
        user = signed_in_user(request)
        device = services.enrolment_device(user)
        qr = segno.make(device.config_url, error="m")
        secret = services.base32_secret(device)
        context: dict[str, Any] = {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=5, border=2, dark="#1f2937"),
            "secret": _grouped(secret),
            "secret_plain": secret,
            "required": policy.is_required(viewer_of(request)),
            "next": safe_next(request),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._guard(request) or self._render(request, TotpCodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        guarded = self._guard(request)
        if guarded is not None:
            return guarded
        form = TotpCodeForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=422)
        codes = services.enrolment_confirm(
            request=request, user=signed_in_user(request), token=form.cleaned_data["code"]
        )
        if codes is None:
            form.add_error(
                "code",
                _("Kode tidak cocok. Pastikan jam ponsel tepat lalu masukkan kode yang terbaru."),
            )
            return self._render(request, form, status=422)
        request.session[NEW_CODES_SESSION_KEY] = codes
        messages.success(request, _("Autentikasi dua faktor aktif."))
        return HttpResponseRedirect(_with_next("two_factor:recovery_codes", safe_next(request)))


@method_decorator([never_cache, login_required], name="dispatch")
class VerifyView(View):
    """At login: a code from the app, or ("Gunakan kode pemulihan") one recovery code."""

    template_name = "two_factor/verify.html"

    def _use_recovery(self, request: HttpRequest) -> bool:
        return (request.POST.get("cara") or request.GET.get("cara")) == "pemulihan"

    def _guard(self, request: HttpRequest) -> HttpResponse | None:
        if _is_verified(request):
            return redirect(safe_next(request))
        user = signed_in_user(request)
        if services.confirmed_totp_device(user) is None:
            # Reset by an admin meanwhile: required → enrol again, else nothing to verify.
            gate_session.remember_device(request, has_device=False)
            if policy.is_required(viewer_of(request)):
                return HttpResponseRedirect(_with_next("two_factor:enrol", safe_next(request)))
            return redirect(safe_next(request))
        return None

    def _render(self, request: HttpRequest, form: Any, status: int = 200) -> HttpResponse:
        recovery_mode = self._use_recovery(request)
        next_url = safe_next(request)
        context = {
            "form": form,
            "recovery_mode": recovery_mode,
            "next": next_url,
            "switch_url": reverse("two_factor:verify")
            + "?"
            + urlencode({"next": next_url, **({} if recovery_mode else {"cara": "pemulihan"})}),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = RecoveryCodeForm() if self._use_recovery(request) else TotpCodeForm()
        return self._guard(request) or self._render(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        guarded = self._guard(request)
        if guarded is not None:
            return guarded
        user = signed_in_user(request)
        recovery_mode = self._use_recovery(request)
        form: TotpCodeForm | RecoveryCodeForm = (
            RecoveryCodeForm(request.POST) if recovery_mode else TotpCodeForm(request.POST)
        )
        if not form.is_valid():
            return self._render(request, form, status=422)
        code = form.cleaned_data["code"]
        if recovery_mode:
            outcome = services.recovery_verify(request=request, user=user, code=code)
        else:
            outcome = services.totp_verify(request=request, user=user, token=code)
        if not outcome.accepted:
            if outcome.wait_seconds:
                form.add_error("code", _throttle_message(outcome.wait_seconds))
            elif recovery_mode:
                form.add_error("code", _("Kode pemulihan salah atau sudah pernah dipakai."))
            else:
                form.add_error(
                    "code", _("Kode salah atau sudah dipakai. Tunggu kode berikutnya di aplikasi.")
                )
            return self._render(request, form, status=422)
        if outcome.codes_left is not None and outcome.codes_left <= FEW_CODES_LEFT:
            messages.warning(request, _codes_left_message(outcome.codes_left))
        return HttpResponseRedirect(safe_next(request))


def _codes_left_message(left: int) -> str:
    return ngettext(
        "Sisa %(count)d kode pemulihan. Buat kode baru di Profil.",
        "Sisa %(count)d kode pemulihan. Buat kode baru di Profil.",
        left,
    ) % {"count": left}


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new codes, once: they leave the session as this page is drawn."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:profile")
    return render(
        request, "two_factor/recovery_codes.html", {"codes": codes, "next": safe_next(request)}
    )


def _verified_with_device(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not _is_verified(request) or services.confirmed_totp_device(user) is None:
        raise Http404
    return user


@require_POST
@login_required
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    user = _verified_with_device(request)
    request.session[NEW_CODES_SESSION_KEY] = services.recovery_codes_issue(user=user)
    messages.success(request, _("Kode pemulihan baru dibuat; kode lama tidak berlaku lagi."))
    return HttpResponseRedirect(
        _with_next("two_factor:recovery_codes", reverse("accounts:profile"))
    )


@require_POST
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    """Turn it off: only when not required, with the current password or a code."""
    user = _verified_with_device(request)
    profile = reverse("accounts:profile") + "#dua-faktor"
    if policy.is_required(viewer_of(request)):
        messages.error(request, _("Autentikasi dua faktor wajib untuk akun Anda."))
        return HttpResponseRedirect(profile)
    form = DisableForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()))
        return HttpResponseRedirect(profile)
    password, code = form.cleaned_data["password"], form.cleaned_data["code"]
    proven = bool(password) and user.check_password(password)
    if not proven and code:
        outcome = services.totp_verify(request=request, user=user, token=code)
        proven = outcome.accepted
    if not proven:
        messages.error(request, _("Password atau kode salah; autentikasi dua faktor tetap aktif."))
        return HttpResponseRedirect(profile)
    services.two_factor_disable(request=request, user=user)
    messages.success(request, _("Autentikasi dua faktor dinonaktifkan."))
    return HttpResponseRedirect(profile)


def admin_login(request: HttpRequest) -> HttpResponse:
    """/admin/login/ → the site's own login (and from there the two-factor gate)."""
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    return HttpResponseRedirect(_with_next(settings.LOGIN_URL, target))
