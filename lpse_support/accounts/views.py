"""Login, logout and profile pages, and the context every page of the logged-in shell needs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import LoginView, LogoutView
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lpse_support.accounts import roles
from lpse_support.accounts.forms import LoginForm
from lpse_support.accounts.models import Team
from lpse_support.accounts.session_keys import EXTERNAL_LOGOUT_URL
from lpse_support.accounts.viewer import Viewer, viewer_of


def active_teams_of(viewer: Viewer) -> QuerySet[Team]:
    """The viewer's active teams with their LPSE / directorate."""
    return (
        Team.objects.filter(pk__in=viewer.team_ids, active=True)
        .select_related("lpse", "directorate")
        .order_by("tier", "name")
    )


class ShellMixin(LoginRequiredMixin):
    """Context of the logged-in layout (templates/base.html): role label and the active menu."""

    active_menu = ""
    page_title: Any = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.setdefault("active_menu", self.active_menu)
        context.setdefault("page_title", self.page_title)
        context["role_label"] = roles.role_label(viewer_of(self.request))  # type: ignore[attr-defined]
        return context


class SupportLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class SupportLogoutView(LogoutView):
    """POST only (Django's LogoutView answers 405 to GET): a link can never log anyone out.

    A session that came from Inaproc also ends at the provider: the browser goes to the
    provider's end-session URL stored at sign-in, which sends it back to the login page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        external = request.session.get(EXTERNAL_LOGOUT_URL)
        response = super().post(request, *args, **kwargs)
        # Added after the session is flushed, so the message survives into the login page.
        messages.success(request, _("Anda telah keluar."))
        if isinstance(external, str) and external:
            return HttpResponseRedirect(external)
        return response


class ProfileView(ShellMixin, TemplateView):
    template_name = "accounts/profile.html"
    active_menu = "akun"
    page_title = _("Profil")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user_pk = self.request.user.pk
        assert user_pk is not None  # LoginRequiredMixin let only a logged-in user through
        context["profile"] = (
            get_user_model()
            .objects.select_related("home_lpse", "reporter_category")
            .get(pk=user_pk)
        )
        context["teams"] = list(active_teams_of(viewer_of(self.request)))
        return context
