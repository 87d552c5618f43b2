"""Templat Balasan writes: a lead's create/edit/(de)activate; filling one in (counted)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.catalog.models import Application
from lpse_support.core.errors import InvalidInput, NotFound
from lpse_support.core.links import absolute_url
from lpse_support.replies.models import BODY_MAX, TITLE_MAX, ReplyTemplate
from lpse_support.replies.placeholders import fill, placeholders_in
from lpse_support.replies.selectors import (
    faq_links,
    may_use_replies,
    ticket_values,
    usable_templates,
)
from lpse_support.tickets.access import access_ticket

TICKET_RELATIONS = ("team", "application", "reporter")


class TemplateNotFound(NotFound):
    """A template missing or not the caller's: the one ``not_found`` code, its own words."""

    message_template = _("Templat balasan tidak ditemukan.")


def _led(viewer: Viewer, template_id: int) -> ReplyTemplate:
    template = ReplyTemplate.objects.filter(
        pk=template_id, team_id__in=sorted(viewer.lead_team_ids)
    ).first()
    if template is None or not viewer.is_active:
        raise TemplateNotFound()
    return template


def _check(
    viewer: Viewer, *, team_id: int, application_id: int | None, title: str, body: str
) -> None:
    if not viewer.is_active or team_id not in viewer.lead_team_ids:
        raise InvalidInput(_("Anda bukan ketua tim ini."), field="team")
    if (
        application_id is not None
        and not Application.objects.filter(pk=application_id, active=True).exists()
    ):
        raise InvalidInput(_("Aplikasi tidak ditemukan."), field="application")
    if not title.strip():
        raise InvalidInput(_("Judul templat wajib diisi."), field="title")
    if len(title) > TITLE_MAX:
        raise InvalidInput(
            _("Judul templat paling banyak %(max)s karakter."), field="title", max=TITLE_MAX
        )
    if not body.strip():
        raise InvalidInput(_("Isi templat wajib diisi."), field="body")
    if len(body) > BODY_MAX:
        raise InvalidInput(
            _("Isi templat paling banyak %(max)s karakter."), field="body", max=BODY_MAX
        )
    placeholders_in(body)


def _save(template: ReplyTemplate) -> ReplyTemplate:
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError:
        raise InvalidInput(
            _("Tim ini sudah punya templat dengan judul yang sama."), field="title"
        ) from None
    return template


def reply_template_create(
    *, actor: ViewerOrUser, team_id: int, application_id: int | None, title: str, body: str
) -> ReplyTemplate:
    """A new active template of a team the actor leads; unknown placeholders are refused."""
    viewer = Viewer.of(actor)
    title = title.strip()
    _check(viewer, team_id=team_id, application_id=application_id, title=title, body=body)
    template = ReplyTemplate(
        team_id=team_id,
        application_id=application_id,
        title=title,
        body=body,
        created_by=viewer.user,
    )
    return _save(template)


def reply_template_update(
    *,
    actor: ViewerOrUser,
    template_id: int,
    team_id: int,
    application_id: int | None,
    title: str,
    body: str,
) -> ReplyTemplate:
    """Edit a template of a team the actor leads (into another team they lead, at most)."""
    viewer = Viewer.of(actor)
    template = _led(viewer, template_id)
    title = title.strip()
    _check(viewer, team_id=team_id, application_id=application_id, title=title, body=body)
    template.team_id = team_id
    template.application_id = application_id
    template.title = title
    template.body = body
    return _save(template)


def reply_template_set_active(
    *, actor: ViewerOrUser, template_id: int, active: bool
) -> ReplyTemplate:
    """Deactivate (hidden from the picker, kept with its count) or activate again."""
    template = _led(Viewer.of(actor), template_id)
    template.active = active
    template.save(update_fields=["active", "updated_at"])
    return template


def reply_template_fill(*, actor: ViewerOrUser, ticket_number: str, template_id: int) -> str:
    """The template's text for this ticket, and one more use counted. The ticket comes through
    ``access_ticket`` (404 outside scope); the template must be one ``usable_templates`` offers."""
    viewer = Viewer.of(actor)
    ticket = access_ticket(viewer, ticket_number, related=TICKET_RELATIONS)
    template = usable_templates(viewer, ticket).filter(pk=template_id).first()
    if template is None:
        raise TemplateNotFound()
    text = fill(template.body, ticket_values(ticket, viewer))
    ReplyTemplate.objects.filter(pk=template.pk).update(usage_count=F("usage_count") + 1)
    return text


def faq_link_text(*, actor: ViewerOrUser, ticket_number: str, article_id: int) -> str:
    """``Judul artikel: https://…/faq/artikel/<slug>/`` for an article the picker offers."""
    viewer = Viewer.of(actor)
    ticket = access_ticket(viewer, ticket_number, related=TICKET_RELATIONS)
    if not may_use_replies(viewer, ticket):
        raise NotFound()
    article = next((row for row in faq_links(viewer, ticket) if row.pk == article_id), None)
    if article is None:
        raise NotFound(_("Artikel FAQ tidak ditemukan."))
    return f"{article.title}: {absolute_url(reverse('faq:article', args=[article.slug]))}"
