"""Forms of "Lupa Password?" and "Ubah Password": Django's own password forms with the project's
labels and Indonesian messages; the new password goes through ``AUTH_PASSWORD_VALIDATORS``."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lpse_support.core.links import absolute_url, site_origin
from lpse_support.core.text import defang_links, one_line

MISMATCH_MESSAGE = _("Kedua password baru tidak sama.")
INCORRECT_MESSAGE = _("Password saat ini salah.")


def reset_minutes() -> int:
    """How long a reset link lives, in whole minutes (``PASSWORD_RESET_TIMEOUT``, seconds)."""
    return max(1, math.ceil(int(settings.PASSWORD_RESET_TIMEOUT) / 60))


class ResetRequestForm(PasswordResetForm):
    """The address asked for on "Lupa Password?". Django sends nothing for an address no active
    account with a usable password holds; the page answers the same either way."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "class": "form-control"}
        ),
        error_messages={
            "required": _("Isi alamat e-mail akun Anda."),
            "invalid": _("Alamat e-mail tidak valid."),
        },
    )


class ResetMailForm(ResetRequestForm):
    """Sends the reset mail (run by the task, never in the request): the link is built on
    ``SITE_URL`` — the Host header of the request plays no part — and a failing mail server
    fails the task instead of being swallowed as in Django's form."""

    def send_reset_mails(self, *, subject_template_name: str, email_template_name: str) -> None:
        """Django's ``save`` with the site's own address: ``domain``/``protocol`` of its
        context come from ``SITE_URL`` too, for any template that still uses them."""
        protocol, domain = site_origin()
        self.save(
            domain_override=domain,
            use_https=protocol == "https",
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
        )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        user = context["user"]
        context = {
            **context,
            "reset_url": absolute_url(path),
            "reset_minutes": reset_minutes(),
            "username": one_line(user.get_username()),
            # Names reach the mail as one line with nothing that reads as a link (as in the
            # ticket notifications, notifications/messages.py).
            "recipient_name": defang_links(one_line(user.get_full_name()))
            or one_line(user.get_username()),
        }
        subject = one_line(loader.render_to_string(subject_template_name, context))
        body = loader.render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()


class NewPasswordForm(SetPasswordForm):
    """The new password of a reset link."""

    new_password1, new_password2 = SetPasswordForm.create_password_fields(
        label1=_("Password baru"), label2=_("Ulangi password baru")
    )
    error_messages = {**SetPasswordForm.error_messages, "password_mismatch": MISMATCH_MESSAGE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].help_text = _("Ketik password baru sekali lagi.")


class ChangePasswordForm(NewPasswordForm, PasswordChangeForm):
    """The form of "Ubah Password" on Profil: the current password first."""

    old_password = forms.CharField(
        label=_("Password saat ini"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_mismatch": MISMATCH_MESSAGE,
        "password_incorrect": INCORRECT_MESSAGE,
    }
    field_order = ["old_password", "new_password1", "new_password2"]
