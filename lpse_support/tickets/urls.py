from django.urls import path

from lpse_support.tickets.views import create, detail, files, lists

app_name = "tickets"
urlpatterns = [
    path("", lists.TicketListView.as_view(), name="list"),
    path("baru/", create.TicketCreateView.as_view(), name="create"),
    path("baru/versi/", create.version_options, name="version_options"),
    path("baru/kategori/", create.category_options, name="category_options"),
    path("baru/sub-kategori/", create.subcategory_options, name="subcategory_options"),
    path("baru/prioritas/", create.priority_preview, name="priority_preview"),
    path("<str:number>/", detail.TicketDetailView.as_view(), name="detail"),
    path("<str:number>/cetak/", detail.TicketPrintView.as_view(), name="print"),
    path("<str:number>/pdf/", detail.ticket_pdf, name="pdf"),
    path("<str:number>/lampiran/<int:sequence>/", files.attachment_download, name="attachment"),
    path("<str:number>/lampiran.zip", files.attachments_zip, name="attachments_zip"),
]
