import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.training.models import Enrolment, Meeting, TrainingClass
from simerit.training.tests.factories import (
    MeetingFactory,
    ProgrammeFactory,
    TrainingClassFactory,
)
from simerit.training.tests.factories_classes import participant, running_class

pytestmark = pytest.mark.django_db

Status = TrainingClass.Status


def url(name: str, *args) -> str:
    return reverse(f"training:{name}", args=args)


def training_actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="training.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


# --- list


def test_hr_lists_and_filters_classes(client, hr_admin):
    TrainingClassFactory.create(name="Angkatan Buka")
    TrainingClassFactory.create(name="Angkatan Draf", status=Status.DRAFT)
    client.force_login(hr_admin)

    html = client.get(url("class-list")).content.decode()
    assert "Angkatan Buka" in html
    assert "Angkatan Draf" in html
    assert 'data-testid="class-create"' in html

    filtered = client.get(url("class-list"), {"status": "draft"}).content.decode()
    assert "Angkatan Draf" in filtered
    assert "Angkatan Buka" not in filtered

    partial = client.get(url("class-list"), {"q": "tidak ada"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content
    assert b'data-testid="empty-state"' in partial.content


def test_the_list_filters_by_the_year_a_class_ends_and_writes_jp_alike(client, hr_admin):
    TrainingClassFactory.create(
        name="Lintas Tahun",
        starts_on=dt.date(2026, 12, 28),
        ends_on=dt.date(2027, 1, 3),
        enrolment_closes_on=dt.date(2026, 12, 20),
        jp=Decimal("12.5"),
    )
    TrainingClassFactory.create(name="Desember", jp=Decimal("12.0"))
    client.force_login(hr_admin)

    html = client.get(url("class-list")).content.decode()
    of_2027 = client.get(url("class-list"), {"year": "2027"}).content.decode()

    assert '<label class="form-label small" for="id_year">Tahun selesai</label>' in html
    assert '<td class="text-end">12,5</td>' in html
    assert '<td class="text-end">12</td>' in html
    assert "Lintas Tahun" in of_2027
    assert "Desember" not in of_2027


def test_the_auditor_reads_the_list_without_managing(client, auditor):
    TrainingClassFactory.create(name="Angkatan Buka")
    client.force_login(auditor)
    html = client.get(url("class-list")).content.decode()
    assert "Angkatan Buka" in html
    assert 'data-testid="class-create"' not in html


def test_the_list_is_for_hr_and_the_auditor(client, employee):
    client.force_login(employee)
    assert client.get(url("class-list")).status_code == 403
    client.logout()
    assert client.get(url("class-list")).status_code == 302


# --- detail


def test_an_employee_sees_an_open_class_with_the_enrolment_panel(client, employee):
    training_class = TrainingClassFactory.create(online_url="https://zoom.us/j/rahasia")
    MeetingFactory.create(training_class=training_class, number=1, topic="Pembukaan")
    client.force_login(employee)

    response = client.get(url("class-detail", training_class.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="enrol-panel"' in html
    assert "Pembukaan" in html
    assert "https://zoom.us/j/rahasia" not in html  # only for seat holders
    assert 'data-testid="class-actions"' not in html
    assert 'data-testid="roster-link"' not in html


def test_a_participant_sees_the_link_and_their_attendance(client, employee, hr_admin):
    training_class = running_class(online_url="https://zoom.us/j/rahasia")
    meeting = MeetingFactory.create(training_class=training_class, number=1)
    MeetingFactory.create(training_class=training_class, number=2, starts_at=meeting.ends_at)
    seat = participant(training_class, employee)
    meeting.attendance.create(enrolment=seat, method="qr", recorded_by=employee)
    client.force_login(employee)

    html = client.get(url("class-detail", training_class.pk)).content.decode()

    assert "https://zoom.us/j/rahasia" in html
    assert "1 dari 2 pertemuan" in html
    assert Employee.objects.get(user=employee).nik not in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CANCELLED])
def test_unpublished_classes_are_404_for_employees(client, employee, status):
    training_class = TrainingClassFactory.create(status=status)
    client.force_login(employee)
    assert client.get(url("class-detail", training_class.pk)).status_code == 404


def test_a_class_for_another_unit_is_404(client, employee, org):
    training_class = TrainingClassFactory.create(work_unit=org.disdik)
    client.force_login(employee)
    assert client.get(url("class-detail", training_class.pk)).status_code == 404


def test_the_class_page_writes_jp_alike_and_links_the_staff_pages(client, hr_admin, employee):
    training_class = TrainingClassFactory.create(jp=Decimal("12.0"))
    client.force_login(hr_admin)

    html = client.get(url("class-detail", training_class.pk)).content.decode()

    assert '<strong data-testid="class-jp">12 JP</strong>' in html
    assert f'href="{url("class-certificates", training_class.pk)}"' in html
    assert f'href="{url("class-evaluation", training_class.pk)}"' in html
    assert f'href="{url("class-list")}"' in html
    client.force_login(employee)
    staff_less = client.get(url("class-detail", training_class.pk)).content.decode()
    assert url("class-certificates", training_class.pk) not in staff_less
    assert f'href="{url("catalogue")}"' in staff_less


def test_the_programme_link_needs_an_active_programme_or_a_reader(client, employee, auditor):
    """An employee enrolled in a class of a deactivated programme sees its name, not a link that
    would answer 404 (the catalogue hides inactive programmes from them)."""
    training_class = TrainingClassFactory.create(programme=ProgrammeFactory.create(is_active=False))
    participant(training_class, employee)
    programme_url = url("programme-detail", training_class.programme_id)
    client.force_login(employee)
    assert programme_url not in client.get(url("class-detail", training_class.pk)).content.decode()
    client.force_login(auditor)
    assert programme_url in client.get(url("class-detail", training_class.pk)).content.decode()


def test_an_opd_admin_without_an_employee_record_opens_a_class_of_its_opd(client, opd_admin, org):
    training_class = TrainingClassFactory.create(work_unit=org.dinkes_division)
    client.force_login(opd_admin)
    response = client.get(url("class-detail", training_class.pk))
    assert response.status_code == 200
    assert "Hanya pegawai dengan data kepegawaian yang dapat mendaftar." not in (
        response.content.decode()
    )


def test_hr_sees_a_draft_with_its_actions(client, hr_admin):
    training_class = TrainingClassFactory.create(status=Status.DRAFT)
    client.force_login(hr_admin)
    html = client.get(url("class-detail", training_class.pk)).content.decode()
    assert 'data-testid="open-class"' in html
    assert 'data-testid="add-meeting"' in html
    assert 'data-testid="cancel-class"' in html
    assert 'data-testid="no-meetings"' in html


# --- create and edit


def class_post(**overrides) -> dict[str, str]:
    values = {
        "name": "Angkatan I",
        "starts_on": "2026-12-14",
        "ends_on": "2026-12-16",
        "enrolment_closes_on": "2026-12-10",
        "capacity": "30",
        "venue": "Aula BKPSDM",
        "online_url": "",
        "jp": "",
        "min_attendance_percent": "80",
        "work_unit": "",
    }
    values.update(overrides)
    return values


def test_hr_creates_a_class_from_the_form(client, hr_admin):
    programme = ProgrammeFactory.create()
    client.force_login(hr_admin)
    form_page = client.get(url("class-create"), {"program": programme.pk})
    assert f'<option value="{programme.pk}" selected>' in form_page.content.decode()

    response = client.post(url("class-create"), class_post(programme=str(programme.pk)))

    created = TrainingClass.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("class-detail", created.pk)
    assert (created.status, created.jp) == (Status.DRAFT, programme.jp)


def test_a_refused_form_is_shown_again_with_the_services_messages(client, hr_admin):
    programme = ProgrammeFactory.create()
    client.force_login(hr_admin)

    response = client.post(
        url("class-create"), class_post(programme=str(programme.pk), jp="-5", capacity="0")
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "JP tidak boleh negatif; isi 0,5 sampai 999,9 JP." in html
    assert "Kapasitas harus antara 1 dan 5.000 peserta." in html
    assert TrainingClass.objects.count() == 0


def test_employees_cannot_create_or_edit(client, employee):
    programme = ProgrammeFactory.create()
    training_class = TrainingClassFactory.create()
    client.force_login(employee)
    assert client.post(
        url("class-create"), class_post(programme=str(programme.pk))
    ).status_code == (403)
    assert client.post(url("class-edit", training_class.pk), class_post()).status_code == 403
    assert TrainingClass.objects.count() == 1
    training_class.refresh_from_db()
    assert training_class.name != "Angkatan I"


def test_hr_edits_a_class(client, hr_admin):
    training_class = TrainingClassFactory.create()
    client.force_login(hr_admin)
    assert client.get(url("class-edit", training_class.pk)).status_code == 200

    response = client.post(url("class-edit", training_class.pk), class_post(capacity="45"))

    assert response.status_code == 302
    training_class.refresh_from_db()
    assert (training_class.capacity, training_class.name) == (45, "Angkatan I")


# --- state changes


def test_hr_opens_closes_and_cancels(client, hr_admin):
    training_class = TrainingClassFactory.create(status=Status.DRAFT)
    client.force_login(hr_admin)

    opened = client.post(url("class-open", training_class.pk), follow=True)
    assert "Pendaftaran kelas dibuka." in opened.content.decode()
    client.post(url("class-close", training_class.pk))
    refused = client.post(url("class-cancel", training_class.pk), {"batal-reason": ""}, follow=True)
    assert "Bidang ini tidak boleh kosong." in refused.content.decode()
    training_class.refresh_from_db()
    assert training_class.status == Status.CLOSED

    client.post(url("class-cancel", training_class.pk), {"batal-reason": "Anggaran dialihkan."})

    training_class.refresh_from_db()
    assert training_class.status == Status.CANCELLED
    assert training_actions() == [
        "training.class.opened",
        "training.class.closed",
        "training.class.cancelled",
    ]


def test_a_refused_state_change_is_a_message(client, hr_admin):
    training_class = running_class(status=Status.DRAFT)
    client.force_login(hr_admin)
    response = client.post(url("class-open", training_class.pk), follow=True)
    assert "Batas pendaftaran kelas ini sudah lewat" in response.content.decode()
    training_class.refresh_from_db()
    assert training_class.status == Status.DRAFT


def test_writes_by_others_are_403_on_a_visible_class_and_404_on_a_hidden_one(
    client, employee, auditor
):
    visible = TrainingClassFactory.create()
    hidden = TrainingClassFactory.create(status=Status.DRAFT)
    client.force_login(employee)
    for name in ("class-close", "class-complete"):
        assert client.post(url(name, visible.pk)).status_code == 403
    assert client.post(url("class-cancel", visible.pk), {"batal-reason": "x"}).status_code == 403
    assert client.post(url("class-cancel", visible.pk), {"batal-reason": ""}).status_code == 403
    assert client.post(url("class-open", hidden.pk)).status_code == 404
    client.force_login(auditor)
    assert client.post(url("class-close", visible.pk)).status_code == 403
    assert set(TrainingClass.objects.values_list("status", flat=True)) == {"open", "draft"}
    assert training_actions() == []


def test_the_state_changes_are_posts(client, hr_admin):
    training_class = TrainingClassFactory.create(status=Status.DRAFT)
    client.force_login(hr_admin)
    assert client.get(url("class-open", training_class.pk)).status_code == 405


# --- meetings


def test_hr_adds_edits_and_cancels_a_meeting(client, hr_admin):
    training_class = TrainingClassFactory.create()
    client.force_login(hr_admin)

    created = client.post(
        url("meeting-create", training_class.pk),
        {
            "number": "",
            "topic": "Pembukaan",
            "starts_at": "2026-12-14T08:00",
            "ends_at": "2026-12-14T12:00",
        },
    )
    meeting = Meeting.objects.get()
    assert created.status_code == 302
    assert (meeting.number, meeting.starts_at) == (
        1,
        dt.datetime(2026, 12, 14, 1, 0, tzinfo=dt.UTC),
    )

    refused = client.post(
        url("meeting-edit", meeting.pk),
        {"topic": "Pembukaan", "starts_at": "2026-12-20T08:00", "ends_at": "2026-12-20T09:00"},
    )
    assert refused.status_code == 422
    assert "Pertemuan harus berada di antara tanggal mulai dan selesai kelas." in (
        refused.content.decode()
    )

    client.post(url("meeting-cancel", meeting.pk))
    meeting.refresh_from_db()
    assert meeting.is_cancelled is True


def test_employees_cannot_touch_meetings(client, employee):
    meeting = MeetingFactory.create()
    client.force_login(employee)
    assert client.post(url("meeting-cancel", meeting.pk)).status_code == 403
    assert client.get(url("meeting-create", meeting.training_class_id)).status_code == 403
    meeting.refresh_from_db()
    assert meeting.is_cancelled is False


# --- roster


def test_hr_sees_the_roster_with_result_forms(client, hr_admin):
    training_class = running_class()
    seat = participant(training_class, name="Peserta Satu")
    participant(training_class, name="Peserta Tunggu", status=Enrolment.Status.WAITLISTED)
    client.force_login(hr_admin)

    html = client.get(url("class-roster", training_class.pk)).content.decode()

    assert f'id="hasil-{seat.pk}"' in html
    assert f'name="hasil-{seat.pk}-outcome"' in html
    assert 'data-testid="assign-form"' in html
    assert "Peserta Tunggu" in html


def test_the_auditor_reads_the_roster_without_forms(client, auditor):
    training_class = running_class()
    seat = participant(training_class)
    waiting = participant(training_class, name="Tunggu", status=Enrolment.Status.WAITLISTED)
    client.force_login(auditor)
    html = client.get(url("class-roster", training_class.pk)).content.decode()
    assert "Peserta Satu" in html
    assert f'id="hasil-{seat.pk}"' not in html
    for enrolment in (seat, waiting):
        assert url("enrolment-cancel", enrolment.pk) not in html


def test_hr_cancels_a_participant_from_the_roster(client, hr_admin):
    """A cancel form per live enrolment (seat, waitlist, pending request), none for a decided
    participant; it posts to training:enrolment-cancel and comes back to the roster's page."""
    training_class = running_class(capacity=2)  # both seats taken: Duduk and Lulus
    seat = participant(training_class, name="Duduk")
    waiting = participant(training_class, name="Tunggu", status=Enrolment.Status.WAITLISTED)
    pending = participant(training_class, name="Minta", status=Enrolment.Status.PENDING)
    decided = participant(training_class, name="Lulus", status=Enrolment.Status.COMPLETED)
    client.force_login(hr_admin)
    roster_url = url("class-roster", training_class.pk)

    html = client.get(roster_url).content.decode()

    for live in (seat, waiting, pending):
        assert f'action="{url("enrolment-cancel", live.pk)}"' in html
    assert url("enrolment-cancel", decided.pk) not in html
    assert f'<input type="hidden" name="next" value="{roster_url}?page=1">' in html
    assert f'<input type="hidden" name="next" value="{roster_url}#antrean">' in html

    empty = client.post(
        url("enrolment-cancel", seat.pk), {"reason": " ", "next": f"{roster_url}?page=1"}
    )
    assert empty.status_code == 302
    seat.refresh_from_db()
    assert seat.status == Enrolment.Status.ENROLLED
    assert training_actions() == []

    done = client.post(
        url("enrolment-cancel", seat.pk),
        {"reason": "Dinas luar kota.", "next": f"{roster_url}?page=1"},
        follow=True,
    )

    assert done.redirect_chain == [(f"{roster_url}?page=1", 302)]
    assert "Keikutsertaan dibatalkan." in done.content.decode()
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.status, seat.cancel_reason) == (Enrolment.Status.CANCELLED, "Dinas luar kota.")
    assert waiting.status == Enrolment.Status.ENROLLED  # the freed seat went to the waitlist
    assert training_actions() == ["training.enrolment.cancelled", "training.enrolment.promoted"]


def test_hr_gets_no_result_form_on_their_own_row(client, hr_admin):
    training_class = running_class()
    EmployeeFactory.create(user=hr_admin, name="Admin BKPSDM")
    own = participant(training_class, hr_admin)
    other = participant(training_class, name="Peserta Dua")
    client.force_login(hr_admin)

    html = client.get(url("class-roster", training_class.pk)).content.decode()

    assert f'id="hasil-{other.pk}"' in html
    assert f'id="hasil-{own.pk}"' not in html
    assert "Data Anda sendiri: dinilai Admin BKPSDM lain." in html


def test_the_roster_is_403_for_an_employee_and_404_for_a_hidden_class(client, employee):
    visible = TrainingClassFactory.create()
    hidden = TrainingClassFactory.create(status=Status.DRAFT)
    client.force_login(employee)
    assert client.get(url("class-roster", visible.pk)).status_code == 403
    assert client.get(url("class-roster", hidden.pk)).status_code == 404
    assert client.get(url("class-roster-export", visible.pk)).status_code == 403
    assert training_actions() == []


def test_the_roster_export_is_a_workbook_and_is_audited(client, auditor, hr_admin):
    training_class = running_class()
    meeting = MeetingFactory.create(training_class=training_class, number=1)
    seat = participant(training_class, name="=HYPERLINK(1)")
    meeting.attendance.create(enrolment=seat, method="qr", recorded_by=hr_admin)
    client.force_login(auditor)

    response = client.get(url("class-roster-export", training_class.pk))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("NIP", "Nama", "Unit kerja")
    assert rows[1][11] == "Diputuskan pada (WIB)"
    assert rows[2][0] == seat.employee.nip
    assert rows[2][1] == "=HYPERLINK(1)"
    assert sheet.cell(row=3, column=2).data_type == "s"  # text, never a formula
    assert rows[2][5:8] == (1, 1, 100)
    event = AuditEvent.objects.get(action="training.roster.exported")
    assert (event.actor, event.changes) == (auditor, {"rows": 1})


def test_the_create_page_says_when_no_programme_is_active(client, hr_admin):
    ProgrammeFactory.create(is_active=False)
    client.force_login(hr_admin)
    html = client.get(url("class-create")).content.decode()
    assert 'data-testid="no-programmes"' in html


def test_the_meeting_form_shows_the_meeting(client, hr_admin):
    meeting = MeetingFactory.create(topic="Kebijakan ASN")
    client.force_login(hr_admin)
    html = client.get(url("meeting-edit", meeting.pk)).content.decode()
    assert 'value="Kebijakan ASN"' in html
    assert 'value="2026-12-14T08:00"' in html
