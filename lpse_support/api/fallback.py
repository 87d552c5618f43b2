from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from lpse_support.api.errors import NOT_FOUND, error_response


# Exempt like every ninja view: a POST to an unknown API path is a 404, not a CSRF page.
@csrf_exempt
def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown paths under /api/ answer JSON like the rest of the API, not Django's HTML 404."""
    return error_response(404, NOT_FOUND, "not_found")
