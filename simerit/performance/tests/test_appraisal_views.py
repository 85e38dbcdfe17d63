"""The appraisal tab, the keberatan list, the PDF and the training needs pages: who sees what, who
may write (the Auditor reads only), refusals shown on the page with nothing changed."""

import io

import openpyxl
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.dates import format_date_id
from simerit.core.roles import Role
from simerit.organization.services import assign_opd_admin
from simerit.performance.models import Appraisal, Objection, RaterGroup, Rating, TrainingNeed
from simerit.performance.services.objections import (
    add_objection_statement,
    decide_objection,
    file_objection,
)
from simerit.performance.tests.factories_appraisal import (
    Case,
    add_answers,
    approved_case,
    decided,
    reopen_feedback,
)

pytestmark = pytest.mark.django_db

REASONS = "Target dokumen triwulan IV tercapai 110%, namun tidak dipertimbangkan."
STATEMENT = "Bukti dukung triwulan IV terlambat diunggah oleh pegawai."


@pytest.fixture
def case() -> Case:
    return approved_case()


def _tab(case: Case) -> str:
    return reverse("performance:skp-appraisal", args=[case.skp.pk])


def test_evaluator_sees_evidence_matrix_and_the_decision_form(client, case):
    # given: the pejabat penilai's own answer (2) is shown, not evidence; 2 subordinates withheld
    add_answers(case.skp, group=RaterGroup.SUPERVISOR, score=2)
    add_answers(case.skp, group=RaterGroup.PEER, score=3, count=3)
    add_answers(case.skp, group=RaterGroup.SUBORDINATE, score=5, count=2)
    client.force_login(case.evaluator)
    response = client.get(_tab(case))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="decision-form"' in body
    assert 'data-testid="matrix"' in body
    assert "Baru 2 jawaban dari kelompok ini" in body
    assert 'data-testid="evidence-mean">3,00<' in body
    assert 'data-testid="evidence-hidden"' not in body


def test_evaluator_decides_through_the_page(client, case):
    client.force_login(case.evaluator)
    response = client.post(
        reverse("performance:appraisal-decide", args=[case.skp.pk]),
        {"result_rating": Rating.BELOW, "behaviour_rating": Rating.ABOVE, "justification": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == _tab(case)
    appraisal = Appraisal.objects.get(skp=case.skp)
    assert appraisal.predikat == "butuh_perbaikan"
    page = client.get(_tab(case)).content.decode()
    assert 'data-testid="predikat">Butuh Perbaikan<' in page


def test_refused_decision_is_shown_on_the_page_and_nothing_changes(client, case):
    add_answers(case.skp, group=RaterGroup.PEER, score=2, count=2)
    add_answers(case.skp, group=RaterGroup.PEER, score=3, count=2)
    client.force_login(case.evaluator)
    response = client.post(
        reverse("performance:appraisal-decide", args=[case.skp.pk]),
        {"result_rating": Rating.AS_EXPECTED, "behaviour_rating": Rating.ABOVE},
    )
    assert response.status_code == 422
    assert "berbeda 1,50 dari rata-rata masukan 360 (2,50)" in response.content.decode()
    assert not Appraisal.objects.exists()


def test_employee_sees_the_result_and_the_objection_form_with_deadline(client, case):
    appraisal = decided(case)
    client.force_login(case.employee)
    body = client.get(_tab(case)).content.decode()
    assert 'data-testid="objection-form"' in body
    assert 'data-testid="objection-deadline"' in body
    assert 'data-testid="decision-form"' not in body
    response = client.post(
        reverse("performance:objection-file", args=[case.skp.pk]), {"reasons": REASONS}
    )
    assert response.status_code == 302
    assert Objection.objects.get(appraisal=appraisal).reasons == REASONS


def test_someone_else_cannot_see_or_object(client, case):
    decided(case)
    peer = case.team.user(case.team.staff[2])
    client.force_login(peer)
    assert client.get(_tab(case)).status_code == 404
    response = client.post(
        reverse("performance:objection-file", args=[case.skp.pk]), {"reasons": REASONS}
    )
    assert response.status_code == 404
    assert not Objection.objects.exists()


def test_atasan_decides_after_both_sides_and_lists_waiting(client, case):
    # given
    appraisal = decided(case, result=Rating.BELOW)
    objection = file_objection(appraisal=appraisal, reasons=REASONS, actor=case.employee)
    client.force_login(case.superior)
    listing = client.get(reverse("performance:objections")).content.decode()
    assert "Staf B" in listing
    decide_url = reverse("performance:objection-decide", args=[case.skp.pk])
    data = {
        "outcome": "changed",
        "result_rating": Rating.AS_EXPECTED,
        "behaviour_rating": Rating.AS_EXPECTED,
        "reason": "Bukti dukung triwulan IV sah dan memenuhi target.",
    }
    # when: before the evaluator's statement → refused on the page
    refused = client.post(decide_url, data)
    # then
    assert refused.status_code == 422
    assert "kedua pihak didengar" in refused.content.decode()
    assert Objection.objects.get(pk=objection.pk).status == Objection.Status.FILED
    # when: after it
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    assert client.post(decide_url, data).status_code == 302
    # then
    appraisal.refresh_from_db()
    assert (appraisal.predikat, appraisal.status) == ("baik", "final")
    empty = client.get(reverse("performance:objections")).content.decode()
    assert 'data-testid="empty-state"' in empty


def test_evaluator_cannot_decide_the_objection(client, case):
    appraisal = decided(case)
    objection = file_objection(appraisal=appraisal, reasons=REASONS, actor=case.employee)
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    client.force_login(case.evaluator)
    response = client.post(
        reverse("performance:objection-decide", args=[case.skp.pk]),
        {"outcome": "upheld", "reason": "Hasil penilaian sudah sesuai bukti dukung."},
    )
    assert response.status_code == 403
    assert Objection.objects.get(pk=objection.pk).status == Objection.Status.FILED


def test_auditor_reads_and_cannot_write(client, case, auditor):
    add_answers(case.skp, group=RaterGroup.SUPERVISOR, score=3)
    client.force_login(auditor)
    page = client.get(_tab(case))
    assert page.status_code == 200
    assert 'data-testid="decision-form"' not in page.content.decode()
    audits = AuditEvent.objects.count()
    response = client.post(
        reverse("performance:appraisal-decide", args=[case.skp.pk]),
        {"result_rating": Rating.ABOVE, "behaviour_rating": Rating.ABOVE},
    )
    assert response.status_code == 403
    assert not Appraisal.objects.exists()
    appraisal = decided(case)
    response = client.post(
        reverse("performance:objection-file", args=[case.skp.pk]), {"reasons": REASONS}
    )
    assert response.status_code == 403
    assert Appraisal.objects.get(pk=appraisal.pk).status == Appraisal.Status.DELIVERED
    assert AuditEvent.objects.count() == audits + 1  # only the evaluator's decision
    assert client.get(reverse("performance:appraisal-pdf", args=[case.skp.pk])).status_code == 200


def test_pdf_is_deterministic_and_names_the_outcome(client, case):
    appraisal = decided(case, result=Rating.BELOW)
    file_objection(appraisal=appraisal, reasons=REASONS, actor=case.employee)
    client.force_login(case.employee)
    url = reverse("performance:appraisal-pdf", args=[case.skp.pk])
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    assert first.content == second.content


def test_pdf_before_the_decision_is_404(client, case):
    client.force_login(case.evaluator)
    assert client.get(reverse("performance:appraisal-pdf", args=[case.skp.pk])).status_code == 404


def test_training_needs_page_and_export_for_hr_and_auditor(client, case, hr_admin, auditor):
    decided(case, result=Rating.BELOW)
    for user in (hr_admin, auditor):
        client.force_login(user)
        page = client.get(reverse("performance:training-needs"))
        assert page.status_code == 200
        assert "Bidang Pelayanan Kesehatan" in page.content.decode()
    export = client.get(reverse("performance:training-needs-export"), {"tahun": 2026})
    assert export.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    assert [list(r) for r in workbook["Per unit"].iter_rows(values_only=True)] == [
        ["Unit kerja", "Pegawai", "Dari predikat", "Dari panduan perilaku"],
        ["Bidang Pelayanan Kesehatan", 1, 1, 0],
    ]
    assert workbook["Per pegawai"].cell(row=2, column=3).value == "Staf B"
    assert AuditEvent.objects.filter(action="performance.training_needs.exported").count() == 1


def test_training_needs_page_refused_for_employees_and_atasan(client, case):
    for user in (case.employee, case.evaluator):
        client.force_login(user)
        assert client.get(reverse("performance:training-needs")).status_code == 403
        assert client.get(reverse("performance:training-needs-export")).status_code == 403
    assert TrainingNeed.objects.count() == 0


def test_training_needs_empty_state(client, hr_admin):
    client.force_login(hr_admin)
    body = client.get(reverse("performance:training-needs")).content.decode()
    assert 'data-testid="empty-state"' in body


def test_pdf_shows_header_result_and_the_keberatan_outcome(client, case):
    appraisal = decided(
        case, result=Rating.BELOW, justification="Target triwulan IV tidak tercapai."
    )
    objection = file_objection(appraisal=appraisal, reasons=REASONS, actor=case.employee)
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    decide_objection(
        objection=objection,
        outcome="changed",
        result_rating=Rating.AS_EXPECTED,
        behaviour_rating=Rating.AS_EXPECTED,
        reason="Bukti dukung triwulan IV sah dan memenuhi target.",
        actor=case.superior,
    )
    client.force_login(case.employee)
    content = client.get(reverse("performance:appraisal-pdf", args=[case.skp.pk])).content
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    for expected in (
        "Dokumen Evaluasi Kinerja Pegawai",
        "Staf B",
        "Kabid Layan",
        "Kadis Sehat",
        "Predikat kinerja",
        "Baik",
        "Target triwulan IV tidak tercapai.",
        "Hasil penilaian diubah",
        "Butuh Perbaikan",
    ):
        assert expected in text


# --- Who sees the 360 evidence (ADR 0010; security review item 3)

EVIDENCE_TABLE = 'data-testid="evidence"'
HIDDEN_NOTE = (
    "Ringkasan masukan 360 hanya ditampilkan kepada pegawai yang dinilai, pejabat penilai, "
    "Admin BKPSDM dan Auditor (serta atasan pejabat penilai bila ada keberatan)."
)


def _opd_admin_of(case: Case) -> User:
    user = UserFactory.create(username="admin.opd.dinkes", roles=[Role.ADMIN_OPD])
    assign_opd_admin(user=user, work_unit=case.team.unit, actor=None)
    return user


def _page(client, user: User, case: Case) -> str:
    client.force_login(user)
    response = client.get(_tab(case))
    assert response.status_code == 200
    body: str = response.content.decode()
    return body


def _pdf_text(client, user: User, case: Case) -> str:
    client.force_login(user)
    response = client.get(reverse("performance:appraisal-pdf", args=[case.skp.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def _api_evidence(client, user: User, case: Case) -> object:
    client.force_login(user)
    response = client.get(f"/api/v1/performance/skps/{case.skp.pk}/appraisal")
    assert response.status_code == 200
    return response.json()["evidence"]


def test_no_evidence_and_no_decision_while_the_360_collection_is_open(client, case, hr_admin):
    # given: answers still accepted until today
    today = timezone.localdate()
    reopen_feedback(case.skp.year, until=today)
    add_answers(case.skp, group=RaterGroup.PEER, score=2, count=3)
    note = (
        f"Pengisian masukan 360 masih dibuka sampai {format_date_id(today)}; ringkasannya "
        "ditampilkan dan menjadi bukti pertimbangan setelah pengisian ditutup."
    )
    # then: nobody sees the live means
    for user in (case.evaluator, case.employee, hr_admin):
        body = _page(client, user, case)
        assert EVIDENCE_TABLE not in body
        assert "2,00" not in body
        assert f'data-testid="evidence-hidden">{note}<' in body
    # and the pejabat penilai is told when the decision becomes possible
    body = _page(client, case.evaluator, case)
    assert 'data-testid="decision-form"' not in body
    assert (
        'data-testid="decide-waiting">Penilaian dapat ditetapkan setelah pengisian masukan 360 '
        f"ditutup ({format_date_id(today)}).<"
    ) in body


def test_the_atasan_sees_the_evidence_only_once_a_keberatan_is_filed(client, case):
    # given: a decision on evidence 2,00
    add_answers(case.skp, group=RaterGroup.PEER, score=2, count=3)
    appraisal = decided(case, behaviour=Rating.BELOW)
    # then: before a keberatan, the result without the evidence
    body = _page(client, case.superior, case)
    assert 'data-testid="predikat">Kurang/Misconduct<' in body
    assert EVIDENCE_TABLE not in body
    assert f'data-testid="evidence-hidden">{HIDDEN_NOTE}<' in body
    assert "Masukan 360 (bukti" not in _pdf_text(client, case.superior, case)
    assert _api_evidence(client, case.superior, case) is None
    # when: the employee objects
    file_objection(appraisal=appraisal, reasons=REASONS, actor=case.employee)
    # then: the atasan who decides it sees the evidence the decision was taken on
    body = _page(client, case.superior, case)
    assert EVIDENCE_TABLE in body
    assert 'data-testid="evidence-mean">2,00<' in body
    assert "Masukan 360 (bukti pertimbangan" in _pdf_text(client, case.superior, case)
    evidence = _api_evidence(client, case.superior, case)
    assert isinstance(evidence, dict)
    assert evidence["overall_mean"] == "2.00"


def test_admin_opd_never_sees_the_evidence(client, case):
    add_answers(case.skp, group=RaterGroup.PEER, score=2, count=3)
    opd_admin = _opd_admin_of(case)
    before = _page(client, opd_admin, case)
    assert EVIDENCE_TABLE not in before
    assert f'data-testid="evidence-hidden">{HIDDEN_NOTE}<' in before
    appraisal = decided(case, behaviour=Rating.BELOW)
    file_objection(appraisal=appraisal, reasons=REASONS, actor=case.employee)
    body = _page(client, opd_admin, case)
    assert 'data-testid="predikat">Kurang/Misconduct<' in body
    assert EVIDENCE_TABLE not in body
    assert "Masukan 360 (bukti" not in _pdf_text(client, opd_admin, case)
    assert _api_evidence(client, opd_admin, case) is None


def test_employee_hr_and_auditor_see_the_stored_evidence(client, case, hr_admin, auditor):
    add_answers(case.skp, group=RaterGroup.PEER, score=2, count=3)
    decided(case, behaviour=Rating.BELOW)
    for user in (case.employee, case.evaluator, hr_admin, auditor):
        assert 'data-testid="evidence-mean">2,00<' in _page(client, user, case)
        assert "Masukan 360 (bukti pertimbangan" in _pdf_text(client, user, case)
        evidence = _api_evidence(client, user, case)
        assert isinstance(evidence, dict)
        assert evidence["overall_mean"] == "2.00"
