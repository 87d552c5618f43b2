from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware


class CookieOnlyLocaleMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user picked another language (the language cookie).

    The browser's Accept-Language is ignored: civil servants often run English-language browsers,
    and the product speaks Indonesian by default (SPEC: "Bahasa Indonesia by default").
    """

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
