"""Workflow staleness and replays (issue 10, rows 10–12; docs/security.md).

Row 10: a form drawn before the ticket moved must not act on it, even when the status came back
to the one the form was drawn for (resolve, then reject: DIKERJAKAN again). Row 11: auto-confirm
must skip, not abort on, a ticket changed during its run, and never confirm a resolution newer
than its cut-off. Row 12: an idempotency key replays the one request it served and refuses any
other (another action, ticket, actor or body) with 422.

Written against the behaviour (status codes, envelope ``code`` strings, messages), not against
new classes, so each test also runs — and fails — on the code before the fix."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lpse_support.accounts.models import User
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services._base import acting_on
from lpse_support.tickets.services.ticket_reclassify import ticket_reclassify
from lpse_support.tickets.services.ticket_resolution import (
    auto_confirm_due,
    ticket_reject,
    ticket_resolve,
)
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.support.api import BASE, api_client, create_form
from tests.support.flow import Flow, build_flow
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.users import fresh

MSG = "Mohon lampirkan tangkapan layar galat saat mengunggah dokumen."
CHANGED = "Tiket telah berubah sejak halaman dibuka"
REUSED = "Kunci idempotensi sudah dipakai untuk permintaan lain"


@pytest.fixture
def flow(ticket_world: TicketWorld) -> Flow:
    return build_flow(ticket_world)


def _url(name: str, number: str) -> str:
    return reverse(f"tickets:{name}", args=[number])


def _page(client: Client, user: User, number: str) -> str:
    client.force_login(user)
    response = client.get(_url("detail", number))
    assert response.status_code == 200
    return response.content.decode()


def _form_field(html: str, action: str, name: str) -> str:
    """The value of hidden input ``name`` inside the form posting to ``action``."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', html, re.S)
    assert form, f"no form for {action}"
    found = re.search(rf'name="{name}" value="([^"]*)"', form.group(0))
    assert found, f"the form for {action} carries no {name}"
    return found.group(1)


def _taken(world: TicketWorld) -> Ticket:
    ticket = make_ticket(world)
    ticket_take(ticket_number=ticket.number, actor=world.staff_lpse)
    return ticket


def _resolve_then_reject(world: TicketWorld, number: str) -> None:
    """The ticket leaves DIKERJAKAN and comes back to it: its status is the same again."""
    ticket_resolve(ticket_number=number, actor=world.staff_lpse, message=MSG)
    ticket_reject(ticket_number=number, actor=world.reporter_a, message=MSG)


def _events(number: str, action: Action) -> int:
    return TicketEvent.objects.filter(ticket__number=number, action=action).count()


# --- row 10: stale forms, page -----------------------------------------------------------------


def test_stale_feedback_form_is_refused_and_the_page_drawn_again(
    client: Client, ticket_world: TicketWorld
) -> None:
    w = ticket_world
    number = _taken(w).number
    work_url = _url("work", number)
    html = _page(client, w.staff_lpse, number)
    seen = _form_field(html, work_url, "revision")
    key = _form_field(html, work_url, "idempotency_key")

    _resolve_then_reject(w, number)  # meanwhile, in other tabs
    assert Ticket.objects.get(number=number).status == Status.DIKERJAKAN

    data = {"tindakan": "request_feedback", "message": MSG, "idempotency_key": key}
    response = client.post(work_url, {**data, "revision": seen})
    assert response.status_code == 409
    page = response.content.decode()
    assert CHANGED in page
    assert MSG in page  # what was typed is kept
    current = str(Ticket.objects.get(number=number).revision)
    assert _form_field(page, work_url, "revision") == current != seen
    assert Ticket.objects.get(number=number).status == Status.DIKERJAKAN
    assert _events(number, Action.REQUEST_FEEDBACK) == 0

    # Sent again from the page drawn now, it is a decision taken on the current state.
    again = client.post(work_url, {**data, "revision": current})
    assert again.status_code == 302
    assert Ticket.objects.get(number=number).status == Status.MENUNGGU_FEEDBACK


def test_stale_form_sent_by_htmx_makes_the_page_reload(
    client: Client, ticket_world: TicketWorld
) -> None:
    w = ticket_world
    number = _taken(w).number
    html = _page(client, w.staff_lpse, number)
    seen = _form_field(html, _url("work", number), "revision")
    _resolve_then_reject(w, number)

    response = client.post(
        _url("work", number),
        {"tindakan": "resolve", "message": MSG, "revision": seen},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert response["HX-Refresh"] == "true"
    assert Ticket.objects.get(number=number).status == Status.DIKERJAKAN
    reloaded = client.get(_url("detail", number)).content.decode()
    assert CHANGED in reloaded  # the message waited for the reload


def test_take_from_a_stale_list_card_is_refused_and_names_the_taker(
    client: Client, flow: Flow
) -> None:
    w = flow.world
    number = make_ticket(w).number
    client.force_login(w.staff_lpse)
    listing = client.get(reverse("tickets:list"), {"tab": "masuk"}).content.decode()
    take_url = _url("take", number)
    seen = _form_field(listing, take_url, "revision")
    key = _form_field(listing, take_url, "idempotency_key")

    ticket_take(ticket_number=number, actor=flow.staff_lpse_2)

    response = client.post(take_url, {"idempotency_key": key, "revision": seen})
    assert response.status_code == 409
    page = response.content.decode()
    assert CHANGED in page
    assert f"Tiket sudah diambil oleh {flow.staff_lpse_2.get_full_name()}" in page
    assert Ticket.objects.get(number=number).assignee_id == flow.staff_lpse_2.pk


def test_comment_from_a_stale_page_is_still_accepted(
    client: Client, ticket_world: TicketWorld
) -> None:
    """Decision pin (passes before and after the fix): a Diskusi message changes no state, so
    its form carries no revision and a reply written while the ticket moved is still posted."""
    w = ticket_world
    number = _taken(w).number
    html = _page(client, w.reporter_a, number)
    key = _form_field(html, _url("comment", number), "idempotency_key")
    _resolve_then_reject(w, number)
    response = client.post(_url("comment", number), {"message": MSG, "idempotency_key": key})
    assert response.status_code == 302
    assert _events(number, Action.COMMENT) == 1


# --- row 10: stale requests, API ---------------------------------------------------------------


def test_api_action_with_a_stale_if_match_is_409_and_changes_nothing(
    ticket_world: TicketWorld,
) -> None:
    w = ticket_world
    number = _taken(w).number
    api = api_client(w.staff_lpse)
    seen = api.get(f"{BASE}/{number}").json()["revision"]
    _resolve_then_reject(w, number)

    url = f"{BASE}/{number}/request-feedback"
    stale = api.post(url, {"message": MSG}, headers={"If-Match": f'"{seen}"'})
    assert stale.status_code == 409, stale.content
    body = stale.json()
    assert body["code"] == "ticket_changed"
    assert body["detail"].startswith(CHANGED)
    assert set(body) == {"detail", "code", "field"}
    assert _events(number, Action.REQUEST_FEEDBACK) == 0

    current = api.get(f"{BASE}/{number}").json()["revision"]
    assert current != seen
    fresh_answer = api.post(url, {"message": MSG}, headers={"If-Match": f'"{current}"'})
    assert fresh_answer.status_code == 200, fresh_answer.content
    assert fresh_answer.json()["revision"] == current + 1


def test_api_without_if_match_behaves_as_before_and_a_bad_one_is_422(
    ticket_world: TicketWorld,
) -> None:
    w = ticket_world
    number = _taken(w).number
    api = api_client(w.staff_lpse)
    assert "revision" in api.get(f"{BASE}/{number}").json()
    bad = api.post(f"{BASE}/{number}/resolve", {"message": MSG}, headers={"If-Match": "kemarin"})
    assert bad.status_code == 422, bad.content
    assert bad.json()["field"] == "If-Match"
    assert Ticket.objects.get(number=number).status == Status.DIKERJAKAN
    plain = api.post(f"{BASE}/{number}/resolve", {"message": MSG})
    assert plain.status_code == 200
    assert Ticket.objects.get(number=number).status == Status.MENUNGGU_KONFIRMASI


# --- row 10: the guard itself, under concurrency and against a writer that skipped the lock ----


@pytest.mark.needs_file_db
@pytest.mark.django_db(transaction=True)
def test_two_changes_from_the_same_revision_one_wins(ticket_world: TicketWorld) -> None:
    """Two reclassifications keep the status (DIKERJAKAN → DIKERJAKAN): only the revision tells
    that the second was decided on a ticket that is gone. Real threads, one connection each."""
    w = ticket_world
    number = _taken(w).number
    seen = Ticket.objects.get(number=number).revision
    targets = [w.subcategory.pk, w.deadline_subcategory.pk]
    barrier = threading.Barrier(2)
    outcomes: list[BaseException | None] = []
    lock = threading.Lock()

    def work(subcategory_id: int) -> None:
        outcome: BaseException | None = None
        try:
            barrier.wait(timeout=30)
            ticket_reclassify(
                ticket_number=number,
                actor=fresh(w.staff_lpse),
                subcategory_id=subcategory_id,
                expected_revision=seen,
            )
        except BaseException as exc:  # judged below; a thread must not die silently
            outcome = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=work, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == 2
    errors = [outcome for outcome in outcomes if outcome is not None]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], InvalidTransition), errors[0]
    assert errors[0].code == "ticket_changed"
    assert _events(number, Action.RECLASSIFY) == 1
    assert Ticket.objects.get(number=number).revision == seen + 1


def test_the_conditional_update_catches_a_writer_that_skipped_the_lock(
    ticket_world: TicketWorld,
) -> None:
    w = ticket_world
    number = _taken(w).number
    acting = acting_on(ticket_number=number, actor=w.staff_lpse, action=Action.RECLASSIFY)
    with pytest.raises(InvalidTransition) as refused, acting as act:
        assert act is not None
        # Another writer changes the row under us without the lock (same status).
        Ticket.objects.filter(number=number).update(revision=F("revision") + 1)
        act.ticket.subcategory = w.deadline_subcategory
        act.save("subcategory")
    assert refused.value.code == "ticket_changed"
    assert Ticket.objects.get(number=number).subcategory_id == w.subcategory.pk


# --- row 11: auto-confirm ----------------------------------------------------------------------


def _waiting(world: TicketWorld, days_ago: float) -> str:
    number = _taken(world).number
    ticket_resolve(ticket_number=number, actor=world.staff_lpse, message=MSG)
    Ticket.objects.filter(number=number).update(
        resolved_at=timezone.now() - timedelta(days=days_ago)
    )
    return number


@contextmanager
def _after_listing(change: Callable[[], object]) -> Iterator[None]:
    """Run ``change`` as if by another user right after the auto-confirm run has listed its
    tickets (the query on ``resolved_at``), before it confirms the first one."""
    state = {"listed": False, "changed": False}

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if state["listed"] and not state["changed"]:
            state["changed"] = True
            change()
        result = execute(sql, params, many, context)
        if '"resolved_at" <=' in sql and not state["listed"]:
            state["listed"] = True
        return result

    with connection.execute_wrapper(wrapper):
        yield
    assert state["changed"], "the run never got past its listing"


def test_auto_confirm_skips_a_ticket_changed_mid_run_and_confirms_the_others(
    ticket_world: TicketWorld,
) -> None:
    w = ticket_world
    first, changed, last = (_waiting(w, days) for days in (12, 11, 10))
    with _after_listing(
        lambda: ticket_reject(ticket_number=changed, actor=w.reporter_a, message=MSG)
    ):
        done = auto_confirm_due()
    assert sorted(done) == sorted([first, last])
    statuses = dict(Ticket.objects.values_list("number", "status"))
    assert statuses[first] == statuses[last] == Status.SELESAI
    assert statuses[changed] == Status.DIKERJAKAN
    assert _events(changed, Action.AUTO_CONFIRM) == 0


def test_auto_confirm_never_confirms_a_ticket_re_resolved_during_the_run(
    ticket_world: TicketWorld,
) -> None:
    w = ticket_world
    old, reresolved = _waiting(w, 12), _waiting(w, 11)

    def reject_and_resolve_again() -> None:
        ticket_reject(ticket_number=reresolved, actor=w.reporter_a, message=MSG)
        ticket_resolve(ticket_number=reresolved, actor=w.staff_lpse, message=MSG)

    with _after_listing(reject_and_resolve_again):
        done = auto_confirm_due()
    assert done == [old]
    ticket = Ticket.objects.get(number=reresolved)
    assert ticket.status == Status.MENUNGGU_KONFIRMASI  # its clock restarted seconds ago
    assert _events(reresolved, Action.AUTO_CONFIRM) == 0


# --- row 12: idempotency keys, page ------------------------------------------------------------


def test_page_key_reused_for_another_action_is_422_and_the_same_request_stays_a_no_op(
    client: Client, ticket_world: TicketWorld
) -> None:
    w = ticket_world
    number = make_ticket(w).number
    key = str(uuid.uuid4())
    client.force_login(w.staff_lpse)
    assert client.post(_url("take", number), {"idempotency_key": key}).status_code == 302
    assert client.post(_url("take", number), {"idempotency_key": key}).status_code == 302
    assert _events(number, Action.TAKE) == 1

    response = client.post(
        _url("work", number), {"tindakan": "resolve", "message": MSG, "idempotency_key": key}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert REUSED in page
    renewed = _form_field(page, _url("work", number), "idempotency_key")
    assert uuid.UUID(renewed) != uuid.UUID(key)  # sending the form again is a new request
    assert Ticket.objects.get(number=number).status == Status.DIKERJAKAN


def test_page_key_reused_on_another_ticket_or_by_another_actor_is_422(
    client: Client, flow: Flow
) -> None:
    w = flow.world
    first, second = make_ticket(w).number, make_ticket(w).number
    key = str(uuid.uuid4())
    client.force_login(w.staff_lpse)
    assert client.post(_url("take", first), {"idempotency_key": key}).status_code == 302

    other_ticket = client.post(_url("take", second), {"idempotency_key": key})
    client.force_login(flow.staff_lpse_2)
    other_actor = client.post(_url("take", second), {"idempotency_key": key})
    for response in (other_ticket, other_actor):
        assert response.status_code == 422
        assert REUSED in response.content.decode()
    assert Ticket.objects.get(number=second).status == Status.BARU


def test_page_create_key_reused_with_another_body_is_422(
    client: Client, ticket_world: TicketWorld
) -> None:
    w = ticket_world
    key = str(uuid.uuid4())
    data = {
        "title": "Gagal unggah dokumen penawaran",
        "application": w.spse.pk,
        "version": w.spse_version.pk,
        "category": w.category.pk,
        "subcategory": w.subcategory.pk,
        "description": "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB.",
        "idempotency_key": key,
    }
    client.force_login(w.reporter_a)
    assert client.post("/tiket/baru/", data).status_code == 302
    assert client.post("/tiket/baru/", data).status_code == 302  # a double submit
    assert Ticket.objects.count() == 1

    edited = client.post("/tiket/baru/", {**data, "title": "Judul yang sudah diubah"})
    assert edited.status_code == 422
    html = edited.content.decode()
    assert REUSED in html
    renewed = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', html)
    assert renewed and renewed.group(1) != key
    assert Ticket.objects.count() == 1


# --- row 12: idempotency keys, API -------------------------------------------------------------


def test_api_key_reused_for_another_action_is_422(ticket_world: TicketWorld) -> None:
    w = ticket_world
    number = make_ticket(w).number
    api = api_client(w.staff_lpse)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    assert api.post(f"{BASE}/{number}/take", headers=key).status_code == 200
    assert api.post(f"{BASE}/{number}/take", headers=key).status_code == 200
    reused = api.post(f"{BASE}/{number}/resolve", {"message": MSG}, headers=key)
    assert reused.status_code == 422, reused.content
    assert reused.json()["code"] == "idempotency_key_reused"
    assert reused.json()["detail"].startswith(REUSED)
    assert reused.json()["field"] == "Idempotency-Key"
    assert Ticket.objects.get(number=number).status == Status.DIKERJAKAN
    assert _events(number, Action.TAKE) == 1


def test_api_create_key_reused_with_another_body_is_422(ticket_world: TicketWorld) -> None:
    w = ticket_world
    api = api_client(w.reporter_a)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    assert api.post(BASE, create_form(w), headers=key).status_code == 201
    assert api.post(BASE, create_form(w), headers=key).status_code == 200
    other = api.post(BASE, create_form(w, title="Judul lain sama sekali"), headers=key)
    assert other.status_code == 422, other.content
    assert other.json()["code"] == "idempotency_key_reused"
    assert Ticket.objects.count() == 1
    assert Ticket.objects.get().title == "Gagal mengunduh dokumen pemilihan"
