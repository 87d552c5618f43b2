"""The site's URLs plus pages that let a coded error through, for the middleware tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from lpse_support.core.errors import InvalidInput, NotFound
from lpse_support.tickets.errors import AlreadyTaken


def taken(request: HttpRequest, number: str = "") -> HttpResponse:
    raise AlreadyTaken(person="Nurul Fadhilah")


def missing(request: HttpRequest) -> HttpResponse:
    raise NotFound("Tidak ada di sini.")


def invalid(request: HttpRequest) -> HttpResponse:
    raise InvalidInput("Bukan urusan middleware.")


urlpatterns = [
    path("uji/<str:number>/ambil/", taken),
    path("uji/ambil/", taken),
    path("uji/hilang/", missing),
    path("uji/salah/", invalid),
    *site_urlpatterns,
]
