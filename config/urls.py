from django.contrib import admin
from django.urls import include, path, re_path

from lpse_support.api.app import api
from lpse_support.api.fallback import api_not_found
from lpse_support.two_factor.views import admin_login

admin.site.site_header = "LPSE Support — Administrasi"
admin.site.site_title = "LPSE Support"
admin.site.index_title = "Data master dan pengguna"

urlpatterns = [
    path("api/v1/", api.urls),
    # Any other path under /api/, newlines included: a JSON 404, not an HTML page.
    re_path(r"^api/(?P<path>[\s\S]*)$", api_not_found),
    # The admin signs in through the site's login, so the two-factor gate applies to it too.
    path("admin/login/", admin_login, name="admin_login_redirect"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/dua-faktor/", include("lpse_support.two_factor.urls")),
    path("akun/inaproc/", include("lpse_support.inaproc.urls")),
    path("akun/", include("lpse_support.accounts.urls")),
    path("tender/", include("lpse_support.tenders.urls")),
    path("tiket/", include("lpse_support.tickets.urls")),
    path("unggah/", include("lpse_support.tickets.tus_urls")),
    path("insiden/", include("lpse_support.tickets.urls_incidents")),
    path("notifikasi/", include("lpse_support.notifications.urls")),
    path("reporting/", include("lpse_support.reports.urls")),
    path("faq/", include("lpse_support.faq.urls")),
    path("templat-balasan/", include("lpse_support.replies.urls")),
    path("", include("lpse_support.dashboard.urls")),
]
