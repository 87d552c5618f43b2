"""ticket_create (SPEC §2, R-NUM, R-PRI, R-FILE): what one call writes, and that a refused or
failed call writes nothing — no ticket, no counter step, no file."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.attachments import AttachmentRejected
from lpse_support.tickets.models import (
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketMessage,
    TicketNumberCounter,
    TicketTeam,
)
from lpse_support.tickets.numbering import local_day
from lpse_support.tickets.services.ticket_create import ManualTender
from lpse_support.tickets.workflow import Action, Status
from tests.support.admin_factories import TenderFactory, TenderStageFactory
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import PDF_BYTES, PNG_BYTES, sample_upload, stored_files

pytestmark = pytest.mark.django_db
NUMBER_RE = re.compile(r"^T[A-Z]{2}\d{6}\d{4,}$")
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def freeze(monkeypatch: pytest.MonkeyPatch) -> Any:
    def _freeze(moment: datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return _freeze


def test_creation_writes_the_ticket_in_baru_with_number_route_and_history(
    ticket_world: TicketWorld, freeze: Any
) -> None:
    # 23:30 UTC on Monday 2 February is already Tuesday 06:30 in Jakarta.
    moment = datetime(2026, 2, 2, 23, 30, tzinfo=UTC)
    freeze(moment)

    ticket = make_ticket(ticket_world)

    assert NUMBER_RE.match(ticket.number)
    assert ticket.number == "TPS2602030001"
    assert ticket.status == Status.BARU
    assert ticket.team == ticket_world.team_lpse
    assert ticket.position == ticket_world.team_lpse.position_label == "Helpdesk LPSE"
    assert ticket.assignee is None
    assert ticket.reporter_category == ticket_world.category_ppk
    assert ticket.reporter_lpse == ticket_world.lpse
    assert ticket.category == ticket_world.category
    assert ticket.ticket_type == ticket_world.ticket_type
    assert list(TicketTeam.objects.filter(ticket=ticket).values_list("team", flat=True)) == [
        ticket_world.team_lpse.pk
    ]
    messages = list(TicketMessage.objects.filter(ticket=ticket))
    assert len(messages) == 1
    assert messages[0].kind == TicketMessage.Kind.DESCRIPTION
    assert messages[0].body == ticket.description
    assert messages[0].author == ticket_world.reporter_a
    assert not messages[0].is_internal
    events = list(TicketEvent.objects.filter(ticket=ticket))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        (Action.CREATE, "", Status.BARU)
    ]
    assert events[0].actor == ticket_world.reporter_a
    assert events[0].team == ticket_world.team_lpse


def test_priority_reasons_and_sla_due_times_are_stored(
    ticket_world: TicketWorld, freeze: Any
) -> None:
    freeze(datetime(2026, 2, 2, 23, 30, tzinfo=UTC))

    ticket = make_ticket(ticket_world)

    assert ticket.priority == ticket_world.priorities["medium"]
    assert ticket.priority_reasons == ["Sub kategori: Medium"]
    # Before opening: the clock starts at 08:00; Medium = 8 working hours to respond, 3 days
    # to resolve (working hours 08–16, Monday to Friday).
    assert ticket.response_due_at == datetime(2026, 2, 3, 16, 0, tzinfo=JAKARTA)
    assert ticket.resolution_due_at == datetime(2026, 2, 5, 16, 0, tzinfo=JAKARTA)
    assert ticket.response_due_at < ticket.resolution_due_at


def test_a_stage_closing_within_24_hours_raises_a_deadline_sensitive_ticket(
    ticket_world: TicketWorld,
) -> None:
    stage = TenderStageFactory.create(
        tender__lpse=ticket_world.lpse,
        name="Upload Dokumen Penawaran",
        start=timezone.now() - timedelta(days=2),
        end=timezone.now() + timedelta(hours=5),
    )

    ticket = make_ticket(
        ticket_world,
        subcategory_id=ticket_world.deadline_subcategory.pk,
        tender_code=stage.tender.code,
    )

    assert ticket.priority == ticket_world.priorities["emergency"]
    assert ticket.priority_reasons[0] == "Sub kategori: Medium"
    assert any("Upload Dokumen Penawaran" in reason for reason in ticket.priority_reasons)
    assert ticket.tender_code == stage.tender.code
    assert ticket.tender_data["source"] == "warehouse"
    assert ticket.tender_data["name"] == stage.tender.name
    assert ticket.tender_data["stage_name"] == "Upload Dokumen Penawaran"
    assert ticket.tender_data["hps"] == str(stage.tender.hps)
    assert ticket.tender_data["lpse_name"] == ticket_world.lpse.name


def test_a_tender_does_not_raise_a_subcategory_that_is_not_deadline_sensitive(
    ticket_world: TicketWorld,
) -> None:
    stage = TenderStageFactory.create(end=timezone.now() + timedelta(hours=5))

    ticket = make_ticket(ticket_world, tender_code=stage.tender.code)

    assert ticket.priority == ticket_world.priorities["medium"]
    assert ticket.tender_data["code"] == stage.tender.code


def test_a_manual_tender_is_kept_as_typed(ticket_world: TicketWorld) -> None:
    manual = ManualTender(
        code="87654321",
        spse_build="SPSE v4.3u20190904",
        fiscal_year=2025,
        hps=Decimal("250000000.00"),
        procurement_category="Jasa Konsultansi",
    )

    ticket = make_ticket(ticket_world, tender_code="11111111", manual_tender=manual)

    assert ticket.tender_code == "87654321"
    assert ticket.tender_data["source"] == "manual"
    assert ticket.tender_data["spse_build"] == "SPSE v4.3u20190904"
    assert ticket.tender_data["fiscal_year"] == 2025
    assert ticket.tender_data["hps"] == "250000000.00"
    assert ticket.tender_data["procurement_category"] == "Jasa Konsultansi"


def test_an_unknown_tender_code_is_refused_on_its_field(ticket_world: TicketWorld) -> None:
    TenderFactory.create(code="12345678")

    with pytest.raises(InvalidInput) as caught:
        make_ticket(ticket_world, tender_code="99999999")

    assert caught.value.field == "tender_code"
    assert Ticket.objects.count() == 0


def test_files_are_stored_under_generated_names_with_original_names_kept(
    ticket_world: TicketWorld, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    # The files reach their final names once the ticket is committed (docs/attachments.md).
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(
            ticket_world,
            files=[sample_upload("Tangkapan Layar.PNG"), sample_upload("../../berita acara.pdf")],
        )

    attachments = list(TicketAttachment.objects.filter(ticket=ticket).order_by("sequence"))
    assert [a.stored_name for a in attachments] == [
        f"pelapor_{ticket.number}_001.png",
        f"pelapor_{ticket.number}_002.pdf",
    ]
    assert [a.original_name for a in attachments] == ["Tangkapan Layar.PNG", "berita acara.pdf"]
    assert [a.sequence for a in attachments] == [1, 2]
    assert [a.side for a in attachments] == ["pelapor", "pelapor"]
    assert [a.content_type for a in attachments] == ["image/png", "application/pdf"]
    assert [a.size for a in attachments] == [len(PNG_BYTES), len(PDF_BYTES)]
    description = TicketMessage.objects.get(ticket=ticket)
    assert all(a.message_id == description.pk for a in attachments)
    assert all(a.uploaded_by == ticket_world.reporter_a for a in attachments)
    assert attachments[0].file.name == f"tickets/{ticket.number}/pelapor_{ticket.number}_001.png"
    with default_storage.open(attachments[1].file.name, "rb") as stored:
        assert stored.read() == PDF_BYTES
    assert [path.name for path in stored_files(media_root)] == [
        f"pelapor_{ticket.number}_001.png",
        f"pelapor_{ticket.number}_002.pdf",
    ]


def _assert_nothing_written(media_root: Path) -> None:
    assert Ticket.objects.count() == 0
    assert TicketMessage.objects.count() == 0
    assert TicketEvent.objects.count() == 0
    assert TicketAttachment.objects.count() == 0
    assert TicketNumberCounter.objects.filter(last_value__gt=0).count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "J" * 101}, "title"),
        ({"title": "   "}, "title"),
        ({"description": "terlalu pendek"}, "description"),
        ({"version": "other"}, "version"),
        ({"subcategory": "other"}, "subcategory"),
        ({"error_code": "kode error!"}, "error_code"),
    ],
)
def test_invalid_input_names_its_field_and_creates_nothing(
    ticket_world: TicketWorld, media_root: Path, overrides: dict[str, str], field: str
) -> None:
    arguments: dict[str, Any] = dict(overrides)
    if arguments.pop("version", None):
        arguments["version_id"] = ticket_world.other_version.pk
    if arguments.pop("subcategory", None):
        arguments["subcategory_id"] = ticket_world.other_subcategory.pk

    with pytest.raises(InvalidInput) as caught:
        make_ticket(ticket_world, files=[sample_upload("bukti.png")], **arguments)

    assert caught.value.field == field
    _assert_nothing_written(media_root)
    assert make_ticket(ticket_world).number.endswith("0001")


def test_title_of_exactly_100_and_description_of_exactly_15_are_accepted(
    ticket_world: TicketWorld,
) -> None:
    ticket = make_ticket(ticket_world, title="J" * 100, description="  " + "d" * 15 + "  ")

    assert len(ticket.title) == 100
    assert ticket.description == "d" * 15


def test_a_rejected_file_creates_nothing(ticket_world: TicketWorld, media_root: Path) -> None:
    with pytest.raises(AttachmentRejected) as caught:
        make_ticket(
            ticket_world,
            files=[sample_upload("bukti.png"), sample_upload("skrip.png", b"<?php echo 1; ?>")],
        )

    assert caught.value.field == "files"
    _assert_nothing_written(media_root)


def test_a_failure_after_files_were_stored_leaves_no_ticket_and_no_file(
    ticket_world: TicketWorld, media_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored_before_failure: list[Path] = []

    def fail(**kwargs: Any) -> None:
        stored_before_failure.extend(stored_files(media_root))
        raise RuntimeError("database hilang")

    monkeypatch.setattr(TicketEvent.objects, "create", fail)

    with pytest.raises(RuntimeError, match="database hilang"):
        make_ticket(ticket_world, files=[sample_upload("bukti.png"), sample_upload("a.pdf")])

    assert len(stored_before_failure) == 2  # the files really were written, then removed
    _assert_nothing_written(media_root)
    monkeypatch.undo()
    assert make_ticket(ticket_world).number.endswith("0001")


def test_the_same_idempotency_key_twice_returns_the_first_ticket(
    ticket_world: TicketWorld, media_root: Path
) -> None:
    key = uuid.uuid4()

    first = make_ticket(ticket_world, idempotency_key=key, files=[sample_upload("bukti.png")])
    second = make_ticket(ticket_world, idempotency_key=key, files=[sample_upload("bukti.png")])

    assert second.pk == first.pk
    assert second.number == first.number
    assert Ticket.objects.count() == 1
    assert TicketAttachment.objects.count() == 1
    assert len(stored_files(media_root)) == 1


def test_the_same_key_from_another_reporter_is_another_ticket(ticket_world: TicketWorld) -> None:
    key = uuid.uuid4()

    first = make_ticket(ticket_world, idempotency_key=key)
    other = make_ticket(ticket_world, reporter=ticket_world.reporter_b, idempotency_key=key)

    assert other.pk != first.pk


def test_sequences_run_per_prefix_and_day(ticket_world: TicketWorld, freeze: Any) -> None:
    freeze(datetime(2026, 2, 3, 3, 0, tzinfo=UTC))

    numbers = [make_ticket(ticket_world).number for _ in range(3)]
    other_app = make_ticket(
        ticket_world,
        application_id=ticket_world.other_app.pk,
        version_id=ticket_world.other_version.pk,
        subcategory_id=ticket_world.other_subcategory.pk,
    ).number
    freeze(datetime(2026, 2, 4, 3, 0, tzinfo=UTC))
    next_day = make_ticket(ticket_world).number

    assert numbers == ["TPS2602030001", "TPS2602030002", "TPS2602030003"]
    assert other_app == "TPR2602030001"
    assert next_day == "TPS2602040001"


def test_the_sequence_grows_to_five_digits_after_9999(
    ticket_world: TicketWorld, freeze: Any
) -> None:
    moment = datetime(2026, 2, 3, 3, 0, tzinfo=UTC)
    freeze(moment)
    TicketNumberCounter.objects.create(prefix="TPS", day=local_day(moment), last_value=9999)

    ticket = make_ticket(ticket_world)

    assert ticket.number == "TPS26020310000"
    assert NUMBER_RE.match(ticket.number)
