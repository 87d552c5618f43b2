""" "Lupa Password?" (issue 13 item 4): a mail with a single-use link that expires, the same answer
for every address, throttled per client address and per e-mail address; the new password passes
Django's validators, every other session of the account ends and a login lockout is lifted."""

from __future__ import annotations

import re
import smtplib
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lpse_support.accounts.models import User
from lpse_support.notifications.worker import Worker
from tests.support.factories import PASSWORD
from tests.support.password_mail import (
    RESET_DONE_URL,
    RESET_REQUEST_URL,
    link_path,
    reset_link,
    reset_mails_to,
)
from tests.support.users import fresh, make_user

pytestmark = pytest.mark.django_db

SITE = "https://lpse-support.example.go.id"
NEW_PASSWORD = "Sandi-Baru#2027"
LOGIN_URL = "/akun/masuk/"
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
INVALID_LINK = "Tautan reset password ini tidak berlaku"


@pytest.fixture(autouse=True)
def _mail_now_and_fresh_counters(settings: Any) -> None:
    """Tasks run at enqueue, mail goes to ``mail.outbox``; throttle counters start at zero."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = SITE
    cache.clear()


def ask_reset(client: Client, email: str, **extra: Any) -> Any:
    return client.post(RESET_REQUEST_URL, {"email": email}, **extra)


def set_new_password(client: Client, url: str, password: str = NEW_PASSWORD) -> Any:
    """Open the mail's link (Django moves the token into the session and redirects to the
    form) and submit ``password`` twice."""
    opened = client.get(link_path(url), follow=True)
    assert opened.status_code == 200
    assert "Buat password baru" in opened.content.decode()
    form_url = opened.redirect_chain[-1][0]
    return client.post(
        form_url, {"new_password1": password, "new_password2": password}, follow=True
    )


def can_log_in(username: str, password: str) -> bool:
    return Client().login(username=username, password=password)


def test_login_page_links_to_lupa_password() -> None:
    html = Client().get(LOGIN_URL).content.decode()
    assert f'<a href="{RESET_REQUEST_URL}">Lupa Password?</a>' in html
    page = Client().get(RESET_REQUEST_URL).content.decode()
    assert "Lupa Password?" in page and 'name="email"' in page


def test_mail_link_sets_a_new_password_and_the_user_logs_in_with_it() -> None:
    user = make_user(email="rina@makassarkota.go.id", full_name="Rina Pokja")
    response = ask_reset(Client(), "Rina@MakassarKota.go.id")
    assert (response.status_code, response["Location"]) == (302, RESET_DONE_URL)

    [message] = reset_mails_to("rina@makassarkota.go.id")
    assert message.subject == "[LPSE Support] Reset password akun Anda"
    body = str(message.body)
    assert body.startswith("Yth. Rina Pokja,")
    assert f"Username : {user.username}" in body
    assert "berlaku selama 60 menit" in body
    url = reset_link(message)

    done = set_new_password(Client(), url)
    assert done.redirect_chain[-1][0] == "/akun/reset/selesai/"
    assert "Password berhasil diubah" in done.content.decode()
    assert can_log_in(user.username, NEW_PASSWORD)
    assert not can_log_in(user.username, PASSWORD)


def test_a_link_works_once() -> None:
    user = make_user()
    ask_reset(Client(), user.email)
    url = reset_link(reset_mails_to(user.email)[0])
    set_new_password(Client(), url)

    again = Client().get(link_path(url), follow=True)
    assert INVALID_LINK in again.content.decode()
    assert 'name="new_password1"' not in again.content.decode()
    assert can_log_in(user.username, NEW_PASSWORD)


def test_an_expired_link_is_refused(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PASSWORD_RESET_TIMEOUT = 600
    user = make_user()
    ask_reset(Client(), user.email)
    url = reset_link(reset_mails_to(user.email)[0])
    assert "berlaku selama 10 menit" in str(reset_mails_to(user.email)[0].body)

    later = PasswordResetTokenGenerator()._now() + timedelta(seconds=601)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    client = Client()
    opened = client.get(link_path(url), follow=True)
    assert INVALID_LINK in opened.content.decode()
    # Posting to the form address directly changes nothing either.
    uidb64 = link_path(url).split("/")[3]
    client.post(
        f"/akun/reset/{uidb64}/set-password/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert can_log_in(user.username, PASSWORD)


def test_unknown_address_gets_the_same_answer_and_no_mail() -> None:
    user = make_user(email="ada@contoh.go.id")
    known, unknown = Client(), Client()
    answer_known = ask_reset(known, user.email)
    answer_unknown = ask_reset(unknown, "tidak-ada@contoh.go.id")
    assert (answer_known.status_code, answer_known["Location"]) == (
        answer_unknown.status_code,
        answer_unknown["Location"],
    )
    page_known = CSRF_VALUE.sub("", known.get(RESET_DONE_URL).content.decode())
    page_unknown = CSRF_VALUE.sub("", unknown.get(RESET_DONE_URL).content.decode())
    assert page_known == page_unknown
    assert "Bila alamat tersebut terdaftar" in page_known
    assert [m.to for m in mail.outbox] == [[user.email]]


@pytest.mark.parametrize("account", ["no usable password (Inaproc)", "inactive"])
def test_accounts_that_cannot_reset_get_no_mail(account: str) -> None:
    user = make_user()
    if account == "inactive":
        user.is_active = False
    else:
        user.set_unusable_password()
    user.save()
    response = ask_reset(Client(), user.email)
    assert response["Location"] == RESET_DONE_URL
    assert mail.outbox == []


def test_the_request_only_queues_the_mail_and_the_queue_holds_no_token(settings: Any) -> None:
    """Known or unknown, the request does the same work: one task row with the address, the
    language and the request's id (for the worker's log lines). The token is made by the worker
    when it writes the mail."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = make_user()
    ask_reset(Client(), user.email, HTTP_X_REQUEST_ID="proxy-req-0001")
    ask_reset(Client(), "tidak-ada@contoh.go.id", HTTP_X_REQUEST_ID="proxy-req-0002")
    assert mail.outbox == []
    rows = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [row.args_kwargs["kwargs"] for row in rows] == [
        {"email": user.email, "language": "id", "request_id": "proxy-req-0001"},
        {"email": "tidak-ada@contoh.go.id", "language": "id", "request_id": "proxy-req-0002"},
    ]


def test_a_forged_host_header_does_not_change_the_link(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["*"]  # a permissive proxy forwards whatever Host it gets
    user = make_user()
    ask_reset(Client(), user.email, HTTP_HOST="evil.example", HTTP_X_FORWARDED_HOST="evil.example")
    [message] = reset_mails_to(user.email)
    assert "evil.example" not in str(message.body)
    assert reset_link(message).startswith(f"{SITE}/akun/reset/")


def test_throttled_per_client_address_with_the_same_answer(settings: Any) -> None:
    settings.PASSWORD_RESET_LIMIT_PER_IP = 5
    users = [make_user() for _ in range(6)]
    client = Client(REMOTE_ADDR="10.1.2.3")
    answers = [ask_reset(client, user.email) for user in users]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, RESET_DONE_URL)}
    assert [m.to for m in mail.outbox] == [[user.email] for user in users[:5]]
    # Another address is not held back.
    ask_reset(Client(REMOTE_ADDR="10.9.9.9"), users[5].email)
    assert reset_mails_to(users[5].email)


def test_throttled_per_email_address_across_client_addresses(settings: Any) -> None:
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 5
    user = make_user(email="sasaran@contoh.go.id")
    for index in range(7):
        answer = ask_reset(Client(REMOTE_ADDR=f"10.0.0.{index}"), "SASARAN@contoh.go.id")
        assert answer["Location"] == RESET_DONE_URL
    assert len(reset_mails_to(user.email)) == 5


def test_the_new_password_passes_the_validators_with_indonesian_messages() -> None:
    user = make_user(username="budi_pokja")
    ask_reset(Client(), user.email)
    url = reset_link(reset_mails_to(user.email)[0])
    client = Client()
    opened = client.get(link_path(url), follow=True)
    form_url = opened.redirect_chain[-1][0]
    cases = {
        "12345678": "Kata sandi ini seluruhnya terdiri dari angka.",
        "Ab#1": "Kata sandi terlalu pendek. Harus mengandung setidaknya 8 karakter.",
        "password123": "Kata sandi ini terlalu umum.",
    }
    for password, message in cases.items():
        refused = client.post(form_url, {"new_password1": password, "new_password2": password})
        assert refused.status_code == 200
        assert message in refused.content.decode(), password
    mismatch = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert "Kedua password baru tidak sama." in mismatch.content.decode()
    # (Not a login: a login changes last_login, which Django's token includes — the link would
    # stop working, as it should after a successful login.)
    assert fresh(user).check_password(PASSWORD)
    # The link still works after refusals (nothing was changed).
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert can_log_in(user.username, NEW_PASSWORD)


def test_every_other_session_ends_after_a_reset() -> None:
    user = make_user()
    elsewhere = Client()
    assert elsewhere.login(username=user.username, password=PASSWORD)
    assert elsewhere.get("/akun/profil/").status_code == 200

    ask_reset(Client(), user.email)
    set_new_password(Client(), reset_link(reset_mails_to(user.email)[0]))

    after = elsewhere.get("/akun/profil/")
    assert after.status_code == 302 and after["Location"].startswith(LOGIN_URL)


def test_a_reset_lifts_the_login_lockout(settings: Any) -> None:
    settings.AXES_ENABLED = True
    user = make_user()
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(LOGIN_URL, {"username": user.username, "password": "salah"})
    locked = attacker.post(LOGIN_URL, {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert f'<a href="{RESET_REQUEST_URL}">Lupa Password?</a>' in locked.content.decode()
    assert AccessAttempt.objects.filter(username=user.username).exists()

    ask_reset(Client(), user.email)
    set_new_password(Client(), reset_link(reset_mails_to(user.email)[0]))

    assert not AccessAttempt.objects.filter(username=user.username).exists()
    back = attacker.post(LOGIN_URL, {"username": user.username, "password": NEW_PASSWORD})
    assert back.status_code == 302


def test_the_mail_speaks_the_language_of_the_request() -> None:
    user = make_user()
    client = Client()
    client.cookies["django_language"] = "en"
    ask_reset(client, user.email)
    [message] = reset_mails_to(user.email)
    assert message.subject == "[LPSE Support] Reset the password of your account"
    assert fresh(user).check_password(PASSWORD)


def test_an_invalid_address_is_explained_and_sends_nothing() -> None:
    response = ask_reset(Client(), "bukan-alamat")
    assert response.status_code == 200
    assert "Alamat e-mail tidak valid." in response.content.decode()
    assert mail.outbox == []
    assert User.objects.count() == 0


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPDataError(554, b"Transaction failed")


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_queued_mail_and_a_refused_one_fails_its_task(
    settings: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = make_user()
    ask_reset(Client(), user.email)
    assert mail.outbox == []
    worker = Worker(worker_id="uji")
    assert worker.tick() is True
    [message] = reset_mails_to(user.email)
    set_new_password(Client(), reset_link(message))
    assert can_log_in(user.username, NEW_PASSWORD)

    settings.EMAIL_BACKEND = f"{__name__}.RefusingEmailBackend"
    ask_reset(Client(), user.email)
    worker.tick()
    row = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert row is not None and row.status == TaskResultStatus.FAILED
