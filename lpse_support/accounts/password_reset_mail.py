"""The "Lupa Password?" mail, sent by the background worker and not by the request: the page
does the same work (queue one task) whether or not the address belongs to an account, so neither
its answer nor its timing tells (docs/auth.md). Only the address and the language travel
through the queue; the single-use token is made when the mail is written."""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from lpse_support.accounts.forms_password import ResetMailForm
from lpse_support.core.request_id import bound as request_id_bound

SUBJECT_TEMPLATE = "accounts/password_reset/email_subject.txt"
BODY_TEMPLATE = "accounts/password_reset/email_body.txt"


@task()
def password_reset_mail_send(email: str, language: str, request_id: str = "") -> None:
    """A reset link to every active account of ``email`` with a usable password (Django's
    ``PasswordResetForm.get_users``); nothing for any other address. ``request_id``: the request
    that asked, for the worker's log lines (core/request_id.py)."""
    form = ResetMailForm(data={"email": email})
    if not form.is_valid():
        return
    with request_id_bound(request_id), translation.override(language):
        form.send_reset_mails(
            subject_template_name=SUBJECT_TEMPLATE, email_template_name=BODY_TEMPLATE
        )
