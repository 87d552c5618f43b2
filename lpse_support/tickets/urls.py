from django.urls import path

from lpse_support.tickets.views import actions, create, detail, exports, files, lists

app_name = "tickets"
urlpatterns = [
    path("", lists.TicketListView.as_view(), name="list"),
    path("ekspor/csv/", exports.export_csv, name="export_csv"),
    path("ekspor/xlsx/", exports.export_xlsx, name="export_xlsx"),
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
    # Ticket actions (guide §4.2.3): POST only, one view per action; "penilaian" also GET.
    path("<str:number>/ambil/", actions.take, name="take"),
    path("<str:number>/kategori/", actions.reclassify, name="reclassify"),
    path("<str:number>/kerjakan/", actions.work, name="work"),
    path("<str:number>/butuh-feedback/", actions.request_feedback, name="request_feedback"),
    path("<str:number>/feedback/", actions.give_feedback, name="give_feedback"),
    path("<str:number>/eskalasi/", actions.escalate, name="escalate"),
    path("<str:number>/selesaikan/", actions.resolve, name="resolve"),
    path("<str:number>/konfirmasi/", actions.confirm, name="confirm"),
    path("<str:number>/tolak/", actions.reject, name="reject"),
    path("<str:number>/tutup/", actions.close, name="close"),
    path("<str:number>/penilaian/", actions.rate, name="rate"),
    path("<str:number>/pesan/", actions.comment, name="comment"),
]
