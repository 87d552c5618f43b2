"""The ticket world: master data for SPSE and one other application, two LPSEs with a tier-1
team each, a tier-2 LKPP team and users in them; and ``make_ticket``, which files a valid ticket
through ``ticket_create``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from lpse_support.accounts.models import Directorate, LpseUnit, ReporterCategory, Team, User
from lpse_support.catalog.models import (
    Application,
    ApplicationVersion,
    Category,
    PriorityLevel,
    SubCategory,
    TicketType,
    WorkingHours,
)
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_create import ticket_create
from tests.support.factories import (
    ApplicationFactory,
    ApplicationVersionFactory,
    CategoryFactory,
    DirectorateFactory,
    LpseUnitFactory,
    PriorityLevelFactory,
    ReporterCategoryFactory,
    SubCategoryFactory,
    TeamFactory,
    TicketTypeFactory,
    UserFactory,
)


@dataclass
class TicketWorld:
    category_ppk: ReporterCategory
    lpse: LpseUnit
    other_lpse: LpseUnit
    directorate: Directorate
    spse: Application
    spse_version: ApplicationVersion
    category: Category
    subcategory: SubCategory
    deadline_subcategory: SubCategory
    other_app: Application
    other_version: ApplicationVersion
    other_subcategory: SubCategory
    priorities: dict[str, PriorityLevel]
    ticket_type: TicketType
    team_lpse: Team
    team_other_lpse: Team
    team_lkpp: Team
    reporter_a: User
    reporter_b: User
    staff_lpse: User
    staff_other_lpse: User
    helpdesk_lkpp: User


def _working_hours() -> None:
    for weekday in range(5):
        WorkingHours.objects.get_or_create(
            weekday=weekday, defaults={"start": time(8, 0), "end": time(16, 0)}
        )


def build_ticket_world() -> TicketWorld:
    """Master data for SPSE (letter S) and one other application, a PPK reporter category
    (letter P), two LPSEs with a tier-1 team each, a tier-2 LKPP team, and users in them."""
    _working_hours()
    priorities = {
        "emergency": PriorityLevelFactory.create(
            code="emergency", name="Emergency", rank=1, response_minutes=30, resolution_minutes=240
        ),
        "major": PriorityLevelFactory.create(
            code="major", name="Major", rank=2, response_minutes=120, resolution_minutes=480
        ),
        "medium": PriorityLevelFactory.create(
            code="medium", name="Medium", rank=3, response_minutes=480, resolution_minutes=1440
        ),
        "minor": PriorityLevelFactory.create(
            code="minor", name="Minor", rank=4, response_minutes=960, resolution_minutes=2400
        ),
    }
    category_ppk = ReporterCategoryFactory.create(code="ppk", name="PPK", letter="P")
    directorate = DirectorateFactory.create()
    spse = ApplicationFactory.create(
        code="spse", name="SPSE", letter="S", directorate=directorate, first_line="LPSE"
    )
    other_app = ApplicationFactory.create(
        code="sirup", name="SiRUP", letter="R", directorate=directorate, first_line="LPSE"
    )
    category = CategoryFactory.create(application=spse, name="Pengumuman & Dokumen")
    subcategory = SubCategoryFactory.create(
        category=category, name="Gagal unduh dokumen", default_priority=priorities["medium"]
    )
    deadline_subcategory = SubCategoryFactory.create(
        category=category,
        name="Gagal unggah penawaran",
        default_priority=priorities["medium"],
        deadline_sensitive=True,
    )
    other_category = CategoryFactory.create(application=other_app, name="Perencanaan")
    other_subcategory = SubCategoryFactory.create(
        category=other_category, name="Paket tidak tampil", default_priority=priorities["minor"]
    )
    lpse = LpseUnitFactory.create(name="LPSE Kota Makassar")
    other_lpse = LpseUnitFactory.create(name="LPSE Kabupaten Gowa")
    reporter_a = UserFactory.create(
        username="ppk_a", reporter_category=category_ppk, home_lpse=lpse
    )
    reporter_b = UserFactory.create(
        username="ppk_b", reporter_category=category_ppk, home_lpse=lpse
    )
    staff_lpse = UserFactory.create(
        username="helpdesk_mks", reporter_category=category_ppk, home_lpse=lpse
    )
    staff_other_lpse = UserFactory.create(
        username="helpdesk_gowa", reporter_category=category_ppk, home_lpse=other_lpse
    )
    helpdesk_lkpp = UserFactory.create(
        username="helpdesk_lkpp", reporter_category=category_ppk, home_lpse=None
    )
    return TicketWorld(
        category_ppk=category_ppk,
        lpse=lpse,
        other_lpse=other_lpse,
        directorate=directorate,
        spse=spse,
        spse_version=ApplicationVersionFactory.create(application=spse, name="4.5"),
        category=category,
        subcategory=subcategory,
        deadline_subcategory=deadline_subcategory,
        other_app=other_app,
        other_version=ApplicationVersionFactory.create(application=other_app, name="2.0"),
        other_subcategory=other_subcategory,
        priorities=priorities,
        ticket_type=TicketTypeFactory.create(name="Tiket Umum", is_default=True),
        team_lpse=TeamFactory.create(
            name="Helpdesk LPSE Makassar", lpse=lpse, members=[staff_lpse]
        ),
        team_other_lpse=TeamFactory.create(
            name="Helpdesk LPSE Gowa", lpse=other_lpse, members=[staff_other_lpse]
        ),
        team_lkpp=TeamFactory.create(
            name="Helpdesk LKPP",
            tier=2,
            lpse=None,
            directorate=directorate,
            position_label="Helpdesk LKPP",
            members=[helpdesk_lkpp],
        ),
        reporter_a=reporter_a,
        reporter_b=reporter_b,
        staff_lpse=staff_lpse,
        staff_other_lpse=staff_other_lpse,
        helpdesk_lkpp=helpdesk_lkpp,
    )


def make_ticket(
    world: TicketWorld,
    reporter: User | None = None,
    files: Sequence[UploadedFile] = (),
    **overrides: Any,
) -> Ticket:
    """File a valid SPSE ticket through ``ticket_create`` (``overrides`` replace its arguments)."""
    arguments: dict[str, Any] = {
        "reporter": reporter or world.reporter_a,
        "title": "Gagal mengunduh dokumen pemilihan",
        "version_id": world.spse_version.pk,
        "subcategory_id": world.subcategory.pk,
        "application_id": world.spse.pk,
        "description": "Dokumen pemilihan tidak dapat diunduh sejak pagi tadi.",
        "files": files,
    }
    arguments.update(overrides)
    return ticket_create(**arguments)
