"""The JSON API v1 (R-API): one NinjaAPI, thin routers calling the same services and selectors
as the pages. Auth, error mapping and rate limiting are wired here.

- auth: ``Authorization: Bearer <personal token>`` or the logged-in session (+ CSRF on writes);
- errors: every non-2xx answer is ``{"detail", "code", "field"}`` (see ``api/errors.py``; answers
  given outside ninja get it from ``api/edge.py``); a body of the wrong type is 415
  (``api/media_types.py``);
- rate limit: ``API_RATE_LIMIT_PER_MINUTE`` per token / user, 429 with ``Retry-After``;
- docs: ``/api/v1/openapi.json`` and ``/api/v1/docs`` (Swagger UI served from /static/)."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from lpse_support.api.auth import API_AUTH
from lpse_support.api.errors import install_exception_handlers
from lpse_support.api.media_types import refuse_unreadable_body
from lpse_support.api.ratelimit import FixedWindowThrottle
from lpse_support.api.routers.bulk import router as bulk_router
from lpse_support.api.routers.catalog import router as catalog_router
from lpse_support.api.routers.dashboard import router as dashboard_router
from lpse_support.api.routers.incidents import router as incidents_router
from lpse_support.api.routers.priority import router as priority_router
from lpse_support.api.routers.replies import router as replies_router
from lpse_support.api.routers.saved_searches import router as saved_searches_router
from lpse_support.api.routers.tenders import router as tenders_router
from lpse_support.api.routers.ticket_actions import router as ticket_actions_router
from lpse_support.api.routers.tickets import router as tickets_router

DESCRIPTION = """API LPSE Support untuk SPSE dan klien lain.

**Autentikasi**: buat token API di halaman *Profil* lalu kirim
`Authorization: Bearer <token>`. Dari situs sendiri, sesi login dipakai (sertakan header
`X-CSRFToken` untuk POST/PATCH).

**Galat**: semua jawaban non-2xx berbentuk `{"detail": "…", "code": "…", "field": "…"}` —
401 belum masuk, 404 tidak ditemukan atau di luar cakupan, 409 status tidak sesuai,
400 terlalu banyak kolom, 405 metode tidak diizinkan, 413 terlalu besar (file disebut di
`field`/`detail`), 415 jenis isi (`Content-Type`) tidak didukung atau file ditolak,
422 data tidak valid (kolom disebut di `field`),
429 terlalu banyak permintaan (lihat header `Retry-After`), 503 data warehouse tidak tersedia.
"""

api = NinjaAPI(
    title="LPSE Support API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=API_AUTH,
    throttle=FixedWindowThrottle(),
    # Swagger UI from ninja's bundled static files; its init script is a file too (CSP-safe).
    docs=Swagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
)
install_exception_handlers(api)
# "view" mode wraps the whole operation run, so the 415 comes before auth and parsing.
api.add_decorator(refuse_unreadable_body, mode="view")

# Before the ticket router: "/tickets/bulk" is no ticket number.
api.add_router("/tickets", bulk_router, tags=["tickets"])
api.add_router("/tickets", tickets_router, tags=["tickets"])
api.add_router("/tickets", ticket_actions_router, tags=["tickets"])
api.add_router("/tickets", replies_router, tags=["reply templates"])
api.add_router("/applications", catalog_router, tags=["applications"])
api.add_router("/tenders", tenders_router, tags=["tenders"])
api.add_router("/priority", priority_router, tags=["priority"])
api.add_router("", dashboard_router, tags=["dashboard"])
api.add_router("/saved-searches", saved_searches_router, tags=["saved-searches"])
api.add_router("", incidents_router, tags=["incidents"])
