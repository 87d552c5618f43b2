"""Refuse NUL characters in API input (and in any URL path) before any view runs.

PostgreSQL cannot store or compare text containing U+0000, so such a value would reach the
database as an error (500). Django forms already refuse it ("Null characters are not allowed");
this does the same for the JSON API — query string, form fields and JSON bodies — with the API's
usual 422 answer. Runs after ``api/edge.py``, which has already parsed the body (and answered
if Django refused to parse it)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from lpse_support.api.edge import API_PREFIX
from lpse_support.api.errors import NOT_FOUND, error_response

NUL_MESSAGE = "Karakter NUL tidak diperbolehkan."


def _has_nul(request: HttpRequest) -> str | None:
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return key
    content_type = request.content_type or ""
    if content_type == "application/json":
        body = request.body
        if b"\\u0000" in body or b"\x00" in body:
            return "body"
    elif request.method in {"POST", "PUT", "PATCH"} and content_type in {
        "multipart/form-data",
        "application/x-www-form-urlencoded",
    }:
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return key
    return None


class RejectNulInApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            # No URL of ours contains NUL; answering here keeps it out of database look-ups.
            if request.path.startswith(API_PREFIX):
                return error_response(404, NOT_FOUND, "not_found")
            raise Http404
        if request.path.startswith(API_PREFIX):
            field = _has_nul(request)
            if field is not None:
                return error_response(422, NUL_MESSAGE, "invalid_input", field)
        return self.get_response(request)
