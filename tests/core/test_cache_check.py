"""``check --deploy`` warns when production (DEBUG=0) runs on an in-process cache: every server
process would count the API rate limit on its own (issue 11 item 7, lpse_support.W010)."""

from __future__ import annotations

from typing import Any

from config.settings import redis_cache
from lpse_support.core.checks import shared_cache_in_production

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_production_on_the_in_process_cache_is_warned(settings: Any) -> None:
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    [warning] = shared_cache_in_production()
    assert warning.id == "lpse_support.W010"
    assert "REDIS_URL" in (warning.hint or "")


def test_development_or_redis_is_not_warned(settings: Any) -> None:
    settings.DEBUG = True
    settings.CACHES = LOCMEM
    assert shared_cache_in_production() == []
    settings.DEBUG = False
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:6379/0")}
    assert shared_cache_in_production() == []
