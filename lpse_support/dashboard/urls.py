from django.urls import path
from django.utils.translation import gettext_lazy as _

from lpse_support.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("panduan/", views.UserGuideView.as_view(), name="user_guide"),
    # Placeholders: each line goes away when its module (reports, tickets, FAQ) takes the URL.
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
        "tiket/",
        views.PlaceholderView.as_view(
            active_menu="semua-tiket",
            page_title=_("Semua Tiket"),
            description=_(
                "Daftar tiket dengan tab Tiket Masuk, Tiket Ditangani dan Riwayat, pencarian "
                "nomor tiket, pencarian lanjutan dan ekspor CSV/Excel."
            ),
        ),
        name="tickets",
    ),
    path(
        "tiket/baru/",
        views.PlaceholderView.as_view(
            active_menu="semua-tiket",
            page_title=_("Buat Tiket"),
            description=_(
                "Formulir tiket baru: aplikasi, versi, kategori, judul, uraian permasalahan dan "
                "lampiran; tiket diteruskan otomatis ke tim yang tepat."
            ),
        ),
        name="ticket_create",
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
