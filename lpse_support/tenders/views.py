"""Tender look-up for the ticket form (Kode Tender autocomplete, SPEC §2): thin JSON views.

Both read through ``get_connector()`` so the mirror and the warehouse answer the same way. A
warehouse outage never breaks the form: the autocomplete answers 200 with an error text that sends
the user to "Isi Manual".
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from lpse_support.tenders.connectors import TenderData, TenderServiceUnavailable, get_connector

SEARCH_MIN_LENGTH = 3
SEARCH_LIMIT = 10
MANUAL_HINT = "Gunakan Isi Manual."
NOT_FOUND_MESSAGE = "Kode tender tidak ditemukan."


def search_result(tender: TenderData) -> dict[str, Any]:
    """One Tom Select option."""
    return {
        "code": tender.code,
        "label": tender.label,
        "name": tender.name,
        "lpse": tender.lpse_name,
        "satker": tender.satker,
        "stage": tender.stage_name,
        "stage_end": tender.stage_end.isoformat() if tender.stage_end else None,
        "hps": str(tender.hps) if tender.hps is not None else None,
    }


@require_GET
@login_required
def search(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "").strip()
    if len(query) < SEARCH_MIN_LENGTH:
        return JsonResponse({"results": [], "error": None})
    try:
        tenders = get_connector().search(query, limit=SEARCH_LIMIT)
    except TenderServiceUnavailable as exc:
        return JsonResponse({"results": [], "error": f"{exc.message} {MANUAL_HINT}"})
    return JsonResponse({"results": [search_result(tender) for tender in tenders], "error": None})


@require_GET
@login_required
def detail(request: HttpRequest, code: str) -> JsonResponse:
    try:
        tender = get_connector().get(code)
    except TenderServiceUnavailable as exc:
        return JsonResponse({"detail": exc.message, "code": exc.code}, status=exc.http_status)
    if tender is None:
        return JsonResponse({"detail": NOT_FOUND_MESSAGE, "code": "not_found"}, status=404)
    return JsonResponse({**tender.to_snapshot(), "label": tender.label})
