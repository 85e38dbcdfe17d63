"""BKN score files over the API and the pages: upload, report, history, export, permissions."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.exams.models import ExamResult, ScoreImport
from simerit.exams.tests.factories_blueprints import (
    bkn_skd_blueprint,
    csv_bytes,
    make_blueprint,
    ms_application,
    writer,
)

BASE = "/api/v1/exams/blueprints"
GOOD = [["2026-0001", 70, 85, 170]]


@pytest.fixture
def blueprint(db):
    blueprint = bkn_skd_blueprint()
    ms_application(blueprint.period, number="2026-0001")
    return blueprint


def upload(content, name="nilai.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def stored():
    return (
        ScoreImport.objects.count(),
        ExamResult.objects.count(),
        AuditEvent.objects.filter(action__startswith="exams.").count(),
    )


def url(name, *args):
    return reverse(f"exams:{name}", args=args)


# --- API


def test_api_import_creates_results_and_answers_the_report(client, hr_admin, blueprint):
    client.force_login(hr_admin)

    response = client.post(
        f"{BASE}/{blueprint.pk}/score-imports", {"file": upload(csv_bytes(GOOD))}
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["file_name"], body["row_count"], body["accepted_count"], body["accepted"]) == (
        "nilai.csv",
        1,
        1,
        True,
    )
    assert body["imported_by"] == "Admin BKPSDM"
    assert body["report"] == [
        {
            "row": 2,
            "registration_number": "2026-0001",
            "status": "ok",
            "action": "created",
            "messages": ["Memenuhi nilai ambang batas."],
            "scores": {"TWK": 70, "TIU": 85, "TKP": 170},
            "total": 325,
            "passed": True,
        }
    ]
    assert ExamResult.objects.get().total == 325


def test_api_import_with_bad_rows_is_422_and_records_the_refused_file(client, hr_admin, blueprint):
    client.force_login(hr_admin)

    response = client.post(
        f"{BASE}/{blueprint.pk}/score-imports",
        {"file": upload(csv_bytes([["2026-0001", 151, 85, 170]]))},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "file", "message": "Baris 2, kolom twk: Nilai TWK harus 0 sampai 150."}
    ]
    assert ExamResult.objects.exists() is False
    history = client.get(f"{BASE}/{blueprint.pk}/score-imports").json()
    assert history["count"] == 1
    assert (history["items"][0]["accepted"], history["items"][0]["accepted_count"]) == (False, 0)
    detail = client.get(f"{BASE}/{blueprint.pk}/score-imports/{history['items'][0]['id']}").json()
    assert detail["report"][0]["status"] == "error"
    assert detail["report"][0]["messages"] == ["TWK: Nilai TWK harus 0 sampai 150."]


def test_api_malformed_file_is_400_and_stores_nothing(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.post(
        f"{BASE}/{blueprint.pk}/score-imports", {"file": upload(b"\x00\x01\x02", "nilai.bin")}
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Berkas harus berupa CSV (teks) atau Excel .xlsx. Simpan ulang berkas nilai dari BKN "
        "dalam salah satu format itu."
    )
    assert stored() == (0, 0, 1)
    event = AuditEvent.objects.get(action="exams.score_import.unreadable")
    assert (event.changes["file_name"], event.changes["size"]) == ("nilai.bin", 3)


def test_api_import_into_a_simerit_blueprint_is_400(client, hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 1),))
    client.force_login(hr_admin)
    response = client.post(f"{BASE}/{blueprint.pk}/score-imports", {"file": upload(b"x")})
    assert response.status_code == 400
    assert stored() == (0, 0, 0)


def test_api_missing_file_is_422(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.post(f"{BASE}/{blueprint.pk}/score-imports")
    assert response.status_code == 422
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize("persona", ["auditor", "proctor", "applicant", "verifier", "writer"])
def test_api_import_is_403_for_everyone_but_admin(client, blueprint, persona, request):
    client.force_login(writer() if persona == "writer" else request.getfixturevalue(persona))
    response = client.post(
        f"{BASE}/{blueprint.pk}/score-imports", {"file": upload(csv_bytes(GOOD))}
    )
    assert response.status_code == 403
    assert stored() == (0, 0, 0)


def test_api_history_is_read_by_the_auditor_only_among_non_admins(
    client, hr_admin, auditor, proctor, blueprint
):
    client.force_login(hr_admin)
    client.post(f"{BASE}/{blueprint.pk}/score-imports", {"file": upload(csv_bytes(GOOD))})
    client.force_login(auditor)
    body = client.get(f"{BASE}/{blueprint.pk}/score-imports").json()
    assert (body["count"], body["items"][0]["accepted"]) == (1, True)
    client.force_login(proctor)
    assert client.get(f"{BASE}/{blueprint.pk}/score-imports").status_code == 403


def test_api_anonymous_import_is_401(client, blueprint):
    response = client.post(
        f"{BASE}/{blueprint.pk}/score-imports", {"file": upload(csv_bytes(GOOD))}
    )
    assert response.status_code == 401
    assert stored() == (0, 0, 0)


# --- pages


def test_import_page_uploads_and_shows_the_report(client, hr_admin, blueprint):
    client.force_login(hr_admin)

    response = client.post(
        url("blueprint-import", blueprint.pk), {"file": upload(csv_bytes(GOOD))}, follow=True
    )

    imported = ScoreImport.objects.get()
    assert response.redirect_chain[-1][0] == url(
        "blueprint-import-detail", blueprint.pk, imported.pk
    )
    html = response.content.decode()
    assert "1 nilai diimpor." in html
    assert "Memenuhi nilai ambang batas." in html
    assert ExamResult.objects.count() == 1


def test_import_page_reports_absent_rows_and_ignored_columns(client, hr_admin, blueprint):
    ms_application(blueprint.period, number="2026-0002")
    client.force_login(hr_admin)
    content = csv_bytes(
        [["Ani", "2026-0001", 70, 85, 170], ["Budi", "2026-0002", "TH", "TH", "TH"]],
        header=["NAMA", "No Peserta", "TWK", "TIU", "TKP"],
    )

    response = client.post(
        url("blueprint-import", blueprint.pk), {"file": upload(content)}, follow=True
    )

    html = response.content.decode()
    assert "1 nilai diimpor, 1 peserta tidak hadir." in html
    assert '<span class="badge text-bg-secondary">Tidak hadir</span>' in html
    assert '<span class="badge text-bg-warning">Peringatan</span>' in html
    assert "Kolom yang diabaikan: NAMA." in html
    assert ExamResult.objects.count() == 1


def test_import_page_reports_bad_rows_and_keeps_results_unwritten(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    content = csv_bytes([["2026-0404", 70, 85, 170]])

    response = client.post(
        url("blueprint-import", blueprint.pk), {"file": upload(content)}, follow=True
    )

    html = response.content.decode()
    assert "Ditemukan 1 masalah; tidak ada nilai yang disimpan." in html
    assert "Nomor 2026-0404 tidak terdaftar pada periode" in html
    assert ExamResult.objects.exists() is False


def test_import_page_shows_a_malformed_file_on_the_form(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.post(
        url("blueprint-import", blueprint.pk), {"file": upload(b"nama;nilai\nA;1\n")}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Baris judul (baris 1) tidak sesuai: kolom nomor_peserta (atau No Peserta, "
        "nomor_pendaftaran) tidak ada; kolom yang tidak ada: TWK, TIU, TKP. Kolom yang benar: "
        "nomor_peserta, TWK, TIU, TKP, dan total (boleh tidak ada)."
    ]
    assert stored() == (0, 0, 1)
    event = AuditEvent.objects.get(action__startswith="exams.")
    assert event.action == "exams.score_import.unreadable"


def test_import_page_history_has_an_empty_state_and_is_read_by_the_auditor(
    client, auditor, blueprint
):
    client.force_login(auditor)
    response = client.get(url("blueprint-import", blueprint.pk))
    html = response.content.decode()
    assert 'data-testid="empty-state"' in html
    assert "Periksa dan impor" not in html
    response = client.post(url("blueprint-import", blueprint.pk), {"file": upload(csv_bytes(GOOD))})
    assert response.status_code == 403
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize("persona", ["proctor", "applicant"])
def test_import_pages_are_refused_to_others(client, blueprint, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("blueprint-import", blueprint.pk)).status_code == 403
    assert client.get(url("blueprint-results-export", blueprint.pk)).status_code == 403
    assert client.get(url("blueprint-import-template", blueprint.pk)).status_code == 403


def test_template_download_has_the_blueprint_columns(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    response = client.get(url("blueprint-import-template", blueprint.pk))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["nomor_peserta", "TWK", "TIU", "TKP", "total"]


def test_results_export_is_read_by_the_auditor(client, hr_admin, auditor, blueprint):
    client.force_login(hr_admin)
    client.post(f"{BASE}/{blueprint.pk}/score-imports", {"file": upload(csv_bytes(GOOD))})
    client.force_login(auditor)

    response = client.get(url("blueprint-results-export", blueprint.pk))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[1][0] == "2026-0001"
    assert rows[1][7] == 325


def test_import_detail_of_another_blueprint_is_404(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    client.post(f"{BASE}/{blueprint.pk}/score-imports", {"file": upload(csv_bytes(GOOD))})
    imported = ScoreImport.objects.get()
    other = bkn_skd_blueprint()
    assert client.get(url("blueprint-import-detail", other.pk, imported.pk)).status_code == 404
    assert client.get(f"{BASE}/{other.pk}/score-imports/{imported.pk}").status_code == 404
