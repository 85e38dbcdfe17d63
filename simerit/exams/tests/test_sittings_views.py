"""Sitting pages: Admin BKPSDM writes, the Auditor reads, everyone else gets 403."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from simerit.exams.models import Participant, Sitting, SittingProctor
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_sittings import (
    blueprint_with_formasi,
    exam_audit,
    ms_applications,
    participant,
    sitting,
)
from simerit.recruitment.models import Application
from simerit.recruitment.tests.factories import ApplicationFactory


def form_data(blueprint=None, **kwargs):
    values = {
        "code": "SKD-BARU",
        "starts_at": (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        "site": "UPT BKN Palembang",
        "room": "Ruang 2",
        "capacity": "30",
        "pin_cutoff_minutes": "5",
    }
    if blueprint is not None:
        values["blueprint"] = str(blueprint.pk)
    values.update(kwargs)
    return values


# --- list


def test_sitting_list_shows_sittings_with_their_fill(client, hr_admin):
    item = sitting(make_skd_blueprint(), code="SKD-01", capacity=40)
    participant(item)
    client.force_login(hr_admin)

    response = client.get(reverse("exams:sitting-list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "SKD-01" in page
    assert "1 / 40" in page
    assert reverse("exams:sitting-create") in page


def test_sitting_list_filters_by_blueprint_and_date(client, hr_admin):
    blueprint = make_skd_blueprint()
    day = timezone.now() + dt.timedelta(days=3)
    sitting(blueprint, code="WANTED", starts_at=day)
    sitting(blueprint, code="OTHER-DAY", starts_at=day + dt.timedelta(days=1))
    sitting(make_skd_blueprint(), code="OTHER-BP", starts_at=day)
    client.force_login(hr_admin)

    response = client.get(
        reverse("exams:sitting-list"),
        {"blueprint": blueprint.pk, "date": timezone.localtime(day).date().isoformat()},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert "WANTED" in page
    assert "OTHER-DAY" not in page
    assert "OTHER-BP" not in page
    assert "<form" not in page  # the HTMX answer is the results partial


def test_sitting_list_empty_state_and_pages(client, auditor):
    client.force_login(auditor)
    empty = client.get(reverse("exams:sitting-list"))
    assert b'data-testid="empty-state"' in empty.content
    assert reverse("exams:sitting-create").encode() not in empty.content

    blueprint = make_skd_blueprint()
    for number in range(26):
        sitting(blueprint, code=f"S{number:02d}")
    second = client.get(reverse("exams:sitting-list"), {"page": 2})
    assert second.content.count(b"<code>S") == 1


@pytest.mark.parametrize("persona", ["proctor", "applicant", "employee"])
def test_sitting_pages_are_403_for_other_roles(client, db, request, persona):
    item = sitting(make_skd_blueprint())
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("exams:sitting-list"),
        reverse("exams:sitting-detail", args=[item.pk]),
        reverse("exams:sitting-export", args=[item.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("exams:sitting-list"))
    assert response.status_code == 302
    assert "/masuk/" in response["Location"] or "login" in response["Location"]


# --- create and edit


def test_admin_creates_a_sitting(client, hr_admin):
    blueprint = make_skd_blueprint()
    client.force_login(hr_admin)

    response = client.post(
        reverse("exams:sitting-create"), form_data(blueprint, is_accessible="on")
    )

    created = Sitting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exams:sitting-detail", args=[created.pk])
    assert (created.code, created.capacity, created.is_accessible) == ("SKD-BARU", 30, True)
    assert exam_audit() == ["exams.sitting.created"]


def test_create_shows_the_services_refusal_on_the_form(client, hr_admin):
    blueprint = make_skd_blueprint()
    sitting(blueprint, code="SKD-BARU")
    client.force_login(hr_admin)

    response = client.post(reverse("exams:sitting-create"), form_data(blueprint))

    assert response.status_code == 200
    assert "Kode sesi SKD-BARU sudah dipakai sesi lain." in response.content.decode()
    assert Sitting.objects.count() == 1


def test_the_auditor_cannot_create_or_edit(client, auditor):
    blueprint = make_skd_blueprint()
    item = sitting(blueprint, room="Ruang 1")
    client.force_login(auditor)

    created = client.post(reverse("exams:sitting-create"), form_data(blueprint))
    edited = client.post(
        reverse("exams:sitting-edit", args=[item.pk]), form_data(code=item.code, room="X")
    )

    assert (created.status_code, edited.status_code) == (403, 403)
    assert Sitting.objects.count() == 1
    item.refresh_from_db()
    assert item.room == "Ruang 1"
    assert exam_audit() == []


def test_admin_edits_a_sitting(client, hr_admin):
    item = sitting(make_skd_blueprint(), code="S1", room="Ruang 1")
    client.force_login(hr_admin)
    starts = timezone.localtime(item.starts_at).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("exams:sitting-edit", args=[item.pk]),
        form_data(code="S1", room="Ruang 9", starts_at=starts, capacity="40"),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.room == "Ruang 9"


# --- detail, proctors, participants


def test_detail_lists_participants_for_the_auditor_read_only(client, auditor):
    item = sitting(make_skd_blueprint(), code="S1")
    seat = participant(item, seat_number=3, extra_minutes=30, accommodation_note="Tunanetra")
    client.force_login(auditor)

    response = client.get(reverse("exams:sitting-detail", args=[item.pk]))

    page = response.content.decode()
    assert seat.application.registration_number in page
    assert "+30 menit" in page
    assert "Tunanetra" in page
    assert reverse("exams:sitting-edit", args=[item.pk]) not in page
    assert reverse("exams:sitting-proctor-add", args=[item.pk]) not in page


def test_admin_assigns_and_removes_a_proctor(client, hr_admin, proctor):
    item = sitting(make_skd_blueprint())
    client.force_login(hr_admin)

    client.post(reverse("exams:sitting-proctor-add", args=[item.pk]), {"user": proctor.pk})
    assert SittingProctor.objects.filter(sitting=item, user=proctor).exists()
    detail = client.get(reverse("exams:sitting-detail", args=[item.pk]))
    assert b'data-testid="proctors"' in detail.content

    client.post(reverse("exams:sitting-proctor-remove", args=[item.pk, proctor.pk]))
    assert SittingProctor.objects.exists() is False
    assert exam_audit() == ["exams.proctor.assigned", "exams.proctor.removed"]


def test_a_non_proctor_account_cannot_be_picked(client, hr_admin, employee):
    item = sitting(make_skd_blueprint())
    client.force_login(hr_admin)

    response = client.post(
        reverse("exams:sitting-proctor-add", args=[item.pk]), {"user": employee.pk}, follow=True
    )

    assert "Pilih akun pengawas ujian" in response.content.decode()
    assert SittingProctor.objects.exists() is False


def test_automatic_placement_shows_the_report(client, hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, code="S1", capacity=5, starts_at=timezone.now() + dt.timedelta(days=1))
    sitting(blueprint, code="S2", capacity=5, starts_at=timezone.now() + dt.timedelta(days=2))
    ms_applications(formasi, 3)
    client.force_login(hr_admin)

    response = client.post(reverse("exams:sitting-assign"), {"blueprint": blueprint.pk})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="placement-report"' in page
    assert "<strong>3</strong> peserta ditempatkan sekarang" in page
    assert Participant.objects.count() == 3


def test_automatic_placement_shows_the_refusal_and_places_nobody(client, hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, capacity=1)
    ms_applications(formasi, 2)
    client.force_login(hr_admin)

    response = client.post(reverse("exams:sitting-assign"), {"blueprint": blueprint.pk})

    assert response.status_code == 422
    assert "1 dari 2 pelamar MS belum mendapat tempat" in response.content.decode()
    assert Participant.objects.exists() is False


def test_the_auditor_cannot_run_the_placement(client, auditor):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint)
    ms_applications(formasi, 1)
    client.force_login(auditor)

    response = client.post(reverse("exams:sitting-assign"), {"blueprint": blueprint.pk})

    assert response.status_code == 403
    assert Participant.objects.exists() is False
    assert exam_audit() == []


def test_admin_moves_a_participant(client, hr_admin):
    blueprint = make_skd_blueprint()
    source = sitting(blueprint, code="A")
    target = sitting(blueprint, code="B")
    seat = participant(source)
    client.force_login(hr_admin)

    response = client.post(
        reverse("exams:sitting-participant-move", args=[seat.pk]), {"sitting": target.pk}
    )

    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.sitting_id, seat.seat_number) == (target.pk, 1)


def test_a_refused_move_shows_the_reason(client, hr_admin):
    blueprint = make_skd_blueprint()
    seat = participant(sitting(blueprint, code="A"))
    full = sitting(blueprint, code="FULL", capacity=1)
    participant(full, seat_number=1)
    client.force_login(hr_admin)

    response = client.post(
        reverse("exams:sitting-participant-move", args=[seat.pk]), {"sitting": full.pk}
    )

    assert response.status_code == 422
    assert "Sesi FULL sudah penuh (kapasitas 1)." in response.content.decode()


def test_admin_sets_an_accommodation(client, hr_admin):
    seat = participant(sitting(make_skd_blueprint()))
    client.force_login(hr_admin)

    client.post(
        reverse("exams:sitting-participant-accommodation", args=[seat.pk]),
        {"extra_minutes": "30", "note": "Tunanetra"},
    )
    page = client.get(reverse("exams:sitting-participant", args=[seat.pk])).content.decode()

    seat.refresh_from_db()
    assert (seat.extra_minutes, seat.accommodation_note) == (30, "Tunanetra")
    assert "Tambahan waktu 30 menit (durasi 130 menit); Tunanetra" in page


def test_an_accommodation_without_reason_is_refused_on_the_form(client, hr_admin):
    seat = participant(sitting(make_skd_blueprint()))
    client.force_login(hr_admin)

    response = client.post(
        reverse("exams:sitting-participant-accommodation", args=[seat.pk]),
        {"extra_minutes": "30", "note": ""},
    )

    assert response.status_code == 422
    assert "Tuliskan alasan tambahan waktu" in response.content.decode()
    seat.refresh_from_db()
    assert seat.extra_minutes == 0


def test_admin_removes_a_participant(client, hr_admin):
    item = sitting(make_skd_blueprint())
    seat = participant(item)
    client.force_login(hr_admin)

    response = client.post(reverse("exams:sitting-participant-remove", args=[seat.pk]))

    assert response["Location"] == reverse("exams:sitting-detail", args=[item.pk])
    assert Participant.objects.exists() is False


def test_the_auditor_cannot_change_a_participant(client, auditor):
    blueprint = make_skd_blueprint()
    seat = participant(sitting(blueprint))
    target = sitting(blueprint)
    client.force_login(auditor)

    assert client.get(reverse("exams:sitting-participant", args=[seat.pk])).status_code == 200
    responses = [
        client.post(
            reverse("exams:sitting-participant-move", args=[seat.pk]), {"sitting": target.pk}
        ),
        client.post(
            reverse("exams:sitting-participant-accommodation", args=[seat.pk]),
            {"extra_minutes": "30", "note": "x"},
        ),
        client.post(reverse("exams:sitting-participant-remove", args=[seat.pk])),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    seat.refresh_from_db()
    assert (seat.sitting.pk, seat.extra_minutes) == (seat.sitting_id, 0)
    assert Participant.objects.count() == 1
    assert exam_audit() == []


# --- export


def test_export_lists_participants_without_nik_and_formula_safe(client, auditor):
    item = sitting(make_skd_blueprint(), code="S1")
    application = ApplicationFactory.create(
        status=Application.Status.MS,
        formasi__period=item.blueprint.period,
        applicant__name="=HYPERLINK(1)",
    )
    participant(item, application=application, seat_number=1, extra_minutes=30)
    client.force_login(auditor)

    response = client.get(reverse("exams:sitting-export", args=[item.pk]))

    assert response.status_code == 200
    assert 'filename="peserta-s1.xlsx"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kursi", "Nomor pendaftaran", "Nama")
    assert rows[1][:3] == (1, application.registration_number, "=HYPERLINK(1)")
    assert rows[1][6] == 30
    assert sheet.cell(row=2, column=3).data_type == "s"
    assert application.applicant.nik not in str(rows)
