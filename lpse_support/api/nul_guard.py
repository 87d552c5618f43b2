"""Refuse NUL characters in API input (and in any URL path) before any view runs.

PostgreSQL cannot store or compare text containing U+0000, so such a value would reach the
database as an error (500). Django forms already refuse it ("Null characters are not allowed");
this does the same for the JSON API — query string, form fields and JSON bodies — with the API's
usual 422 answer."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from lpse_support.api.errors import TOO_LARGE

API_PREFIX = "/api/"
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
                return JsonResponse(
                    {"detail": "Tidak ditemukan.", "code": "not_found", "field": None}, status=404
                )
            raise Http404
        if request.path.startswith(API_PREFIX):
            try:
                field = _has_nul(request)
            except RequestDataTooBig:
                return JsonResponse(
                    {"detail": TOO_LARGE, "code": "too_large", "field": None}, status=413
                )
            if field is not None:
                return JsonResponse(
                    {"detail": NUL_MESSAGE, "code": "invalid_input", "field": field}, status=422
                )
        return self.get_response(request)
