"""When someone may no longer hold tickets — their membership of a team is deleted or moved to
another team, the team or their account is deactivated — the tickets in their hands go back to
the team's queue at once (``services/ticket_release.py``), in the transaction of the change.

Signals rather than the admin's save hooks: the admin's inlines and list actions, the membership
admin, ``team.members.remove()``, the shell and data scripts all delete or save these rows through
the ORM, and every one of those paths sends them. ``QuerySet.update()`` and raw SQL send none:
``manage.py release_unheld_tickets`` sweeps up after them — and the rights never depended on the
release anyway (an assignee outside the team has none, ``parties.relations_from``)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from lpse_support.accounts.models import Team, TeamMembership, User
from lpse_support.tickets.services.ticket_release import release_unheld

PREVIOUS = "_lpse_previous_membership"


def _deactivation(instance: Any, field: str, raw: bool, update_fields: Any) -> bool:
    """A save that leaves ``instance`` inactive (``field`` false) and may have changed it."""
    if raw or getattr(instance, field):
        return False
    return update_fields is None or field in update_fields


@receiver(post_delete, sender=TeamMembership, dispatch_uid="tickets_membership_deleted")
def membership_deleted(sender: Any, instance: TeamMembership, **kwargs: Any) -> None:
    release_unheld(assignee_id=instance.user_id, team_id=instance.team_id)


@receiver(pre_save, sender=TeamMembership, dispatch_uid="tickets_membership_before_save")
def membership_before_save(
    sender: Any, instance: TeamMembership, raw: bool = False, **kwargs: Any
) -> None:
    """Remember whose membership of which team this row was, in case the save moves it."""
    if raw or instance.pk is None:
        return
    previous = (
        TeamMembership.objects.filter(pk=instance.pk).values_list("user_id", "team_id").first()
    )
    setattr(instance, PREVIOUS, previous)


@receiver(post_save, sender=TeamMembership, dispatch_uid="tickets_membership_saved")
def membership_saved(
    sender: Any, instance: TeamMembership, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    previous = getattr(instance, PREVIOUS, None)
    if raw or created or previous is None or previous == (instance.user_id, instance.team_id):
        return
    user_id, team_id = previous
    release_unheld(assignee_id=user_id, team_id=team_id)


@receiver(post_save, sender=Team, dispatch_uid="tickets_team_saved")
def team_saved(
    sender: Any, instance: Team, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if _deactivation(instance, "active", raw, update_fields):
        release_unheld(team_id=instance.pk)


@receiver(post_save, sender=User, dispatch_uid="tickets_user_saved")
def user_saved(
    sender: Any, instance: User, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    # Every login saves the user (last_login): that save names its fields and is skipped here.
    if _deactivation(instance, "is_active", raw, update_fields):
        release_unheld(assignee_id=instance.pk)
