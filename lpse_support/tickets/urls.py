from django.urls import path, register_converter

from lpse_support.tickets.actions import registry
from lpse_support.tickets.views import (
    actions,
    bulk,
    create,
    detail,
    exports,
    files,
    incident_links,
    lists,
    rating,
    saved_searches,
)


class ActionSlug:
    """A route of an action's form (``registry.page_routes``); any other word is no match, so
    an unknown action is the same 404 as any unknown page."""

    regex = "[a-z][a-z-]*"

    def to_python(self, value: str) -> str:
        if registry.route(value) is None:
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ActionSlug, "action")

app_name = "tickets"
urlpatterns = [
    path("", lists.TicketListView.as_view(), name="list"),
    path("ekspor/csv/", exports.export_csv, name="export_csv"),
    path("ekspor/xlsx/", exports.export_xlsx, name="export_xlsx"),
    # Pencarian tersimpan (before "<number>/": "pencarian" is no ticket number).
    path("pencarian/simpan/", saved_searches.save, name="saved_search_save"),
    path("pencarian/<int:pk>/ubah/", saved_searches.rename, name="saved_search_rename"),
    path("pencarian/<int:pk>/hapus/", saved_searches.delete, name="saved_search_delete"),
    # Aksi massal (before "<number>/": "aksi-massal" is no ticket number).
    path("aksi-massal/", bulk.bulk, name="bulk"),
    path("aksi-massal/<str:key>/", bulk.bulk_result, name="bulk_result"),
    path("baru/", create.TicketCreateView.as_view(), name="create"),
    path("baru/versi/", create.version_options, name="version_options"),
    path("baru/kategori/", create.category_options, name="category_options"),
    path("baru/sub-kategori/", create.subcategory_options, name="subcategory_options"),
    path("baru/prioritas/", create.priority_preview, name="priority_preview"),
    path("baru/gangguan/", incident_links.deflection, name="deflection"),
    path("<str:number>/insiden/lampirkan/", incident_links.link, name="incident_link"),
    path("<str:number>/insiden/lepas/", incident_links.unlink, name="incident_unlink"),
    path("<str:number>/insiden/duplikat/", incident_links.duplicate, name="mark_duplicate"),
    path("<str:number>/", detail.TicketDetailView.as_view(), name="detail"),
    path("<str:number>/cetak/", detail.TicketPrintView.as_view(), name="print"),
    path("<str:number>/pdf/", detail.ticket_pdf, name="pdf"),
    path("<str:number>/lampiran/<int:sequence>/", files.attachment_download, name="attachment"),
    path(
        "<str:number>/lampiran/<int:sequence>/pratinjau/",
        files.attachment_preview,
        name="attachment_preview",
    ),
    path("<str:number>/lampiran.zip", files.attachments_zip, name="attachments_zip"),
    # Penilaian Pelayanan: a page of its own (GET and POST).
    path("<str:number>/penilaian/", rating.rate, name="rate"),
    # Ticket actions (guide §4.2.3): POST only, one view for all, by the specs' routes — each
    # by its own name (``tickets:take``, ``tickets:work``, …) and any as ``tickets:act``.
    *[
        path(f"<str:number>/{slug}/", actions.act, {"slug": slug}, name=url_name)
        for slug, (url_name, _route) in registry.page_routes().items()
        if url_name
    ],
    path("<str:number>/<action:slug>/", actions.act, name="act"),
]
