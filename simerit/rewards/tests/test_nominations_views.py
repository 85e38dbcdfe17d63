"""The nomination pages: nominating by NIP, the detail as each reader may see it, scoring,
deciding and withdrawing; a nomination one may not see is a 404, an act one may not do a 403,
and a refusal changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee
from simerit.rewards.models import Grant, Nomination, Score
from simerit.rewards.rules.conditions import SanctionFact, clean_record
from simerit.rewards.tests.factories import (
    AwardFactory,
    CommitteeMemberFactory,
    NominationFactory,
    sanction,
    scored_award,
    staff,
)

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_hr_nominates_by_nip(client, hr_admin):
    award = AwardFactory.create()
    person = staff()
    client.force_login(hr_admin)

    response = client.post(
        "/penghargaan/usulan/baru/",
        {"award": award.pk, "nip": person.nip, "year": "2026", "reason": "Inovasi."},
    )

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/penghargaan/usulan/{nomination.pk}/"
    assert (nomination.employee, nomination.nominated_by) == (person, hr_admin)


def test_an_ineligible_nominee_is_refused_on_the_form(client, hr_admin):
    award = AwardFactory.create(name="Pegawai Teladan", clean_record_years=1)
    person = staff(name="Budi", front_title="", back_title="")
    sanction(person, decided_on=dt.date(2026, 2, 2), number="HD-2026-0001")
    client.force_login(hr_admin)

    response = client.post(
        "/penghargaan/usulan/baru/",
        {"award": award.pk, "nip": person.nip, "year": "2026", "reason": "x"},
    )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "Budi tidak memenuhi syarat Pegawai Teladan: Pernah dijatuhi hukuman disiplin tingkat "
        "sedang (HD-2026-0001, 02/02/2026)."
    ]
    assert not Nomination.objects.exists()


def test_an_admin_opd_cannot_find_an_employee_outside_its_scope(
    client, opd_admin, other_opd_employee
):
    award = AwardFactory.create()
    client.force_login(opd_admin)

    response = client.post(
        "/penghargaan/usulan/baru/",
        {"award": award.pk, "nip": other_opd_employee.nip, "year": "2026", "reason": "x"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["nip"] == [
        "Pegawai dengan NIP ini tidak ditemukan di unit kerja yang Anda kelola."
    ]
    assert not Nomination.objects.exists()


def test_an_employee_may_not_open_the_nomination_form(client, employee):
    client.force_login(employee)

    assert client.get("/penghargaan/usulan/baru/").status_code == 403


def test_the_nominee_sees_their_nomination_and_others_get_404(client, employee, supervisor):
    own = NominationFactory.create(employee=Employee.objects.get(user=employee))
    other = NominationFactory.create()
    client.force_login(employee)

    mine = client.get(f"/penghargaan/usulan/{own.pk}/")
    theirs = client.get(f"/penghargaan/usulan/{other.pk}/")
    listed = client.get("/penghargaan/usulan/")

    assert mine.status_code == 200
    assert 'data-testid="score-table"' not in mine.content.decode()
    assert theirs.status_code == 404
    assert list(listed.context["page_obj"].object_list) == [own]


def test_a_member_scores_on_the_page(client):
    award, criteria, (member, _) = scored_award("60", "40")
    nomination = NominationFactory.create(award=award)
    client.force_login(member)

    response = client.post(
        f"/penghargaan/usulan/{nomination.pk}/nilai/",
        {f"criterion_{criteria[0].pk}": "80", f"criterion_{criteria[1].pk}": "101"},
        follow=True,
    )
    accepted = client.post(
        f"/penghargaan/usulan/{nomination.pk}/nilai/",
        {f"criterion_{criteria[0].pk}": "80", f"criterion_{criteria[1].pk}": "90"},
        follow=True,
    )

    assert messages_of(response) == ["Nilai Kriteria 2 harus antara 0 dan 100."]
    assert messages_of(accepted) == ["Nilai Anda tersimpan."]
    assert sorted(Score.objects.values_list("score", flat=True)) == [Decimal(80), Decimal(90)]


def test_a_reader_who_is_not_a_member_may_not_score(client, auditor):
    award, criteria, _ = scored_award("100")
    nomination = NominationFactory.create(award=award)
    client.force_login(auditor)

    response = client.post(
        f"/penghargaan/usulan/{nomination.pk}/nilai/", {f"criterion_{criteria[0].pk}": "80"}
    )

    assert response.status_code == 403
    assert not Score.objects.exists()


def test_hr_decides_and_the_auditor_may_not(client, hr_admin, auditor):
    nomination = NominationFactory.create(status=Nomination.Status.SCORED, final_score=90)
    client.force_login(auditor)
    refused = client.post(
        f"/penghargaan/usulan/{nomination.pk}/putus/",
        {"granted": "1", "decree_number": "SK 1", "granted_on": "2026-11-20"},
    )
    assert refused.status_code == 403
    assert not Grant.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()

    client.force_login(hr_admin)
    response = client.post(
        f"/penghargaan/usulan/{nomination.pk}/putus/",
        {"granted": "1", "decree_number": "SK 800/1/2026", "granted_on": "2026-11-20"},
        follow=True,
    )

    assert messages_of(response) == ["Penghargaan diberikan; piagam terbit."]
    assert Grant.objects.get().decree_number == "SK 800/1/2026"


def test_a_rejection_without_note_is_refused(client, hr_admin):
    nomination = NominationFactory.create(status=Nomination.Status.SCORED, final_score=90)
    client.force_login(hr_admin)

    response = client.post(
        f"/penghargaan/usulan/{nomination.pk}/putus/", {"granted": "0", "note": ""}, follow=True
    )

    assert messages_of(response) == [
        "Catatan keputusan wajib diisi bila penghargaan tidak diberikan."
    ]
    nomination.refresh_from_db()
    assert nomination.status == "scored"


def test_hr_withdraws_a_nomination(client, hr_admin):
    nomination = NominationFactory.create()
    client.force_login(hr_admin)

    response = client.post(
        f"/penghargaan/usulan/{nomination.pk}/tarik/", {"reason": "Salah usul."}, follow=True
    )

    assert messages_of(response) == ["Usulan ditarik."]
    nomination.refresh_from_db()
    assert nomination.status == "withdrawn"


def test_the_detail_page_shows_each_reader_what_they_may_do(client, hr_admin):
    award, criteria, (member, other) = scored_award("60", "40")
    nomination = NominationFactory.create(award=award)
    client.force_login(member)
    before = client.get(f"/penghargaan/usulan/{nomination.pk}/").content.decode()
    client.post(
        f"/penghargaan/usulan/{nomination.pk}/nilai/",
        {f"criterion_{criteria[0].pk}": "80", f"criterion_{criteria[1].pk}": "90"},
    )
    client.force_login(other)
    client.post(
        f"/penghargaan/usulan/{nomination.pk}/nilai/",
        {f"criterion_{criteria[0].pk}": "70", f"criterion_{criteria[1].pk}": "70"},
    )
    client.force_login(hr_admin)
    after = client.get(f"/penghargaan/usulan/{nomination.pk}/").content.decode()

    assert 'data-testid="score-form"' in before
    assert 'data-testid="scores-hidden"' in before
    assert 'data-testid="score-form"' not in after
    assert 'data-testid="score-table"' in after
    assert 'data-testid="decision-form"' in after
    assert "2 dari 2 anggota tim penilai sudah menilai." in after
    # (48 + 36 = 84) and (42 + 28 = 70): mean 77
    assert '<dd class="col-sm-9" data-testid="final-score">77</dd>' in after


def test_an_admin_opd_reads_a_refusal_on_the_form_without_the_case_number(client, org, opd_admin):
    award = AwardFactory.create(name="Pegawai Teladan", clean_record_years=1)
    person = staff(name="Budi", front_title="", back_title="", work_unit=org.dinkes_division)
    sanction(person, decided_on=dt.date(2026, 2, 2), number="HD-2026-0042")
    client.force_login(opd_admin)

    response = client.post(
        "/penghargaan/usulan/baru/",
        {"award": award.pk, "nip": person.nip, "year": "2026", "reason": "x"},
    )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "Budi tidak memenuhi syarat Pegawai Teladan: Pernah dijatuhi hukuman disiplin tingkat "
        "sedang (02/02/2026)."
    ]
    assert "HD-2026-0042" not in response.content.decode()
    assert not Nomination.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="rewards.").exists()


def kept_with_a_case(employee: Employee) -> Nomination:
    """A nomination whose kept conditions name a case (as `Condition.as_json` keeps it)."""
    broken = clean_record(
        requirement="Tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat",
        heavy=[
            SanctionFact(case_number="HD-2026-0042", level="sedang", decided_on=dt.date(2026, 2, 2))
        ],
        met_note="",
    )
    award, _, _ = scored_award("100", members=0)
    return NominationFactory.create(award=award, employee=employee, eligibility=[broken.as_json()])


def test_kept_conditions_name_a_case_only_to_those_who_may_see_it(
    client, hr_admin, opd_admin, employee
):
    nomination = kept_with_a_case(Employee.objects.get(user=employee))
    member = CommitteeMemberFactory.create(award=nomination.award, year=2026).user
    full = "Pernah dijatuhi hukuman disiplin tingkat sedang (HD-2026-0042, 02/02/2026)."
    public = "Pernah dijatuhi hukuman disiplin tingkat sedang (02/02/2026)."

    shown = {}
    for name, user in (
        ("hr", hr_admin),
        ("nominee", employee),
        ("opd", opd_admin),
        ("member", member),
    ):
        client.force_login(user)
        response = client.get(f"/penghargaan/usulan/{nomination.pk}/")
        assert response.status_code == 200
        [item] = response.context["view"].eligibility
        shown[name] = item["keterangan"]
        assert ("HD-2026-0042" in response.content.decode()) == (item["keterangan"] == full)

    assert shown == {
        "hr": full,
        "nominee": full,
        "opd": public,
        "member": public,
    }


def test_the_nominee_sees_the_status_and_note_but_no_score(client, opd_admin, employee):
    nominee = Employee.objects.get(user=employee)
    nomination = NominationFactory.create(
        employee=nominee,
        status=Nomination.Status.REJECTED,
        final_score=Decimal("88.50"),
        decision_note="Kuota tahun ini sudah terpenuhi.",
    )
    client.force_login(employee)
    detail = client.get(f"/penghargaan/usulan/{nomination.pk}/")
    listed = client.get("/penghargaan/usulan/")
    client.force_login(opd_admin)
    opd_detail = client.get(f"/penghargaan/usulan/{nomination.pk}/").content.decode()
    opd_list = client.get("/penghargaan/usulan/").content.decode()

    content = detail.content.decode()
    assert detail.context["view"].final_score is None
    assert '<dd class="col-sm-9" data-testid="nomination-status">Tidak diberikan</dd>' in content
    assert "Kuota tahun ini sudah terpenuhi." in content
    assert 'data-testid="final-score"' not in content
    assert "88,5" not in content
    assert "Penilaian tim" not in content
    row = listed.content.decode().split(f'data-testid="nomination-{nomination.pk}"')[1]
    assert '<td class="text-end">—</td>' in row.split("</tr>")[0]
    assert "88,5" not in listed.content.decode()
    assert '<dd class="col-sm-9" data-testid="final-score">88,5</dd>' in opd_detail
    assert '<td class="text-end">88,5</td>' in opd_list


def test_a_member_who_scored_everything_may_not_change_it_on_the_page(client):
    award, criteria, (member, _) = scored_award("60", "40")
    nomination = NominationFactory.create(award=award)
    client.force_login(member)
    fields = {f"criterion_{criteria[0].pk}": "80", f"criterion_{criteria[1].pk}": "90"}
    client.post(f"/penghargaan/usulan/{nomination.pk}/nilai/", fields)
    page = client.get(f"/penghargaan/usulan/{nomination.pk}/").content.decode()
    events = AuditEvent.objects.count()

    response = client.post(
        f"/penghargaan/usulan/{nomination.pk}/nilai/",
        {f"criterion_{criteria[0].pk}": "100", f"criterion_{criteria[1].pk}": "100"},
        follow=True,
    )

    assert 'data-testid="score-form"' not in page
    assert 'data-testid="scores-final"' in page
    assert messages_of(response) == [
        "Anda sudah menilai semua kriteria usulan ini; nilai Anda final dan tidak dapat diubah."
    ]
    assert sorted(Score.objects.values_list("score", flat=True)) == [Decimal(80), Decimal(90)]
    assert AuditEvent.objects.count() == events
