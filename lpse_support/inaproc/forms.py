"""The "Hubungkan akun" form, where the local account's password is proven once."""

from __future__ import annotations

from django import forms


class LinkPasswordForm(forms.Form):
    # "Password" is the guide's own label (as on the login form), not passed through gettext.
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "form-control", "autofocus": True}
        ),
    )
