"""The gate: a signed-in user who must pass two-factor reaches nothing else until they have.

After ``OTPMiddleware`` (which sets ``request.user.is_verified()``) and ``ViewerMiddleware``.
Whatever the login path (password, Inaproc, admin), the session user is checked here on every
request:

- must use it and has no authenticator yet → only the enrolment page;
- has an authenticator (required or chosen) and this session is not verified → only the
  verification page;

logout, language switching and static files stay open. Pages are redirected there with ``next``
(htmx requests get ``HX-Redirect``), ``/api/`` calls made with the session get the API's JSON
envelope, 403 with a code naming the step. Bearer-token API calls carry no session user and are
not affected (docs/auth.md, "Two-factor authentication for staff" explains why).

Cost: no query of its own. Whether an authenticator exists is read at login and kept in the
session (``gate_session``), the rules come from the cache (``rules.py``), and only while a team
or tier rule exists are an unverified user's teams read — the viewer's one read, which the page
shares."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import NoReverseMatch, reverse

from lpse_support.accounts.viewer import viewer_of
from lpse_support.api.errors import error_response
from lpse_support.core.outage import DATABASE_DOWN, outage_response
from lpse_support.two_factor import gate_session, policy, rules

API_PREFIX = "/api/"


class Step(Enum):
    ENROL = "two_factor:enrol"
    VERIFY = "two_factor:verify"


API_REFUSALS = {
    Step.ENROL: (
        "two_factor_enrolment_required",
        "Akun ini wajib memakai autentikasi dua faktor. Aktifkan dulu melalui halaman web.",
    ),
    Step.VERIFY: (
        "two_factor_verification_required",
        "Sesi ini belum diverifikasi dengan autentikasi dua faktor.",
    ),
}


def _open_path(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # a URLconf without it (some tests use their own)
        return None


def _always_open(path: str) -> bool:
    return path.startswith(settings.STATIC_URL) or path in {
        _open_path("set_language"),
        _open_path("accounts:logout"),
    }


def step_for(request: HttpRequest) -> Step | None:
    """The step the session user must take first, or None when the request may pass.

    Ordered so the common answers cost nothing: a verified session passes; whoever has an
    authenticator (the session's flag) verifies; an admin enrols; the team/tier rules come from
    the cache, and only when one exists are the viewer's teams read (shared with the page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return None
    assert user.pk is not None
    if gate_session.has_device(request, user.pk):
        return Step.VERIFY
    if user.is_superuser or user.is_staff:
        return Step.ENROL
    if rules.required_teams_and_tiers().empty:
        return None
    return Step.ENROL if policy.team_rule_applies(viewer_of(request)) else None


def _page_redirect(request: HttpRequest, step: Step) -> HttpResponse:
    url = reverse(step.value)
    if request.method in ("GET", "HEAD"):
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request") == "true":
        # A redirect would be followed inside the XHR and swapped into a fragment.
        response = HttpResponse(status=403)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class TwoFactorGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if _always_open(request.path):
            return self.get_response(request)
        try:
            step = step_for(request)
        except DATABASE_DOWN:
            # Read here, outside any view: answered like every other outage (503, core/outage.py).
            return outage_response(request)
        if step is None or request.path == reverse(step.value):
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            code, detail = API_REFUSALS[step]
            return error_response(403, detail, code)
        return _page_redirect(request, step)
