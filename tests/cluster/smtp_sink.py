"""An SMTP server (aiosmtpd) that the cluster's workers send to during the cluster tests: it keeps
every accepted message and can hold one recipient's ``RCPT TO`` answer, so a test can kill the
worker that is sending that message before a single byte of it was accepted."""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Accepted:
    recipients: list[str]
    content: str


@dataclass
class Sink:
    messages: list[Accepted] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # The next RCPT TO for this address is answered only after ``release()`` (or 60 s).
    hold_address: str = ""
    holding: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def hold(self, address: str) -> None:
        self.released.clear()
        self.holding.clear()
        self.hold_address = address.lower()

    def release(self) -> None:
        self.hold_address = ""
        self.released.set()

    def containing(self, text: str, recipient: str) -> list[Accepted]:
        with self.lock:
            return [
                m
                for m in self.messages
                if text in m.content and recipient.lower() in (r.lower() for r in m.recipients)
            ]

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.hold_address and address.lower() == self.hold_address:
            self.hold_address = ""  # once
            self.holding.set()
            deadline = time.monotonic() + 60
            while not self.released.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        content = f"{message['Subject']}\n{body.get_content() if body else ''}"
        with self.lock:
            self.messages.append(Accepted(list(envelope.rcpt_tos), content))
        return "250 Message accepted for delivery"


def start_sink(port: int) -> tuple[Sink, Controller]:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per SMTP command
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    return sink, controller
