"""Templat Balasan services and selectors: lead-only management, scope, filling, usage count."""

from __future__ import annotations

import pytest

from lpse_support.core.errors import InvalidInput, NotFound
from lpse_support.faq.models import FaqArticle
from lpse_support.replies.models import ReplyTemplate
from lpse_support.replies.selectors import led_templates, usable_templates
from lpse_support.replies.services import (
    faq_link_text,
    reply_template_create,
    reply_template_fill,
    reply_template_set_active,
    reply_template_update,
)
from tests.replies.helpers import BODY, make_lead, make_template
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


def test_a_lead_creates_edits_and_deactivates_a_template(ticket_world: TicketWorld) -> None:
    world = ticket_world
    lead = make_lead(world.staff_lpse, world.team_lpse)
    template = reply_template_create(
        actor=lead, team_id=world.team_lpse.pk, application_id=None, title=" Cek ", body=BODY
    )
    assert (template.title, template.active, template.created_by) == ("Cek", True, lead)
    reply_template_update(
        actor=lead,
        template_id=template.pk,
        team_id=world.team_lpse.pk,
        application_id=world.spse.pk,
        title="Cek SPSE",
        body="Halo {nama_pelapor}",
    )
    template.refresh_from_db()
    assert (template.title, template.application, template.body) == (
        "Cek SPSE",
        world.spse,
        "Halo {nama_pelapor}",
    )
    reply_template_set_active(actor=lead, template_id=template.pk, active=False)
    template.refresh_from_db()
    assert template.active is False
    assert list(led_templates(lead)) == [template]


def test_a_member_who_is_not_lead_may_not_create(ticket_world: TicketWorld) -> None:
    world = ticket_world
    with pytest.raises(InvalidInput, match="bukan ketua tim"):
        reply_template_create(
            actor=world.staff_lpse,
            team_id=world.team_lpse.pk,
            application_id=None,
            title="Cek",
            body=BODY,
        )
    assert not ReplyTemplate.objects.exists()


def test_a_lead_may_not_create_for_or_edit_another_team(ticket_world: TicketWorld) -> None:
    world = ticket_world
    lead = make_lead(world.staff_lpse, world.team_lpse)
    with pytest.raises(InvalidInput, match="bukan ketua tim"):
        reply_template_create(
            actor=lead, team_id=world.team_lkpp.pk, application_id=None, title="X", body=BODY
        )
    other = make_template(world.team_other_lpse)
    with pytest.raises(NotFound):
        reply_template_update(
            actor=lead,
            template_id=other.pk,
            team_id=world.team_lpse.pk,
            application_id=None,
            title="Diambil",
            body=BODY,
        )
    with pytest.raises(NotFound):
        reply_template_set_active(actor=lead, template_id=other.pk, active=False)
    other.refresh_from_db()
    assert (other.team, other.title, other.active) == (
        world.team_other_lpse,
        "Sedang diperiksa",
        True,
    )
    assert other not in led_templates(lead)


def test_unknown_placeholder_and_duplicate_title_are_refused(ticket_world: TicketWorld) -> None:
    world = ticket_world
    lead = make_lead(world.staff_lpse, world.team_lpse)
    with pytest.raises(InvalidInput, match=r"Placeholder \{nama\} tidak dikenal"):
        reply_template_create(
            actor=lead, team_id=world.team_lpse.pk, application_id=None, title="X", body="{nama}"
        )
    make_template(world.team_lpse, title="Sama")
    with pytest.raises(InvalidInput, match="judul yang sama"):
        reply_template_create(
            actor=lead, team_id=world.team_lpse.pk, application_id=None, title="Sama", body=BODY
        )
    assert ReplyTemplate.objects.count() == 1


def test_usable_templates_are_the_viewers_teams_for_the_application(
    ticket_world: TicketWorld,
) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    general = make_template(world.team_lpse, title="Umum")
    for_spse = make_template(world.team_lpse, title="SPSE", application=world.spse)
    make_template(world.team_lpse, title="Aplikasi lain", application=world.other_app)
    make_template(world.team_lpse, title="Nonaktif", active=False)
    other_team = make_template(world.team_other_lpse, title="Tim lain")
    assert list(usable_templates(world.staff_lpse, ticket)) == [for_spse, general]
    assert list(usable_templates(world.reporter_a, ticket)) == []
    # Each viewer gets their own teams' templates only (the ticket itself is checked by the
    # caller through access_ticket: see the fill tests).
    assert list(usable_templates(world.staff_other_lpse, ticket)) == [other_team]


def test_fill_uses_this_ticket_and_counts_one_use(ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    template = make_template(world.team_lpse)
    text = reply_template_fill(
        actor=world.staff_lpse, ticket_number=ticket.number, template_id=template.pk
    )
    reporter = world.reporter_a.get_full_name()
    assert text == (
        f"Yth. {reporter}, tiket {ticket.number} ({world.spse.name}) sedang kami periksa. "
        f"— {world.staff_lpse.get_full_name()}"
    )
    reply_template_fill(
        actor=world.staff_lpse, ticket_number=ticket.number, template_id=template.pk
    )
    template.refresh_from_db()
    assert template.usage_count == 2


def test_fill_outside_scope_is_not_found_and_counts_nothing(ticket_world: TicketWorld) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    mine = make_template(world.team_lpse)
    theirs = make_template(world.team_other_lpse, title="Tim lain")
    # A ticket the other LPSE's staff cannot see.
    with pytest.raises(NotFound):
        reply_template_fill(
            actor=world.staff_other_lpse, ticket_number=ticket.number, template_id=theirs.pk
        )
    # Another team's template on a ticket I may see.
    with pytest.raises(NotFound):
        reply_template_fill(
            actor=world.staff_lpse, ticket_number=ticket.number, template_id=theirs.pk
        )
    # The reporter, on their own ticket.
    with pytest.raises(NotFound):
        reply_template_fill(
            actor=world.reporter_a, ticket_number=ticket.number, template_id=mine.pk
        )
    assert set(ReplyTemplate.objects.values_list("usage_count", flat=True)) == {0}


def test_faq_link_is_absolute_and_for_staff_only(
    ticket_world: TicketWorld, settings: object
) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    article = FaqArticle.objects.create(
        title="Cara unggah", slug="cara-unggah", body="…", application=world.spse
    )
    draft = FaqArticle.objects.create(title="Draf", slug="draf", body="…", published=False)
    text = faq_link_text(actor=world.staff_lpse, ticket_number=ticket.number, article_id=article.pk)
    assert text.startswith("Cara unggah: http") and text.endswith("/faq/artikel/cara-unggah/")
    with pytest.raises(NotFound):
        faq_link_text(actor=world.staff_lpse, ticket_number=ticket.number, article_id=draft.pk)
    with pytest.raises(NotFound):
        faq_link_text(actor=world.reporter_a, ticket_number=ticket.number, article_id=article.pk)
