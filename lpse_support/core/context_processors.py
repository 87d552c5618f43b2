from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    config = settings.LPSE_SUPPORT
    return {
        "VIDEO_TUTORIAL_URL": config["VIDEO_TUTORIAL_URL"],
        "USER_GUIDE_URL": config["USER_GUIDE_URL"],
    }
