"""``/api/v1/tickets/{number}/reply-templates``: the Templat Balasan and FAQ links usable on a
ticket, and one template filled in for it (counted as used) — the replies app's selectors and
services, thin."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Router, Schema
from pydantic import ConfigDict, Field
from pydantic.json_schema import JsonDict

from lpse_support.api.auth import API_AUTH
from lpse_support.api.routers.ticket_params import ERRORS, caller
from lpse_support.api.schemas_common import MAX_ID, ErrorOut, RefOut
from lpse_support.core.links import absolute_url
from lpse_support.replies.selectors import faq_links, may_use_replies, usable_templates
from lpse_support.replies.services import TICKET_RELATIONS, reply_template_fill
from lpse_support.tickets.access import access_ticket

router = Router(auth=API_AUTH)

FAQ_EXAMPLE: JsonDict = {
    "id": 7,
    "title": "Cara mengunggah dokumen penawaran",
    "url": "https://lpse-support.lkpp.go.id/faq/artikel/unggah-penawaran/",
}
FILLED_EXAMPLE = "Yth. Budi Santoso, terkait tiket S-P-20260101-0001 mohon kirim tangkapan layar."


class ReplyTemplateOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "title": "Mohon kirim tangkapan layar",
                    "team": {"id": 4, "name": "Helpdesk LPSE Kota Makassar"},
                    "application": {"id": 1, "name": "SPSE"},
                }
            ]
        }
    )

    id: int = Field(examples=[3])
    title: str = Field(examples=["Mohon kirim tangkapan layar"])
    team: RefOut
    application: RefOut | None = None


class FaqLinkOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [FAQ_EXAMPLE]})

    id: int = Field(examples=[7])
    title: str = Field(examples=["Cara mengunggah dokumen penawaran"])
    url: str = Field(examples=["https://lpse-support.lkpp.go.id/faq/artikel/unggah-penawaran/"])


class ReplyChoicesOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "templates": [
                        {
                            "id": 3,
                            "title": "Mohon kirim tangkapan layar",
                            "team": {"id": 4, "name": "Helpdesk LPSE Kota Makassar"},
                            "application": None,
                        }
                    ],
                    "faq_links": [FAQ_EXAMPLE],
                }
            ]
        }
    )

    templates: list[ReplyTemplateOut]
    faq_links: list[FaqLinkOut]


class FilledReplyOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"text": FILLED_EXAMPLE}]})

    text: str = Field(examples=[FILLED_EXAMPLE])


@router.get(
    "/{number}/reply-templates",
    response={200: ReplyChoicesOut, **ERRORS},
    summary="Templat balasan untuk tiket",
    description="The active templates of the caller's teams that fit the ticket's application, "
    "and the FAQ articles that may be inserted as links; empty for the ticket's reporter. 404 "
    "when the ticket is outside the caller's scope.",
)
def list_reply_templates(request: HttpRequest, number: str) -> ReplyChoicesOut:
    viewer = caller(request)
    ticket = access_ticket(viewer, number, related=TICKET_RELATIONS)
    if not may_use_replies(viewer, ticket):
        return ReplyChoicesOut(templates=[], faq_links=[])
    templates = [
        ReplyTemplateOut(
            id=row.pk,
            title=row.title,
            team=RefOut(id=row.team.pk, name=row.team.name),
            application=RefOut(id=row.application.pk, name=row.application.name)
            if row.application
            else None,
        )
        for row in usable_templates(viewer, ticket)
    ]
    links = [
        FaqLinkOut(
            id=article.pk,
            title=article.title,
            url=absolute_url(reverse("faq:article", args=[article.slug])),
        )
        for article in faq_links(viewer, ticket)
    ]
    return ReplyChoicesOut(templates=templates, faq_links=links)


@router.post(
    "/{number}/reply-templates/{template_id}/fill",
    # 422: a template id that is no number in range (the path is typed).
    response={200: FilledReplyOut, 422: ErrorOut, **ERRORS},
    summary="Isi templat balasan untuk tiket",
    description="The template's text with its placeholders filled for this ticket; counts one "
    "use of the template. 404 when the ticket or the template is outside the caller's scope.",
)
def fill_reply_template(
    request: HttpRequest, number: str, template_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> FilledReplyOut:
    text = reply_template_fill(actor=caller(request), ticket_number=number, template_id=template_id)
    return FilledReplyOut(text=text)
