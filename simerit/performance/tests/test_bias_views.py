"""The calibration page, the unit dashboard and the bias API: who sees what, the identity rule
(HR sees pseudonyms for peers, the Auditor names), distribution warnings with numbers, and the
writes through the same services (refusals change nothing)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.performance.models import Appraisal, OrganisationPredikat, Predikat, RaterGroup, Rating
from simerit.performance.selectors.bias import pseudonym
from simerit.performance.services.calibration import calibrated_message
from simerit.performance.services.unit_predikat import set_unit_predikat
from simerit.performance.tests.factories import PerformanceYearFactory
from simerit.performance.tests.factories_bias import (
    answer_all,
    make_appraisal,
    make_unit,
    publish_feedback,
    user_of,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/performance"


@pytest.fixture
def case():
    """Eight staff; staff 0 rates the others 5 everywhere (lenient and halo), the rest rate
    2, 3, 4 in turn (mean 3); the chief rates everybody 3 everywhere as supervisor (halo and
    central tendency, not lenient); every SKP is appraised Baik; the 360 collection is closed.

    Relative to the other raters of the same SKP, staff 0 gives 2 more (z 2.83 among the nine
    raters, well past 2.0; with four staff the largest z possible was 2.0 itself), every other
    staff member 12/49 less and the chief 1/4 less."""
    year = PerformanceYearFactory.create()
    unit = make_unit(year=year, size=8)
    answers = []
    for ratee, skp in enumerate(unit.skps):
        answers.append((skp, unit.chief, RaterGroup.SUPERVISOR, [3] * 21))
        for rater, member in enumerate(unit.staff):
            if rater != ratee:
                given = [5] * 21 if rater == 0 else [(rater + k) % 3 + 2 for k in range(21)]
                answers.append((skp, member, RaterGroup.PEER, given))
    answer_all(answers)
    for skp in unit.skps:
        make_appraisal(skp)
    publish_feedback(year)
    return year, unit


def test_hr_sees_pseudonyms_for_peers_and_the_supervisors_name(client, hr_admin, case):
    year, unit = case
    client.force_login(hr_admin)

    page = client.get(reverse("performance:calibration"), {"year": year.year}).content.decode()

    lenient = unit.staff[0]
    assert f'<h2 class="h5 mb-0">{pseudonym(rater_id=lenient.pk, year=year)}</h2>' in page
    assert f'<h2 class="h5 mb-0">{lenient.name}</h2>' not in page
    assert 'data-testid="calibration-form"' in page


def test_the_auditor_sees_names_and_no_calibration_form(client, auditor, case):
    year, unit = case
    client.force_login(auditor)

    page = client.get(reverse("performance:calibration"), {"year": year.year}).content.decode()

    assert f'<h2 class="h5 mb-0">{unit.staff[0].name}</h2>' in page
    assert 'data-testid="calibration-form"' not in page


def test_a_leader_sees_only_units_under_their_own(client, case, org):
    year, unit = case
    client.force_login(user_of(unit.chief))

    own = client.get(reverse("performance:calibration"), {"year": year.year})
    other = client.get(
        reverse("performance:calibration"), {"year": year.year, "unit": org.disdik.pk}
    )

    assert own.status_code == 200
    assert pseudonym(rater_id=unit.staff[0].pk, year=year) in own.content.decode()
    assert 'data-testid="outlying-rater"' not in other.content.decode()


@pytest.mark.parametrize("persona", ["employee", "applicant"])
def test_other_roles_get_403(client, request, case, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("performance:calibration")).status_code == 403
    assert client.get(reverse("performance:unit-dashboard")).status_code == 403


def test_hr_calibrates_from_the_page(client, hr_admin, case):
    year, unit = case
    appraisal = unit.skps[1].appraisal
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:calibration-appraisal", args=[appraisal.pk]),
        {
            "year": year.year,
            "unit": "",
            "result_rating": Rating.ABOVE,
            "behaviour_rating": Rating.ABOVE,
            "reason": "Kalibrasi setelah rapat tim penilai kinerja.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('performance:calibration')}?year={year.year}"
    appraisal.refresh_from_db()
    assert appraisal.predikat == Predikat.SANGAT_BAIK
    assert [str(m) for m in get_messages(response.wsgi_request)] == [calibrated_message(appraisal)]
    assert "disampaikan ulang kepada pegawai" in calibrated_message(appraisal)


def test_the_auditor_cannot_calibrate(client, auditor, case):
    _, unit = case
    appraisal = unit.skps[1].appraisal
    client.force_login(auditor)

    response = client.post(
        reverse("performance:calibration-appraisal", args=[appraisal.pk]),
        {"result_rating": "above", "behaviour_rating": "above", "reason": "x" * 30},
    )

    assert response.status_code == 403
    assert Appraisal.objects.get(pk=appraisal.pk).predikat == Predikat.BAIK
    assert not AuditEvent.objects.filter(action="performance.appraisal.calibrated").exists()


def test_unit_dashboard_warns_with_numbers(client, hr_admin, case):
    year, unit = case
    set_unit_predikat(
        year=year, work_unit=unit.unit, predikat=OrganisationPredikat.BAIK, note="", actor=hr_admin
    )
    client.force_login(hr_admin)

    page = client.get(
        reverse("performance:unit-dashboard"), {"year": year.year, "unit": unit.unit.pk}
    ).content.decode()

    assert 'data-testid="distribution-warnings"' in page
    assert "8 dari 8 pegawai (100,0 %) berpredikat Baik; paling banyak 70 %" in page
    assert 'id="data-grafik-predikat"' in page
    assert pseudonym(rater_id=unit.staff[0].pk, year=year) in page


def test_unit_dashboard_without_unit_shows_the_empty_state(client, hr_admin, case):
    client.force_login(hr_admin)
    page = client.get(reverse("performance:unit-dashboard")).content.decode()
    assert 'data-testid="empty-state"' in page


def test_hr_sets_the_unit_predikat_from_the_dashboard(client, hr_admin, auditor, case):
    year, unit = case
    data = {"year": year.year, "unit": unit.unit.pk, "predikat": "istimewa", "note": ""}
    client.force_login(auditor)
    assert client.post(reverse("performance:unit-predikat"), data).status_code == 403
    client.force_login(hr_admin)

    response = client.post(reverse("performance:unit-predikat"), data)

    assert response.status_code == 302
    assert year.units.get(work_unit=unit.unit).predikat == "istimewa"


def test_api_rater_statistics_follow_the_identity_rule(client, hr_admin, auditor, case):
    year, unit = case
    client.force_login(hr_admin)
    hr_items = client.get(f"{API}/rater-statistics", {"year": year.year}).json()["items"]
    client.force_login(auditor)
    audit_items = client.get(f"{API}/rater-statistics", {"year": year.year}).json()["items"]

    lenient = pseudonym(rater_id=unit.staff[0].pk, year=year)
    by_label = {item["rater"]: item for item in hr_items}
    assert by_label[lenient]["lenient"] is True
    assert by_label[lenient]["z_organisation"] == pytest.approx(2.8284, abs=1e-4)
    assert by_label[lenient]["halo"] is True
    assert by_label[lenient]["rater_id"] is None
    assert unit.chief.name in by_label  # the pejabat penilai is known anyway
    assert {item["rater"] for item in audit_items} == {m.name for m in [unit.chief, *unit.staff]}


def test_api_distribution_and_denials(client, hr_admin, employee, case):
    year, unit = case
    client.force_login(hr_admin)
    body = client.get(f"{API}/units/{unit.unit.pk}/distribution", {"year": year.year}).json()
    assert body["counts"]["baik"] == 8
    assert body["warnings"] == []
    client.force_login(employee)
    assert client.get(f"{API}/rater-statistics", {"year": year.year}).status_code == 403


def test_api_calibration_refusal_changes_nothing(client, hr_admin, case):
    _, unit = case
    appraisal = unit.skps[2].appraisal
    Appraisal.objects.filter(pk=appraisal.pk).update(status=Appraisal.Status.OBJECTED)
    client.force_login(hr_admin)

    response = client.post(
        f"{API}/appraisals/{appraisal.pk}/calibration",
        {"result_rating": "above", "behaviour_rating": "above", "reason": "x" * 30},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert Appraisal.objects.get(pk=appraisal.pk).predikat == Predikat.BAIK


def compact(html: str) -> str:
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))


@pytest.mark.parametrize("persona", ["hr", "atasan"])
def test_no_per_ratee_list_for_a_peer_rater_outside_the_auditor(client, hr_admin, case, persona):
    """The lenient peer shows its rater-level numbers only: no SKP it rated, no score it gave, no
    work unit. The chief (pejabat penilai, known anyway) is listed with the SKPs they rated."""
    year, unit = case
    client.force_login(hr_admin if persona == "hr" else user_of(unit.chief))

    page = compact(
        client.get(reverse("performance:calibration"), {"year": year.year}).content.decode()
    )

    lenient = pseudonym(rater_id=unit.staff[0].pk, year=year)
    assert re.findall(r'<h2 class="h5 mb-0">(.*?)</h2>', page) == [lenient, unit.chief.name]
    start = page.index(f'<h2 class="h5 mb-0">{lenient}')
    section = page[start : page.index(f'<h2 class="h5 mb-0">{unit.chief.name}')]
    assert 'data-testid="rater-unit"' not in section
    assert 'z organisasi</dt><dd class="col-6 col-md-2">2,83</dd>' in section
    assert 'Rata-rata</dt><dd class="col-6 col-md-2">5,00</dd>' in section
    assert 'data-testid="ratees-hidden"' in section
    assert "S Pegawai" not in section
    assert page.count("<caption>SKP yang dinilai</caption>") == 1
    # The chief's list: 3 given everywhere; the raw mean 3 on staff 0's SKP (staff 0 did not rate
    # it), 26/8 on the others (staff 0's 5 among them).
    assert (
        '<td>S Pegawai 00<div class="small text-body-secondary">Dinas Sintetis</div></td>'
        '<td class="text-end">3,00</td><td class="text-end">3,00</td>'
    ) in page
    assert (
        '<td>S Pegawai 07<div class="small text-body-secondary">Dinas Sintetis</div></td>'
        '<td class="text-end">3,00</td><td class="text-end">3,25</td>'
    ) in page
    assert '<td class="text-end">5,00</td>' not in page


def test_the_auditor_sees_the_peers_per_ratee_list(client, auditor, case):
    year, _ = case
    client.force_login(auditor)

    page = compact(
        client.get(reverse("performance:calibration"), {"year": year.year}).content.decode()
    )

    assert page.count("<caption>SKP yang dinilai</caption>") == 2
    assert 'data-testid="ratees-hidden"' not in page
    # Staff 0 gave 5 to each of the seven others.
    assert page.count('<td class="text-end">5,00</td>') == 7
    assert '<span class="text-body-secondary small" data-testid="rater-unit">Dinas Sintetis' in page
