"""Why an Inaproc sign-in was refused, each a coded ApplicationError with an Indonesian message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lpse_support.core.errors import ApplicationError


class InaprocError(ApplicationError):
    """An Inaproc sign-in did not go through; nothing was created and nobody is logged in."""

    code = "inaproc_refused"
    http_status = 400
    message_template = _("Masuk dengan Inaproc gagal. Silakan coba lagi.")


class InaprocUnavailable(InaprocError):
    """Discovery, keys, token or userinfo endpoint unreachable, slow or answering an error."""

    code = "inaproc_unavailable"
    http_status = 503
    message_template = _(
        "Layanan Inaproc sedang tidak dapat dihubungi. Silakan coba beberapa saat lagi, "
        "atau masuk dengan username dan password."
    )


class InaprocTokenRejected(InaprocError):
    """The answer failed a check: state, signature, algorithm, issuer, audience, expiry, nonce."""

    code = "inaproc_token_rejected"
    message_template = _(
        "Jawaban dari Inaproc tidak dapat diverifikasi. Silakan ulangi masuk dengan Inaproc."
    )


class EmailNotVerified(InaprocError):
    code = "inaproc_email_not_verified"
    message_template = _(
        "Email akun Inaproc Anda sudah dipakai oleh akun LPSE Support, tetapi belum "
        "terverifikasi di Inaproc. Verifikasi email di Inaproc atau hubungi admin LPSE Support."
    )


class AccountAlreadyLinked(InaprocError):
    code = "inaproc_already_linked"
    message_template = _(
        "Akun LPSE Support dengan email ini sudah terhubung dengan akun Inaproc lain. "
        "Hubungi admin LPSE Support."
    )


class AccountNotLinkable(InaprocError):
    """The local account cannot prove a password (none set, inactive) or the address is shared."""

    code = "inaproc_not_linkable"
    message_template = _(
        "Akun LPSE Support dengan email ini tidak dapat dihubungkan otomatis. "
        "Hubungi admin LPSE Support."
    )


class LinkExpired(InaprocError):
    code = "inaproc_link_expired"
    message_template = _("Permintaan menghubungkan akun sudah kedaluwarsa. Silakan ulangi.")


class AccountInactive(InaprocError):
    code = "inaproc_account_inactive"
    message_template = _("Akun LPSE Support Anda tidak aktif. Hubungi admin LPSE Support.")
