"""Forms of the account pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

# One answer for every refused login, so the form never tells whether a username exists.
INVALID_LOGIN_MESSAGE = _("Username atau password salah.")


class LoginForm(AuthenticationForm):
    """Username + password. ``LoginView`` passes the request, which django-axes needs."""

    # "Username" and "Password" are the guide's own labels and read the same in English; they are
    # not passed through gettext because Django's Indonesian catalog would turn "Password" into
    # "Kata sandi".
    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
                "class": "form-control",
            }
        ),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "form-control"}
        ),
    )

    error_messages = {
        "invalid_login": INVALID_LOGIN_MESSAGE,
        "inactive": INVALID_LOGIN_MESSAGE,
    }

    def get_invalid_login_error(self) -> forms.ValidationError:
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
