from __future__ import annotations

from django.contrib import messages
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme

from lpse_support.core.errors import Conflict, NotFound


class CookieOnlyLocaleMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user picked another language (the language cookie).

    The browser's Accept-Language is ignored: civil servants often run English-language browsers,
    and the product speaks Indonesian by default (SPEC: "Bahasa Indonesia by default").
    """

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


class ApplicationErrorMiddleware(MiddlewareMixin):
    """The pages' one mapping of the coded errors a view lets through: ``NotFound`` is the 404
    page (missing and "not yours" alike); a ``Conflict`` (wrong state, someone else was first)
    is told as a message on the ticket page the user is sent back to. Errors about the input
    are the view's to show next to the form. The API never gets here: ``api/errors.py`` answers
    every error of its own."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NotFound):
            return response_for_exception(request, Http404(exception.message))
        if isinstance(exception, Conflict):
            messages.error(request, exception.message)
            url = conflict_redirect_url(request)
            if request.headers.get("HX-Request") == "true":
                # A redirect would be followed inside the XHR and swapped into a fragment.
                response = HttpResponse(status=exception.http_status)
                response["HX-Redirect"] = url
                return response
            return HttpResponseRedirect(url)
        return None


def conflict_redirect_url(request: HttpRequest) -> str:
    """Where a refused page request goes back to: the ticket page when the URL names a ticket
    (every page with a ``number`` is a ticket's), else the page the user came from if it is
    ours, else the dashboard."""
    match = request.resolver_match
    number = match.kwargs.get("number") if match else None
    if number:
        return reverse("tickets:detail", args=[number])
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"
