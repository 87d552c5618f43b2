"""The pages the accessibility gate (test_accessibility.py, docs/accessibility.md) checks with
axe-core, per role: one list, so a page added by another feature is one line here.

``path`` is formatted with the world's numbers ({new}, {taken}, {feedback}, {waiting}, {done},
{faq}, {incident}); ``clicks`` are CSS selectors clicked in order before the check (open an
action panel, a <details>, the KONFIRMASI dialog); ``ready`` is a selector waited for (visible)
after them.
"""

from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS = "anonymous"
REPORTER = "reporter"  # ppk1 (PPK, a plain reporter)
AGENT = "agent"  # helpdesk_lpse1 (Makassar's tier-1 helpdesk, Ketua tim)
SUPERVISOR = "supervisor"  # without a second factor yet: the 2FA gate shows the enrolment
SIGNED_IN = (REPORTER, AGENT)


@dataclass(frozen=True)
class A11yPage:
    name: str
    path: str
    roles: tuple[str, ...] = SIGNED_IN
    clicks: tuple[str, ...] = ()
    ready: str | None = None
    status: int = 200


DIALOG = "#confirm-dialog.show [data-confirm-yes]"

PAGES: tuple[A11yPage, ...] = (
    # Before login.
    A11yPage("login", "/akun/masuk/", roles=(ANONYMOUS,)),
    A11yPage("lupa password", "/akun/lupa-password/", roles=(ANONYMOUS,)),
    A11yPage("404 (anonim)", "/tidak-ada/", roles=(ANONYMOUS,), status=404),
    # The shell.
    A11yPage("dashboard", "/"),
    A11yPage("panduan", "/panduan/"),
    A11yPage("404", "/tiket/TPS0000000000/", status=404),
    # Lists (Tiket Saya / Tiket Masuk / Semua Tiket, search, Advance, saved searches).
    A11yPage("tiket saya (aktif)", "/tiket/?tab=aktif", roles=(REPORTER,)),
    A11yPage("riwayat", "/tiket/?tab=riwayat"),
    A11yPage("tiket masuk", "/tiket/?tab=masuk", roles=(AGENT,)),
    A11yPage("tiket ditangani", "/tiket/?tab=ditangani", roles=(AGENT,)),
    A11yPage("semua tiket", "/tiket/?tab=semua"),
    A11yPage(
        "pencarian + advance + simpan",
        "/tiket/?tab=semua&q=dokumen",
        clicks=("details.saved-search-save summary",),
        ready="#advance-search.show",  # "q" is an Advance field: the panel opens by itself
    ),
    # Ticket detail in several statuses, the action panel open.
    A11yPage("detail baru: ambil", "/tiket/{new}/", roles=(AGENT,)),
    A11yPage(
        "detail baru: KONFIRMASI ambil",
        "/tiket/{new}/",
        roles=(AGENT,),
        clicks=("#ambil button[type=submit]",),
        ready=DIALOG,
    ),
    A11yPage(
        "detail baru: tutup",
        "/tiket/{new}/",
        roles=(REPORTER,),
        clicks=("#tutup summary",),
        ready="#tutup[open] textarea",
    ),
    A11yPage(
        "detail dikerjakan: kerjakan",
        "/tiket/{taken}/",
        roles=(AGENT,),
        clicks=('label[for$="tindakan_0"]',),
    ),
    A11yPage("detail dikerjakan (pelapor)", "/tiket/{taken}/", roles=(REPORTER,)),
    A11yPage("detail menunggu feedback", "/tiket/{feedback}/"),
    A11yPage(
        "detail menunggu konfirmasi",
        "/tiket/{waiting}/",
        roles=(REPORTER,),
        clicks=('[data-reveal="reject-panel"]',),
        ready="#reject-panel textarea",
    ),
    A11yPage(
        "detail: KONFIRMASI selesai",
        "/tiket/{waiting}/",
        roles=(REPORTER,),
        clicks=("#konfirmasi form button.btn-success",),
        ready=DIALOG,
    ),
    A11yPage("detail selesai", "/tiket/{done}/"),
    # Insiden (the feedback ticket is a child: its banner, and for staff its incident block).
    A11yPage("insiden", "/insiden/", roles=(AGENT,)),
    A11yPage("insiden detail", "/insiden/{incident}/", roles=(AGENT,)),
    A11yPage("detail anak insiden (pelapor)", "/tiket/{feedback}/", roles=(REPORTER,)),
    # Aksi massal: the dialog, and a result page (taking one's own taken tickets again is
    # refused for each, so the page is drawn without changing anything).
    A11yPage(
        "aksi massal: KONFIRMASI",
        "/tiket/?tab=masuk",
        roles=(AGENT,),
        clicks=("#bulk-select-all", 'button[data-bulk-operation="take"]'),
        ready="#bulk-confirm.show [data-bulk-yes]",
    ),
    A11yPage(
        "hasil aksi massal",
        "/tiket/?tab=ditangani",
        roles=(AGENT,),
        clicks=("#bulk-select-all", 'button[data-bulk-operation="take"]', "[data-bulk-yes]"),
        ready="section.bulk-refused",
    ),
    A11yPage("penilaian", "/tiket/{done}/penilaian/", roles=(REPORTER,)),
    A11yPage("cetak", "/tiket/{done}/cetak/"),
    A11yPage("buat tiket", "/tiket/baru/"),
    # FAQ, REPORTING, notifications, account.
    A11yPage("faq", "/faq/"),
    A11yPage("faq artikel", "/faq/artikel/{faq}/"),
    A11yPage("reporting", "/reporting/"),
    A11yPage("notifikasi", "/notifikasi/"),
    A11yPage("profil (ubah password)", "/akun/profil/"),
    A11yPage("dua faktor: aktifkan", "/akun/dua-faktor/aktifkan/", roles=(SUPERVISOR,)),
    A11yPage("templat balasan", "/templat-balasan/", roles=(AGENT,)),
    A11yPage("templat balasan baru", "/templat-balasan/baru/", roles=(AGENT,)),
)
