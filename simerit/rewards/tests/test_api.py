"""The rewards API: the same selectors, services and refusals as the pages, in the error shape."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee
from simerit.rewards.models import Award, Grant, Nomination, Score
from simerit.rewards.rules.conditions import SanctionFact, clean_record
from simerit.rewards.tests.factories import (
    AwardFactory,
    NominationFactory,
    granted,
    hr_user,
    sanction,
    satyalancana,
    scored_award,
    staff,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/rewards"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_catalogue(client, employee):
    award, _, _ = scored_award("60", "40")
    client.force_login(employee)

    response = client.get(f"{API}/awards")

    assert response.status_code == 200
    body = {item["id"]: item for item in response.json()}
    assert body[satyalancana(20).pk]["service_years"] == 20
    assert body[award.pk]["weight_total"] == "100.00"
    assert body[award.pk]["weights_error"] is None
    assert [item["name"] for item in body[award.pk]["criteria"]] == ["Kriteria 1", "Kriteria 2"]


def test_hr_creates_an_award_and_the_auditor_may_not(client, hr_admin, auditor):
    client.force_login(auditor)
    refused = post(client, f"{API}/awards", {"name": "Teladan"})
    assert refused.status_code == 403
    assert not Award.objects.filter(kind="other").exists()

    client.force_login(hr_admin)
    created = post(client, f"{API}/awards", {"name": "Teladan", "min_predikat": "baik"})
    award_id = created.json()["id"]
    criterion = post(
        client, f"{API}/awards/{award_id}/criteria", {"name": "Kinerja", "weight": "90"}
    )

    assert created.status_code == 201
    assert criterion.status_code == 201
    assert criterion.json()["weights_error"] == "Jumlah bobot kriteria harus 100%; saat ini 90%."


def test_satyalancana_list_for_hr_and_an_admin_opd(client, hr_admin, opd_admin, org):
    punished = staff(tmt_cpns=dt.date(2016, 3, 1), name="Budi", work_unit=org.dinkes)
    sanction(punished, decided_on=dt.date(2026, 2, 2), number="HD-2026-0001")
    staff(tmt_cpns=dt.date(2016, 3, 1), name="Ani", work_unit=org.disdik)

    client.force_login(hr_admin)
    full = client.get(f"{API}/satyalancana?year=2026&show=excluded").json()
    client.force_login(opd_admin)
    scoped = client.get(f"{API}/satyalancana?year=2026&show=excluded").json()
    eligible = client.get(f"{API}/satyalancana?year=2026").json()

    assert (full["eligible_count"], full["excluded_count"]) == (1, 1)
    assert full["items"][0]["reasons"] == [
        "Pernah dijatuhi hukuman disiplin tingkat sedang (HD-2026-0001, 02/02/2026)."
    ]
    assert scoped["items"][0]["reasons"] == [
        "Pernah dijatuhi hukuman disiplin tingkat sedang (02/02/2026)."
    ]
    assert eligible["count"] == 0


def test_satyalancana_list_is_refused_to_an_employee(client, employee):
    client.force_login(employee)

    response = client.get(f"{API}/satyalancana?year=2026")

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Daftar Satyalancana hanya untuk Admin BKPSDM, Auditor, dan Admin OPD."
    )


def test_proposal(client, hr_admin):
    person = staff(tmt_cpns=dt.date(2016, 3, 1))
    client.force_login(hr_admin)

    response = post(client, f"{API}/satyalancana/proposals", {"year": 2026})

    nomination = Nomination.objects.get()
    assert response.json() == {
        "created": 1,
        "nomination_ids": [nomination.pk],
        "own_skipped": None,
    }
    assert nomination.employee == person


def test_nominate_score_decide_and_download(client, hr_admin):
    award, criteria, (first, second) = scored_award("60", "40")
    person = staff(name="Ani")
    client.force_login(hr_admin)
    created = post(
        client,
        f"{API}/nominations",
        {"award_id": award.pk, "employee_id": person.pk, "year": 2026, "reason": "Inovasi."},
    )
    nomination_id = created.json()["id"]
    for member, values in ((first, ("80", "60")), (second, ("100", "100"))):
        client.force_login(member)
        scored = post(
            client,
            f"{API}/nominations/{nomination_id}/scores",
            {
                "scores": [
                    {"criterion_id": criterion.pk, "score": value}
                    for criterion, value in zip(criteria, values, strict=True)
                ]
            },
        )
        assert scored.status_code == 200
    client.force_login(hr_admin)
    decided = post(
        client,
        f"{API}/nominations/{nomination_id}/decision",
        {"granted": True, "decree_number": "SK 1/2026", "granted_on": "2026-11-20"},
    )
    grant = Grant.objects.get()
    pdf = client.get(f"{API}/grants/{grant.pk}/pdf")

    assert created.status_code == 201
    assert scored.json()["status"] == "scored"
    # (48 + 24 = 72) and 100: mean 86
    assert scored.json()["final_score"] == "86.00"
    assert sorted(member["total"] for member in scored.json()["members"]) == ["100.00", "72.00"]
    assert decided.json()["status"] == "granted"
    assert decided.json()["grant_number"] == grant.number
    assert hashlib.sha256(pdf.content).hexdigest() == grant.pdf_sha256


def test_an_ineligible_nomination_is_a_400_with_the_reasons(client, hr_admin):
    award = AwardFactory.create(name="Pegawai Teladan", min_service_years=20)
    person = staff(tmt_cpns=dt.date(2016, 3, 1), name="Ani", front_title="", back_title="")
    client.force_login(hr_admin)

    response = post(
        client,
        f"{API}/nominations",
        {"award_id": award.pk, "employee_id": person.pk, "year": 2026, "reason": "x"},
    )

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Ani tidak memenuhi syarat Pegawai Teladan: Masa kerja pada 28/11/2026: 10 tahun 8 "
        "bulan; minimal 20 tahun."
    )
    assert not Nomination.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()


def test_an_out_of_range_score_is_a_422(client):
    award, criteria, (member, _) = scored_award("100")
    nomination = NominationFactory.create(award=award)
    client.force_login(member)

    response = post(
        client,
        f"{API}/nominations/{nomination.pk}/scores",
        {"scores": [{"criterion_id": criteria[0].pk, "score": "120"}]},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": f"criterion_{criteria[0].pk}",
            "message": "Nilai Kriteria 1 harus antara 0 dan 100.",
        }
    ]
    assert not Score.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rewards.score").exists()


def test_an_invisible_nomination_is_a_404(client, employee):
    nomination = NominationFactory.create()
    client.force_login(employee)

    assert client.get(f"{API}/nominations/{nomination.pk}").status_code == 404
    response = post(client, f"{API}/nominations/{nomination.pk}/withdraw", {"reason": "x"})
    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == "nominated"


def test_grants_list_revoke_and_public_verify(client, hr_admin, employee):
    nomination = NominationFactory.create(
        employee=Employee.objects.get(user=employee), status="scored", final_score=Decimal(90)
    )
    granted(nomination, actor=hr_user())
    grant = Grant.objects.get()
    client.force_login(employee)
    mine = client.get(f"{API}/grants").json()
    refused = post(client, f"{API}/grants/{grant.pk}/revoke", {"reason": "x"})
    grant.refresh_from_db()
    assert (grant.revoked_at, grant.revoke_reason) == (None, "")
    assert not AuditEvent.objects.filter(action="rewards.grant.revoked").exists()
    client.logout()
    public = client.get(f"{API}/grants/verify/{grant.number}")
    unknown = client.get(f"{API}/grants/verify/PGH-2026-999999-ABCDEF")
    client.force_login(hr_admin)
    revoked = post(client, f"{API}/grants/{grant.pk}/revoke", {"reason": "Keliru."})

    assert [item["number"] for item in mine["items"]] == [grant.number]
    assert refused.status_code == 403
    assert public.status_code == 200
    assert public.json()["status"] == "valid"
    assert "nip" not in public.json()
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "Nomor piagam tidak ditemukan."
    assert revoked.json()["revoke_reason"] == "Keliru."
    assert client.get(f"{API}/grants/{grant.pk}/pdf").status_code == 410


def test_an_admin_opd_gets_the_refusal_without_the_case_number(client, org, opd_admin):
    award = AwardFactory.create(name="Pegawai Teladan", clean_record_years=2)
    person = staff(name="Budi", front_title="", back_title="", work_unit=org.dinkes_division)
    sanction(person, decided_on=dt.date(2026, 2, 2), number="HD-2026-0042")
    client.force_login(opd_admin)

    response = post(
        client,
        f"{API}/nominations",
        {"award_id": award.pk, "employee_id": person.pk, "year": 2026, "reason": "x"},
    )

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Budi tidak memenuhi syarat Pegawai Teladan: Pernah dijatuhi hukuman disiplin tingkat "
        "sedang (02/02/2026)."
    )
    assert not Nomination.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()


def test_kept_conditions_and_the_final_score_as_each_caller_may_read_them(
    client, hr_admin, opd_admin, employee
):
    broken = clean_record(
        requirement="Tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat",
        heavy=[SanctionFact("HD-2026-0042", "sedang", dt.date(2026, 2, 2))],
        met_note="",
    )
    nomination = NominationFactory.create(
        employee=Employee.objects.get(user=employee),
        eligibility=[broken.as_json()],
        status="scored",
        final_score=Decimal("88.50"),
    )
    read = {}
    for name, user in (("hr", hr_admin), ("opd", opd_admin), ("nominee", employee)):
        client.force_login(user)
        detail = client.get(f"{API}/nominations/{nomination.pk}").json()
        [listed] = client.get(f"{API}/nominations").json()["items"]
        assert listed["eligibility"] == detail["eligibility"]
        assert listed["final_score"] == detail["final_score"]
        read[name] = (detail["eligibility"][0]["keterangan"], detail["final_score"])
        assert set(detail["eligibility"][0]) == {"syarat", "terpenuhi", "keterangan"}

    full = "Pernah dijatuhi hukuman disiplin tingkat sedang (HD-2026-0042, 02/02/2026)."
    public = "Pernah dijatuhi hukuman disiplin tingkat sedang (02/02/2026)."
    assert read == {
        "hr": (full, "88.50"),
        "opd": (public, "88.50"),
        "nominee": (full, None),
    }


def test_the_nominee_gets_no_scores_of_their_nomination(client, employee):
    award, criteria, (first, second) = scored_award("100")
    nomination = NominationFactory.create(award=award, employee=Employee.objects.get(user=employee))
    for member, value in ((first, "80"), (second, "90")):
        client.force_login(member)
        post(
            client,
            f"{API}/nominations/{nomination.pk}/scores",
            {"scores": [{"criterion_id": criteria[0].pk, "score": value}]},
        )
    client.force_login(employee)

    body = client.get(f"{API}/nominations/{nomination.pk}").json()

    assert (body["status"], body["final_score"], body["members"]) == ("scored", None, None)
    nomination.refresh_from_db()
    assert nomination.final_score == Decimal("85.00")


def test_a_second_scoring_by_a_member_is_a_409(client):
    award, criteria, (member, _) = scored_award("100")
    nomination = NominationFactory.create(award=award)
    client.force_login(member)
    url = f"{API}/nominations/{nomination.pk}/scores"
    post(client, url, {"scores": [{"criterion_id": criteria[0].pk, "score": "80"}]})

    response = post(client, url, {"scores": [{"criterion_id": criteria[0].pk, "score": "99"}]})

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Anda sudah menilai semua kriteria usulan ini; nilai Anda final dan tidak dapat diubah."
    )
    assert list(Score.objects.values_list("score", flat=True)) == [Decimal(80)]
