"""Reading the "Lupa Password?" mail out of ``django.core.mail.outbox`` and following its link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage

RESET_REQUEST_URL = "/akun/lupa-password/"
RESET_DONE_URL = "/akun/lupa-password/terkirim/"


def reset_mails_to(address: str) -> list[EmailMessage]:
    return [message for message in mail.outbox if address in message.to]


def reset_link(message: EmailMessage) -> str:
    """The one link of a reset mail: absolute, on ``SITE_URL``."""
    links = re.findall(r"\S+://\S+", str(message.body))
    assert len(links) == 1, message.body
    assert links[0].startswith(settings.SITE_URL + "/akun/reset/"), links[0]
    return str(links[0])


def link_path(url: str) -> str:
    """The path of an absolute link on this site, for the test client."""
    return urlsplit(url).path
