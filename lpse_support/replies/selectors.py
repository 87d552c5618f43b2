"""Templates and FAQ links usable on a ticket, templates a lead manages, placeholder values."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.faq.models import FaqArticle
from lpse_support.faq.selectors import in_list_order, visible_articles
from lpse_support.replies.models import ReplyTemplate
from lpse_support.tickets.models import Ticket

# The FAQ articles the picker offers at most (the ticket's application first, then general ones).
FAQ_LINKS_MAX = 30


def usable_templates(who: ViewerOrUser, ticket: Ticket) -> QuerySet[ReplyTemplate]:
    """The active templates of the viewer's own active teams that fit the ticket's application
    (or have none). The caller has found ``ticket`` through ``access_ticket``; a reporter, a
    supervisor or an admin outside the teams gets none."""
    viewer = Viewer.of(who)
    if not viewer.is_active or ticket.reporter_id == viewer.pk:
        return ReplyTemplate.objects.none()
    return (
        ReplyTemplate.objects.filter(active=True, team_id__in=viewer.team_ids)
        .filter(Q(application__isnull=True) | Q(application_id=ticket.application_id))
        .select_related("team", "application")
        .order_by("title", "pk")
    )


def may_use_replies(who: ViewerOrUser, ticket: Ticket) -> bool:
    """The picker is for the ticket's staff: a member of a team, never on their own ticket."""
    viewer = Viewer.of(who)
    return viewer.is_active and viewer.is_support_staff and ticket.reporter_id != viewer.pk


def faq_links(who: ViewerOrUser, ticket: Ticket) -> QuerySet[FaqArticle]:
    """Published FAQ articles (drafts too for an admin) of the ticket's application or of none."""
    articles = visible_articles(who).filter(
        Q(application__isnull=True) | Q(application_id=ticket.application_id)
    )
    return in_list_order(articles)[:FAQ_LINKS_MAX]


def led_templates(who: ViewerOrUser) -> QuerySet[ReplyTemplate]:
    """Every template (inactive too) of the teams the viewer leads: the management page's list."""
    viewer = Viewer.of(who)
    return ReplyTemplate.objects.filter(team_id__in=sorted(viewer.lead_team_ids)).select_related(
        "team", "application"
    )


def ticket_values(ticket: Ticket, who: ViewerOrUser) -> dict[str, str]:
    """What each placeholder of ``placeholders.PLACEHOLDERS`` becomes on ``ticket`` for ``who``."""
    viewer = Viewer.of(who)
    actor = viewer.user
    return {
        "nama_pelapor": ticket.reporter.get_full_name() or ticket.reporter.get_username(),
        "nomor_tiket": ticket.number,
        "aplikasi": ticket.application.name if ticket.application_id else "",
        "judul": ticket.title,
        "nama_petugas": (actor.get_full_name() or actor.get_username()) if actor else "",
        "tim": ticket.team.name if ticket.team_id else "",
    }
