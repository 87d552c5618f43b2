from django.contrib import admin
from django.urls import include, path, re_path

from lpse_support.api.app import api
from lpse_support.api.fallback import api_not_found

admin.site.site_header = "LPSE Support — Administrasi"
admin.site.site_title = "LPSE Support"
admin.site.index_title = "Data master dan pengguna"

urlpatterns = [
    path("api/v1/", api.urls),
    # Any other path under /api/, newlines included: a JSON 404, not an HTML page.
    re_path(r"^api/(?P<path>[\s\S]*)$", api_not_found),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/inaproc/", include("lpse_support.inaproc.urls")),
    path("akun/", include("lpse_support.accounts.urls")),
    path("tender/", include("lpse_support.tenders.urls")),
    path("tiket/", include("lpse_support.tickets.urls")),
    path("notifikasi/", include("lpse_support.notifications.urls")),
    path("reporting/", include("lpse_support.reports.urls")),
    path("faq/", include("lpse_support.faq.urls")),
    path("", include("lpse_support.dashboard.urls")),
]
