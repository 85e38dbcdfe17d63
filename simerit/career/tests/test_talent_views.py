"""The 9-box pages: the grid with counts and the people of a box or without one, the unit filter,
the export, the potential list with HR's form, removal and the import. Who may open what; a
refused request changes nothing."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.career.models import PotentialAssessment, TalentSettings
from simerit.career.selectors.talent import Legend
from simerit.career.tests.factories import make_office
from simerit.career.tests.factories_talent import assess, place_in_box

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    office = make_office()
    place_in_box(office.staff[0], 9)
    place_in_box(office.staff[1], 9)
    place_in_box(office.staff[2], 1)
    place_in_box(office.other, 5)
    return office


def _snapshot():
    return (
        list(PotentialAssessment.objects.values_list("pk", "score")),
        AuditEvent.objects.count(),
    )


def test_the_grid_shows_the_counts_and_those_without_a_box(client, office):
    client.force_login(office.admin)

    response = client.get(reverse("career:talent"))

    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["result"].counts == {9: 2, 1: 1}
    assert '<span class="fs-4 fw-bold" data-testid="count-9">2</span>' in page
    assert '<span class="fs-4 fw-bold" data-testid="count-5">0</span>' in page
    assert "Pegawai yang belum dapat ditempatkan" in page
    rows = [row.employee.name for row in response.context["page_obj"]]
    assert rows == ["Kabid Bina"]
    assert "Belum ada predikat final. Belum ada hasil asesmen potensial yang berlaku." in page
    assert "Pegawai Lain" not in page  # another OPD
    assert office.staff[0].nik not in page


def test_the_grid_shows_the_instansi_settings_it_uses(client, office):
    TalentSettings.objects.filter(pk=1).update(
        potential_medium_from=Decimal("62.50"),
        above_predikats=["sangat_baik", "baik"],
        as_expected_predikats=["butuh_perbaikan"],
        assessment_valid_years=2,
    )
    client.force_login(office.hr)

    response = client.get(reverse("career:talent"))

    page = response.content.decode()
    assert response.context["legend"] == Legend(
        medium_from="62,5",
        high_from="80",
        above=["Sangat Baik", "Baik"],
        as_expected=["Butuh Perbaikan"],
        valid_years=2,
    )
    assert "<strong>Pengaturan instansi</strong>" in page
    assert (
        "<li>Potensial: Rendah di bawah 62,5; Menengah mulai 62,5; Tinggi mulai 80. "
        "Hasil asesmen berlaku 2 tahun.</li>"
    ) in page
    assert (
        "<li>Kinerja: Di atas ekspektasi untuk predikat Sangat Baik, Baik; Sesuai ekspektasi "
        "untuk predikat Butuh Perbaikan; predikat lain Di bawah ekspektasi.</li>"
    ) in page


def test_the_seeded_settings_on_the_grid(client, office):
    client.force_login(office.admin)

    page = client.get(reverse("career:talent")).content.decode()

    assert "Rendah di bawah 60; Menengah mulai 60; Tinggi mulai 80." in page
    assert (
        "Di atas ekspektasi untuk predikat Sangat Baik; Sesuai ekspektasi untuk predikat Baik;"
        in (page)
    )


def test_a_box_lists_its_people_with_the_actions(client, office):
    client.force_login(office.hr)

    response = client.get(reverse("career:talent"), {"kotak": 9, "unit": office.unit.pk})

    assert response.status_code == 200
    assert [row.employee.name for row in response.context["page_obj"]] == ["Staf A", "Staf B"]
    page = response.content.decode()
    assert "Pegawai di Kotak 9: kinerja di atas ekspektasi, potensial tinggi" in page
    assert "<li>Masuk Kelompok Rencana Suksesi Instansi/Nasional</li>" in page
    assert "Sangat Baik (2025) · Di atas ekspektasi" in page


def test_an_empty_box_shows_an_empty_state(client, office):
    client.force_login(office.hr)

    response = client.get(reverse("career:talent"), {"kotak": 7})

    assert 'data-testid="empty-state">Belum ada pegawai di kotak ini.' in response.content.decode()


def test_a_unit_outside_the_scope_is_404_and_an_employee_is_refused(client, office):
    client.force_login(office.admin)
    assert client.get(reverse("career:talent"), {"unit": office.other_unit.pk}).status_code == 404

    client.force_login(office.user(office.staff[0]))
    assert client.get(reverse("career:talent")).status_code == 403
    assert client.get(reverse("career:potential_list")).status_code == 403


def test_a_supervisor_sees_their_team_only(client, office):
    client.force_login(office.user(office.chief))

    response = client.get(reverse("career:talent"), {"kotak": 9})

    assert [row.employee.name for row in response.context["page_obj"]] == ["Staf A", "Staf B"]
    assert response.context["result"].counts == {9: 2, 1: 1}


def test_the_export_downloads_the_scope(client, office):
    client.force_login(office.admin)

    response = client.get(reverse("career:talent_export"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="9-box-20261128.xlsx"'
    assert response["Cache-Control"] == "private, no-store"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    names = [row[1] for row in book["Pegawai"].iter_rows(min_row=2, values_only=True)]
    assert names == ["Kabid Bina", "Staf A", "Staf B", "Staf C"]
    assert AuditEvent.objects.filter(action="career.talent_grid.exported").count() == 1


def test_hr_records_a_score_on_the_potential_page(client, office):
    client.force_login(office.hr)

    response = client.post(
        reverse("career:potential_list"),
        {
            "nip": office.staff[2].nip,
            "assessed_on": "2026-11-20",
            "method": "Assessment center",
            "institution": "UPT Penilaian Kompetensi",
            "score": "82,25",
        },
        follow=True,
    )

    assert response.redirect_chain == [(reverse("career:potential_list"), 302)]
    saved = PotentialAssessment.objects.get(employee=office.staff[2], method="Assessment center")
    assert saved.score == Decimal("82.25")
    assert "Hasil asesmen potensial Staf C (82,25) tercatat." in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("score", "101", "Nilai potensial harus antara 0 dan 100."),
        ("score", "delapan", "Nilai potensial harus berupa angka, mis. 78,5."),
        ("assessed_on", "2026-12-01", "Tanggal asesmen tidak boleh di masa depan."),
        ("nip", "199001012020011999", "Pegawai dengan NIP ini tidak ditemukan."),
    ],
)
def test_a_bad_score_form_shows_the_message_and_changes_nothing(
    client, office, field, value, message
):
    client.force_login(office.hr)
    before = _snapshot()
    data = {
        "nip": office.staff[2].nip,
        "assessed_on": "2026-11-20",
        "method": "Assessment center",
        "score": "80",
        field: value,
    }

    response = client.post(reverse("career:potential_list"), data)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert _snapshot() == before


def test_only_hr_posts_a_score(client, office):
    client.force_login(office.admin)
    before = _snapshot()

    response = client.post(
        reverse("career:potential_list"),
        {"nip": office.staff[2].nip, "assessed_on": "2026-11-20", "method": "X", "score": "80"},
    )

    assert response.status_code == 403
    assert _snapshot() == before
    page = client.get(reverse("career:potential_list")).content.decode()
    assert 'data-testid="potential-form"' not in page
    assert page.count('data-testid="potential-row"') == 3


def test_hr_removes_a_score_with_a_reason(client, office):
    client.force_login(office.hr)
    row = PotentialAssessment.objects.get(employee=office.staff[2])

    response = client.post(
        reverse("career:potential_remove", args=[row.pk]), {"reason": "Salah input"}, follow=True
    )

    assert not PotentialAssessment.objects.filter(pk=row.pk).exists()
    assert "Hasil asesmen potensial Staf C dihapus." in response.content.decode()


def test_removal_without_a_reason_or_by_a_reader_changes_nothing(client, office):
    row = PotentialAssessment.objects.get(employee=office.staff[2])
    before = _snapshot()

    client.force_login(office.hr)
    response = client.post(reverse("career:potential_remove", args=[row.pk]), {"reason": ""})
    assert response.status_code == 302
    client.force_login(office.admin)
    assert (
        client.post(reverse("career:potential_remove", args=[row.pk]), {"reason": "x"}).status_code
        == 403
    )
    client.force_login(office.other_admin)
    assert (
        client.post(reverse("career:potential_remove", args=[row.pk]), {"reason": "x"}).status_code
        == 404
    )

    assert _snapshot() == before


def _upload(*rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nip", "tanggal", "metode", "pelaksana", "nilai"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("asesmen.xlsx", buffer.getvalue())


def test_hr_imports_scores_all_or_nothing(client, office):
    client.force_login(office.hr)
    before = _snapshot()

    refused = client.post(
        reverse("career:potential_import"),
        {"file": _upload((office.staff[2].nip, "01-11-2026", "CACT", "", "150"))},
    )

    assert refused.status_code == 422
    assert "Nilai potensial harus antara 0 dan 100." in refused.content.decode()
    assert _snapshot() == before

    done = client.post(
        reverse("career:potential_import"),
        {"file": _upload((office.staff[2].nip, "01-11-2026", "CACT", "", "65"))},
        follow=True,
    )

    assert "1 hasil asesmen potensial diimpor." in done.content.decode()
    latest = PotentialAssessment.objects.get(employee=office.staff[2], assessed_on="2026-11-01")
    assert (latest.score, latest.source) == (Decimal("65.00"), "import")


def test_the_import_pages_are_for_hr_only(client, office):
    client.force_login(office.admin)

    assert client.get(reverse("career:potential_import")).status_code == 403
    assert client.get(reverse("career:potential_import_template")).status_code == 403

    client.force_login(office.hr)
    template = client.get(reverse("career:potential_import_template"))
    assert template.status_code == 200
    assert template["Content-Disposition"] == (
        'attachment; filename="templat-impor-asesmen-potensial.xlsx"'
    )


def test_anonymous_visitors_are_sent_to_login(client, office):
    for name in (
        "career:talent",
        "career:potential_list",
        "career:succession",
        "career:retirement",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_new_score_moves_the_employee_to_another_box(client, office):
    assess(office.staff[2], "99", on=dt.date(2026, 11, 28), method="Hari ini")
    client.force_login(office.hr)

    response = client.get(reverse("career:talent"), {"kotak": 6})

    assert [row.employee.name for row in response.context["page_obj"]] == ["Staf C"]
