from django.http import HttpRequest, JsonResponse


def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown paths under /api/ answer JSON like the rest of the API, not Django's HTML 404."""
    return JsonResponse(
        {"detail": "Tidak ditemukan.", "code": "not_found", "field": None}, status=404
    )
