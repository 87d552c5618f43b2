"""API authentication: personal tokens (``Authorization: Bearer …``) for SPSE and scripts, and
the Django session with a CSRF check for the site's own htmx/JS calls."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from lpse_support.accounts.models import User
from lpse_support.accounts.viewer import set_viewer
from lpse_support.api.errors import CsrfFailed
from lpse_support.api.tokens import authenticate_secret


class TokenAuth(HttpBearer):
    """Bearer token: a usable (not revoked, not expired, active user) ApiToken. The call's
    ``request.viewer`` is the token's user (the session middleware saw nobody)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = authenticate_secret(token.strip())
        if api_token is None:
            return None
        request.api_token = api_token  # type: ignore[attr-defined]  # read by the rate limiter
        set_viewer(request, api_token.user)
        return api_token.user


class SessionCsrfAuth(SessionAuth):
    """The logged-in browser session. Unsafe methods must carry the CSRF token
    (``X-CSRFToken`` header), exactly like a form post. (django-ninja 1.x dropped
    ``NinjaAPI(csrf=True)``; CSRF now belongs to the cookie-based auth class.)

    Unlike ninja's ``django_auth`` the CSRF check runs only for a request that actually has a
    logged-in session, so a token client with a bad token gets 401, not a CSRF 403. The call's
    ``request.viewer`` is the session user's (``ViewerMiddleware``)."""

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> User | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed()
        return user


token_auth = TokenAuth()
session_auth = SessionCsrfAuth()
API_AUTH = [token_auth, session_auth]
