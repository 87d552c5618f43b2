from django.urls import path
from django.utils.translation import gettext_lazy as _

from lpse_support.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("panduan/", views.UserGuideView.as_view(), name="user_guide"),
    # Placeholders: each line goes away when its module (reports, FAQ) takes the URL.
    path(
        "reporting/",
        views.PlaceholderView.as_view(
            active_menu="reporting",
            page_title=_("Reporting"),
            description=_(
                "Rekap tiket per status, aplikasi, kategori, prioritas, LPSE dan periode, "
                "kepatuhan SLA, rata-rata waktu penanganan dan penilaian, beserta grafik dan "
                "unduhan CSV/Excel."
            ),
        ),
        name="reporting",
    ),
    path(
        "faq/",
        views.PlaceholderView.as_view(
            active_menu="faq",
            page_title=_("FAQ LPSE Support"),
            description=_(
                "Kumpulan tanya jawab per aplikasi dan kategori yang dapat dicari, dikelola oleh "
                "admin, dan disarankan saat Anda mengetik judul tiket."
            ),
        ),
        name="faq",
    ),
]
