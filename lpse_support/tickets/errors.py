"""The ticket error catalogue: one class per violation, each with its code, status family, field
and translated message (core/errors.py explains the shape; docs/errors.md how to add one).
Wrong state and changed tickets are 409 for the API and messages (or a 409 page) for the pages;
the rest is invalid input (422) named by its field. Upload refusals: attachments/errors.py."""

from django.utils.translation import gettext_lazy as _

from lpse_support.core.errors import Conflict, InvalidInput, NotFound


class TicketNotFound(NotFound):
    """Missing and "not yours" alike (R-AUTH-2)."""

    message_template = _("Tiket tidak ditemukan.")


# --- the state of the ticket (409) ---------------------------------------------------------


class InvalidTransition(Conflict):
    """The workflow table does not allow the action now (``status``: its label)."""

    code = "invalid_transition"
    message_template = _("Tindakan tidak dapat dilakukan: tiket berstatus %(status)s.")


class AlreadyTaken(InvalidTransition):
    code = "already_taken"
    message_template = _("Tiket sudah diambil oleh %(person)s.")


class AlreadyRated(InvalidTransition):
    code = "already_rated"
    message_template = _("Tiket ini sudah dinilai.")


class TicketChanged(InvalidTransition):
    """The ticket's revision moved since the form or the client read it; ``reason`` says what
    to do (one of the sentences below, or why the action is gone)."""

    code = "ticket_changed"
    message_template = _("Tiket telah berubah sejak halaman dibuka. %(reason)s")


RELOAD = _("Muat ulang halaman.")
CHECK_LATEST = _("Periksa keadaan terbarunya sebelum melanjutkan.")
RESOLUTION_RECENT = _("Penyelesaian terakhir masih baru.")
ALERT_RECORDED = _("Peringatan SLA ini sudah tercatat.")


class IdempotencyKeyReused(InvalidInput):
    """The key already served another request (action, ticket, actor or body). Named as the API
    client sent it (a header); the pages catch this class and renew the form's hidden key
    instead of showing the error next to a field."""

    code = "idempotency_key_reused"
    field = "Idempotency-Key"
    message_template = _("Kunci idempotensi sudah dipakai untuk permintaan lain.")


# --- filing a ticket (ticket_create) --------------------------------------------------------


class TitleRequired(InvalidInput):
    code = "title_required"
    field = "title"
    message_template = _("Judul tiket wajib diisi.")


class TitleTooLong(InvalidInput):
    """``limit_value``: the name Django's max_length check gives it, so the form shows this
    same message."""

    code = "title_too_long"
    field = "title"
    message_template = _("Judul tiket maksimal %(limit_value)s karakter.")


class DescriptionTooShort(InvalidInput):
    code = "description_too_short"
    field = "description"
    message_template = _("Deskripsi minimal %(limit_value)s karakter.")


class ErrorCodeInvalid(InvalidInput):
    code = "error_code_invalid"
    field = "error_code"
    message_template = _(
        "Kode error hanya boleh berisi huruf, angka, titik, garis bawah atau tanda hubung."
    )


class VersionNotInApplication(InvalidInput):
    code = "version_not_in_application"
    field = "version"
    message_template = _("Pilih versi dari aplikasi yang dipilih.")


class SubcategoryNotInApplication(InvalidInput):
    code = "subcategory_not_in_application"
    field = "subcategory"
    message_template = _("Pilih sub kategori dari aplikasi yang dipilih.")


class TenderCodeInvalid(InvalidInput):
    """On ``tender_code``, or ``manual_code`` for Isi Manual (given as ``field``)."""

    code = "tender_code_invalid"
    field = "tender_code"
    message_template = _("Kode tender harus 6–12 digit angka.")


class TenderCodeUnknown(InvalidInput):
    code = "tender_code_unknown"
    field = "tender_code"
    message_template = _("Kode tender tidak ditemukan. Periksa kembali atau gunakan Isi Manual.")


class TenderWarehouseDown(InvalidInput):
    """Raised ``from`` the connector's ``TenderServiceUnavailable``."""

    code = "tender_warehouse_down"
    field = "tender_code"
    message_template = _(
        "Data warehouse LKPP sedang tidak dapat dihubungi. Gunakan Isi Manual untuk data tender."
    )


class HpsNegative(InvalidInput):
    code = "hps_negative"
    field = "manual_hps"
    message_template = _("Nilai HPS tidak boleh negatif.")


class ReporterCategoryMissing(InvalidInput):
    code = "reporter_category_missing"
    message_template = _("Kategori pelapor akun Anda belum diisi. Hubungi admin LPSE Support.")


class TicketTypeMissing(InvalidInput):
    code = "ticket_type_missing"
    message_template = _("Jenis tiket belum disiapkan. Hubungi admin LPSE Support.")


# --- actions on a ticket ---------------------------------------------------------------------


class MessageTooShort(InvalidInput):
    """``limit_value`` as for ``TitleTooLong``; ``field`` is the form's text field."""

    code = "message_too_short"
    field = "message"
    message_template = _("Pesan minimal %(limit_value)s karakter.")


class NoPreviousTeam(InvalidInput):
    code = "no_previous_team"
    field = "from_party"
    message_template = _("Tiket ini tidak dieskalasi dari tim lain; minta feedback dari pelapor.")


class FeedbackPartyRequired(InvalidInput):
    code = "feedback_party_required"
    field = "from_party"
    message_template = _("Pilih pihak yang diminta feedback.")


class NoEscalationTarget(InvalidInput):
    code = "no_escalation_target"
    field = "target"
    message_template = _("Tidak ada tim tujuan eskalasi untuk tiket ini.")


class EscalationTargetRequired(InvalidInput):
    code = "escalation_target_required"
    field = "target"
    message_template = _("Pilih tim tujuan eskalasi.")


class EscalationTargetInvalid(InvalidInput):
    code = "escalation_target_invalid"
    field = "target"
    message_template = _("Tim tujuan eskalasi tidak valid.")


class ReassignTargetRequired(InvalidInput):
    code = "reassign_target_required"
    field = "assignee"
    message_template = _("Pilih petugas tujuan.")


class ReassignTargetInvalid(InvalidInput):
    """Alihkan Tiket: the chosen person is not an active member of the ticket's team, or is
    the one holding it already."""

    code = "reassign_target_invalid"
    field = "assignee"
    message_template = _(
        "Petugas tujuan harus anggota aktif tim %(team)s dan bukan petugas tiket saat ini."
    )


class SubcategoryNotOfTicket(InvalidInput):
    code = "subcategory_not_of_ticket"
    field = "subcategory"
    message_template = _("Pilih sub kategori dari aplikasi tiket ini.")


class StarsOutOfRange(InvalidInput):
    code = "stars_out_of_range"
    field = "stars"
    message_template = _("Pilih 1 sampai 5 bintang.")


class RatingChipsMismatch(InvalidInput):
    code = "rating_chips_mismatch"
    field = "chips"
    message_template = _("Pilihan penilaian tidak sesuai dengan jumlah bintang.")


# --- aksi massal (services/bulk.py) ----------------------------------------------------------


class BulkSelectionEmpty(InvalidInput):
    code = "bulk_selection_empty"
    field = "numbers"
    message_template = _("Pilih minimal satu tiket.")


class BulkSelectionTooLarge(InvalidInput):
    """``limit``: ``services.bulk.BULK_MAX``; ``count``: how many were chosen."""

    code = "bulk_selection_too_large"
    field = "numbers"
    message_template = _(
        "Aksi massal paling banyak %(limit)s tiket sekaligus; Anda memilih %(count)s tiket."
    )


class BulkTicketFailed(Conflict):
    """One ticket of a batch failed for a reason outside the catalogue (a database error, a bug):
    it is reported on the result page like a refusal, logged with its traceback, and the rest of
    the batch goes on (each ticket is its own transaction, so nothing half-done remains)."""

    code = "bulk_ticket_failed"
    message_template = _("Tiket ini gagal diproses karena gangguan sistem; coba lagi.")


class BulkOperationUnavailable(InvalidInput):
    code = "bulk_operation_unavailable"
    field = "operation"
    message_template = _("Aksi massal ini tidak tersedia untuk akun Anda.")


# --- Insiden (services/incidents.py, docs/incidents.md) -------------------------------------


class IncidentNotFound(NotFound):
    """Missing, or the caller may not manage incidents: one answer for both."""

    code = "incident_not_found"
    message_template = _("Insiden tidak ditemukan.")


class IncidentNotOpen(Conflict):
    code = "incident_not_open"
    message_template = _("Insiden sudah diselesaikan: tiket tidak dapat dilampirkan atau dilepas.")


class IncidentOtherApplication(InvalidInput):
    code = "incident_other_application"
    field = "incident"
    message_template = _("Insiden ini untuk aplikasi lain dari aplikasi tiket.")


class AlreadyLinked(Conflict):
    code = "already_linked"
    message_template = _("Tiket sudah terlampir pada insiden ini.")


class NotLinked(Conflict):
    code = "not_linked"
    message_template = _("Tiket tidak terlampir pada insiden mana pun.")


class DuplicateOfItself(InvalidInput):
    code = "duplicate_of_itself"
    field = "duplicate_of"
    message_template = _("Tiket tidak dapat menjadi duplikat dari dirinya sendiri.")


class IncidentFieldRequired(InvalidInput):
    """``field``: the input named; ``label``: its label as the form shows it."""

    code = "incident_field_required"
    message_template = _("%(label)s wajib diisi.")
