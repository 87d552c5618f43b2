"""Forms of the two-factor pages: a code from the app, a recovery code, turning it off."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from lpse_support.two_factor import recovery


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode 6 digit dari aplikasi autentikator"),
        max_length=6,
        min_length=6,
        validators=[RegexValidator(r"^[0-9]{6}$", _("Masukkan 6 angka."))],
        error_messages={
            "required": _("Masukkan kode 6 digit."),
            "min_length": _("Masukkan 6 angka."),
            "max_length": _("Masukkan 6 angka."),
        },
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg text-center font-monospace otp-code",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode pemulihan"),
        max_length=20,
        error_messages={"required": _("Masukkan salah satu kode pemulihan Anda.")},
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg text-center font-monospace",
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code = recovery.normalise(self.cleaned_data["code"])
        if len(code) != 8:
            raise forms.ValidationError(_("Kode pemulihan terdiri dari 8 huruf/angka."))
        return code


class DisableForm(forms.Form):
    """Turning two-factor off asks for the current password or a code from the app."""

    password = forms.CharField(
        label="Password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(
            attrs={"class": "form-control", "autocomplete": "current-password"}
        ),
    )
    code = forms.CharField(
        label=_("atau kode dari aplikasi"),
        required=False,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "class": "form-control font-monospace",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
            }
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("password") and not cleaned.get("code"):
            raise forms.ValidationError(_("Masukkan password Anda atau kode dari aplikasi."))
        return cleaned
