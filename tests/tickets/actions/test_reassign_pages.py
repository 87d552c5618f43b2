"""Lepas Tiket and Alihkan Tiket on the detail page (issue 14 item 2): who sees which form, the
posts and their notices, and a refused choice re-drawn with its error and nothing changed."""

from __future__ import annotations

import pytest
from django.test import Client

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.tickets.workflow import Status
from tests.support.factories import UserFactory
from tests.support.flow import Flow
from tests.tickets.actions.helpers import _fresh, _notices, _page, _post, _taken

pytestmark = pytest.mark.django_db

REASON = "Saya cuti mulai besok, mohon diambil rekan lain."


def _lead(flow: Flow) -> User:
    lead = UserFactory.create(username="ketua_mks", full_name="Ketua Makassar")
    TeamMembership.objects.create(team=flow.world.team_lpse, user=lead, is_lead=True)
    return lead


def test_the_assignee_sees_lepas_tiket_and_releases_with_a_reason(flow: Flow) -> None:
    world = flow.world
    ticket = _taken(world)
    client = Client()
    html = _page(client, world.staff_lpse, ticket)
    assert 'id="lepas"' in html and 'id="alihkan"' not in html
    assert 'id="lepas"' not in _page(Client(), flow.staff_lpse_2, ticket)

    short = _post(client, world.staff_lpse, "unassign", ticket, reason="cuti", revision=2)
    assert short.status_code == 422
    assert "Alasan minimal 15 karakter." in short.content.decode()
    assert _fresh(ticket).assignee_id == world.staff_lpse.pk

    done = _post(client, world.staff_lpse, "unassign", ticket, reason=REASON)
    assert done.status_code == 302
    assert _notices(done) == ["Tiket berhasil dilepas."]
    assert (_fresh(ticket).status, _fresh(ticket).assignee_id) == (Status.BARU, None)


def test_the_lead_reassigns_or_pulls_back_from_the_alihkan_form(flow: Flow) -> None:
    world = flow.world
    lead = _lead(flow)
    ticket = _taken(world)
    client = Client()
    html = _page(client, lead, ticket)
    assert 'id="alihkan"' in html and "Tarik ke antrean tim" in html
    assert f'value="{flow.staff_lpse_2.pk}"' in html
    assert 'id="alihkan"' not in _page(Client(), flow.staff_lpse_2, ticket)

    wrong = _post(client, lead, "reassign", ticket, assignee=world.helpdesk_lkpp.pk, reason=REASON)
    assert wrong.status_code == 422
    assert "Pilih petugas tujuan dari daftar." in wrong.content.decode()
    assert _fresh(ticket).assignee_id == world.staff_lpse.pk

    moved = _post(client, lead, "reassign", ticket, assignee=flow.staff_lpse_2.pk, reason=REASON)
    assert moved.status_code == 302 and _notices(moved) == ["Tiket berhasil dialihkan."]
    assert _fresh(ticket).assignee_id == flow.staff_lpse_2.pk

    pulled = _post(client, lead, "reassign", ticket, assignee="antrean", reason=REASON)
    assert pulled.status_code == 302
    assert _notices(pulled)[-1] == "Tiket berhasil ditarik ke antrean tim."
    assert (_fresh(ticket).status, _fresh(ticket).assignee_id) == (Status.BARU, None)
