"""/api/v1/recruitment/verification/...: the same rules as the pages, in the API's error shape."""

import pytest

from simerit.recruitment.models import (
    Application,
    ConflictDeclaration,
    RejectionReason,
    VerificationAssignment,
)
from simerit.recruitment.services import announcements as announcement_services
from simerit.recruitment.services import sanggah as sanggah_services
from simerit.recruitment.services import verification as services
from simerit.recruitment.tests.factories import ApplicantFactory, FormasiFactory
from simerit.recruitment.tests.test_verification_support import (
    CONFIRMATION,
    assign,
    counts,
    decided,
    make_verifier,
    open_sanggah_windows,
    private_media,
    review_all,
    statuses,
    submitted_application,
)

BASE = "/api/v1/recruitment/verification"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


@pytest.fixture
def assigned(verifier):
    application = submitted_application(applicant=ApplicantFactory.create(nik="1671014507980003"))
    assign(application, verifier)
    return application


def test_queue_lists_own_assignments(client, verifier, assigned):
    assign(submitted_application(), make_verifier())
    client.force_login(verifier)
    body = client.get(f"{BASE}/queue").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["application"]["registration_number"] == assigned.registration_number
    assert (item["role"], item["completed_at"], item["sanggah_id"]) == ("first", None, None)


@pytest.mark.parametrize("persona", ["hr_admin", "applicant"])
def test_queue_is_403_for_non_verifiers(client, db, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"{BASE}/queue")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_queue_needs_authentication(client, db):
    assert client.get(f"{BASE}/queue").status_code == 401


def test_application_review_masks_the_nik(client, verifier, assigned):
    client.force_login(verifier)
    body = client.get(f"{BASE}/applications/{assigned.pk}").json()
    assert body["applicant"]["nik"] == "1671********0003"
    assert [doc["kind"] for doc in body["documents"]] == ["ijazah", "ktp"]
    assert body["unreviewed"] == ["Ijazah", "KTP"]
    assert body["snapshot_failures"] == []
    assert body["my_roles"] == ["first"]


def test_application_review_of_someone_elses_application_is_403(client, verifier):
    application = submitted_application()
    assign(application, make_verifier())
    client.force_login(verifier)
    response = client.get(f"{BASE}/applications/{application.pk}")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Lamaran ini tidak ditugaskan kepada Anda, atau Anda tidak lagi berwenang membukanya."
    )


def test_review_decide_and_the_error_shapes(client, verifier, assigned):
    client.force_login(verifier)
    ijazah = assigned.documents.get(kind__code="ijazah")
    url = f"{BASE}/applications/{assigned.pk}/documents/{ijazah.pk}/review"
    bad = client.put(url, {"is_valid": False}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {"field": "reason", "message": "Pilih alasan mengapa dokumen tidak sah."}
    ]
    early = client.post(f"{BASE}/applications/{assigned.pk}/decision")
    assert early.status_code == 409
    assert early.json()["detail"] == (
        "Periksa dahulu setiap dokumen sebelum memutuskan; belum diperiksa: Ijazah, KTP."
    )
    for document in assigned.documents.all():
        ok = client.put(
            f"{BASE}/applications/{assigned.pk}/documents/{document.pk}/review",
            {"is_valid": True},
            content_type="application/json",
        )
        assert ok.status_code == 200
    decided = client.post(f"{BASE}/applications/{assigned.pk}/decision")
    assert decided.status_code == 200
    assert (decided.json()["status"], decided.json()["result_reasons"]) == ("ms", [])


def test_deciding_someone_elses_application_is_403_and_changes_nothing(client, verifier):
    owner = make_verifier()
    application = submitted_application()
    assign(application, owner)
    review_all(application, owner)
    client.force_login(verifier)
    before, before_statuses = counts(), statuses()
    response = client.post(f"{BASE}/applications/{application.pk}/decision")
    assert response.status_code == 403
    assert (counts(), statuses()) == (before, before_statuses)


def test_a_missing_application_is_404(client, verifier):
    client.force_login(verifier)
    assert client.post(f"{BASE}/applications/999999/decision").status_code == 404


def test_confirmation_by_the_first_verifier_is_403_and_by_the_second_works(
    client, verifier, assigned
):
    second = make_verifier()
    review_all(assigned, verifier, invalid={"ktp": RejectionReason.WRONG_DOCUMENT})
    services.decide_application(application=assigned, actor=verifier)
    assert VerificationAssignment.objects.get(role=CONFIRMATION).verifier == second
    url = f"{BASE}/applications/{assigned.pk}/confirmation"
    client.force_login(verifier)
    before = counts()
    refused = client.post(url, {"action": "confirm"}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Verifikator pertama tidak boleh mengonfirmasi TMS-nya sendiri (prinsip empat mata)."
    )
    assert counts() == before
    client.force_login(second)
    missing_note = client.post(url, {"action": "return"}, content_type="application/json")
    assert missing_note.status_code == 422
    confirmed = client.post(url, {"action": "confirm"}, content_type="application/json")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "tms"


def test_hr_runs_the_assignment(client, hr_admin):
    formasi = FormasiFactory.create()
    submitted_application(formasi=formasi)
    make_verifier(username="verif.api")
    client.force_login(hr_admin)
    response = client.post(
        f"{BASE}/assignments", {"period_id": formasi.period.pk}, content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["assigned"], body["per_verifier"], body["unassigned"]) == (
        1,
        {"verif.api": 1},
        [],
    )
    workload = client.get(f"{BASE}/workload", {"period_id": formasi.period.pk}).json()
    assert [(row["username"], row["assigned"], row["open"]) for row in workload] == [
        ("verif.api", 1, 1)
    ]


def test_assignment_run_with_an_unknown_period_is_422(client, hr_admin):
    client.force_login(hr_admin)
    response = client.post(
        f"{BASE}/assignments", {"period_id": 999999}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "period_id", "message": "Periode dengan id 999999 tidak ada."}
    ]


def test_assignment_run_is_403_for_verifiers(client, verifier):
    formasi = FormasiFactory.create()
    submitted_application(formasi=formasi)
    client.force_login(verifier)
    before = counts()
    response = client.post(
        f"{BASE}/assignments", {"period_id": formasi.period.pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert counts() == before


def test_conflict_declarations_over_the_api(client, verifier):
    client.force_login(verifier)
    created = client.post(
        f"{BASE}/conflicts",
        {"relative_name": "Siti", "relation": "adik", "relative_nik": "1671014507980003"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["relative_nik"] == "1671********0003"
    listed = client.get(f"{BASE}/conflicts").json()
    assert [row["relative_nik"] for row in listed] == ["1671********0003"]
    card = client.put(
        f"{BASE}/family-card", {"kk_number": "1671010101990001"}, content_type="application/json"
    )
    assert card.json() == {"kk_number": "1671********0001"}
    deleted = client.delete(f"{BASE}/conflicts/{created.json()['id']}")
    assert deleted.status_code == 204
    assert ConflictDeclaration.objects.exists() is False


def test_a_duplicate_relative_is_409(client, verifier):
    client.force_login(verifier)
    payload = {"relative_name": "Siti", "relation": "adik", "relative_nik": "1671014507980003"}
    client.post(f"{BASE}/conflicts", payload, content_type="application/json")
    before = counts()
    response = client.post(f"{BASE}/conflicts", payload, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["detail"] == "Kerabat dengan NIK ini sudah Anda nyatakan."
    assert counts() == before


def test_application_status_is_untouched_by_a_refused_api_review(client, verifier):
    application = submitted_application()
    assign(application, make_verifier())
    document = application.documents.earliest("pk")
    client.force_login(verifier)
    before = counts()
    response = client.put(
        f"{BASE}/applications/{application.pk}/documents/{document.pk}/review",
        {"is_valid": True},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert counts() == before
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED


def test_the_sanggah_judge_reads_and_decides_over_the_api(client, hr_admin):
    first, second, judge = make_verifier(), make_verifier(), make_verifier()
    formasi = FormasiFactory.create()
    open_sanggah_windows(formasi.period)
    application = decided(
        submitted_application(formasi=formasi),
        first=first,
        second=second,
        invalid={"ijazah": RejectionReason.UNREADABLE},
    )
    announcement_services.publish_announcement(formasi=formasi, actor=hr_admin)
    sanggah = sanggah_services.file_sanggah(
        application=application,
        reason="Ijazah saya terbaca dengan jelas.",
        document_ids=[application.documents.get(kind__code="ijazah").pk],
        actor=application.applicant.user,
    )
    client.force_login(first)
    assert client.get(f"{BASE}/sanggah/{sanggah.pk}").status_code == 403
    before = counts()
    refused = client.post(
        f"{BASE}/sanggah/{sanggah.pk}/decision",
        {"grant": True, "note": "Diterima."},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert counts() == before
    client.force_login(judge)
    queue = client.get(f"{BASE}/queue").json()
    assert [item["sanggah_id"] for item in queue["items"]] == [sanggah.pk]
    body = client.get(f"{BASE}/sanggah/{sanggah.pk}").json()
    assert body["reason"] == "Ijazah saya terbaca dengan jelas."
    assert body["announcement_version"] == 1
    granted = client.post(
        f"{BASE}/sanggah/{sanggah.pk}/decision",
        {"grant": True, "note": "Kesalahan verifikasi."},
        content_type="application/json",
    )
    assert granted.status_code == 200
    assert granted.json()["status"] == "granted"
    assert Application.objects.get(pk=application.pk).status == Application.Status.MS
