"""Calibration of an appraisal (Admin BKPSDM) and the unit's organisation predikat: refusals
change nothing; a change is audited with the values before and after."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError
from simerit.performance.models import (
    Appraisal,
    Objection,
    OrganisationPredikat,
    PerformanceYear,
    Predikat,
    Rating,
    UnitPredikat,
)
from simerit.performance.services.calibration import calibrate_appraisal
from simerit.performance.services.unit_predikat import set_unit_predikat
from simerit.performance.tests.factories import PerformanceYearFactory
from simerit.performance.tests.factories_bias import make_appraisal, make_unit, user_of

pytestmark = pytest.mark.django_db

REASON = "Penilai murah nilai (z 2,4); dikoreksi setelah rapat kalibrasi."


@pytest.fixture
def appraisal():
    unit = make_unit(year=PerformanceYearFactory.create(), size=1)
    return make_appraisal(unit.skps[0], result=Rating.ABOVE, behaviour=Rating.ABOVE)


def calibrate(
    appraisal, actor, *, result=Rating.AS_EXPECTED, behaviour=Rating.ABOVE, reason=REASON
):
    return calibrate_appraisal(
        appraisal=appraisal,
        result_rating=result,
        behaviour_rating=behaviour,
        reason=reason,
        actor=actor,
    )


def unchanged(appraisal):
    appraisal.refresh_from_db()
    return (
        appraisal.result_rating == Rating.ABOVE
        and appraisal.predikat == Predikat.SANGAT_BAIK
        and not AuditEvent.objects.filter(action="performance.appraisal.calibrated").exists()
    )


def test_calibration_changes_ratings_and_predikat_and_audits_before_and_after(appraisal, hr_admin):
    calibrate(appraisal, hr_admin)

    appraisal.refresh_from_db()
    assert (appraisal.result_rating, appraisal.behaviour_rating, appraisal.predikat) == (
        Rating.AS_EXPECTED,
        Rating.ABOVE,
        Predikat.BAIK,
    )
    event = AuditEvent.objects.get(action="performance.appraisal.calibrated")
    assert event.actor == hr_admin
    assert event.target_id == str(appraisal.pk)
    assert event.changes == {
        "before": {
            "result_rating": "above",
            "behaviour_rating": "above",
            "predikat": "sangat_baik",
        },
        "after": {"result_rating": "as_expected", "behaviour_rating": "above", "predikat": "baik"},
        "reason": REASON,
    }


@pytest.mark.parametrize("persona", ["auditor", "supervisor", "employee", "opd_admin"])
def test_only_hr_calibrates(appraisal, request, persona):
    with pytest.raises(PermissionDenied):
        calibrate(appraisal, request.getfixturevalue(persona))
    assert unchanged(appraisal)


def test_the_evaluator_cannot_calibrate(appraisal):
    with pytest.raises(PermissionDenied):
        calibrate(appraisal, user_of(appraisal.skp.evaluator))
    assert unchanged(appraisal)


def test_a_short_reason_is_refused(appraisal, hr_admin):
    with pytest.raises(DomainError, match="paling sedikit 20 karakter"):
        calibrate(appraisal, hr_admin, reason="   terlalu singkat    ")
    assert unchanged(appraisal)


def test_a_closed_year_is_refused(appraisal, hr_admin):
    PerformanceYear.objects.update(status=PerformanceYear.Status.CLOSED)
    with pytest.raises(DomainError, match="sudah ditutup"):
        calibrate(appraisal, hr_admin)
    assert unchanged(appraisal)


def test_an_appraisal_under_keberatan_is_refused(appraisal, hr_admin):
    Appraisal.objects.filter(pk=appraisal.pk).update(status=Appraisal.Status.OBJECTED)
    with pytest.raises(ConflictError, match="sedang dalam keberatan"):
        calibrate(appraisal, hr_admin)
    assert unchanged(appraisal)


def test_an_appraisal_final_after_a_keberatan_decision_is_refused(appraisal, hr_admin):
    Appraisal.objects.filter(pk=appraisal.pk).update(status=Appraisal.Status.FINAL)
    Objection.objects.create(
        appraisal=appraisal,
        reasons="Saya keberatan.",
        filed_at=timezone.now(),
        filed_by=user_of(appraisal.skp.employee),
        status=Objection.Status.UPHELD,
        original_result_rating=Rating.ABOVE,
        original_behaviour_rating=Rating.ABOVE,
        original_predikat=Predikat.SANGAT_BAIK,
        decision_reason="Hasil tetap.",
        decided_by=hr_admin,
        decided_at=timezone.now(),
    )
    with pytest.raises(ConflictError, match="final"):
        calibrate(appraisal, hr_admin)
    assert unchanged(appraisal)


def test_no_change_is_refused(appraisal, hr_admin):
    with pytest.raises(DomainError, match="tidak ada yang diubah"):
        calibrate(appraisal, hr_admin, result=Rating.ABOVE, behaviour=Rating.ABOVE)
    assert unchanged(appraisal)


def test_unit_predikat_is_set_then_changed_with_before_and_after(hr_admin, org):
    year = PerformanceYearFactory.create()

    set_unit_predikat(
        year=year, work_unit=org.dinkes, predikat=OrganisationPredikat.BAIK, note="", actor=hr_admin
    )
    set_unit_predikat(
        year=year,
        work_unit=org.dinkes,
        predikat=OrganisationPredikat.ISTIMEWA,
        note="Keputusan Wali Kota",
        actor=hr_admin,
    )

    saved = UnitPredikat.objects.get()
    assert (saved.predikat, saved.note, saved.set_by) == (
        "istimewa",
        "Keputusan Wali Kota",
        hr_admin,
    )
    changes = [
        e.changes
        for e in AuditEvent.objects.filter(action="performance.unit_predikat.set").order_by("seq")
    ]
    assert changes == [
        {"before": None, "after": {"predikat": "baik", "note": ""}},
        {
            "before": {"predikat": "baik", "note": ""},
            "after": {"predikat": "istimewa", "note": "Keputusan Wali Kota"},
        },
    ]


def test_unit_predikat_refusals_change_nothing(hr_admin, auditor, org):
    year = PerformanceYearFactory.create()
    with pytest.raises(PermissionDenied):
        set_unit_predikat(
            year=year,
            work_unit=org.dinkes,
            predikat=OrganisationPredikat.BAIK,
            note="",
            actor=auditor,
        )
    PerformanceYear.objects.update(status=PerformanceYear.Status.CLOSED)
    year.refresh_from_db()
    with pytest.raises(DomainError, match="sudah ditutup"):
        set_unit_predikat(
            year=year,
            work_unit=org.dinkes,
            predikat=OrganisationPredikat.BAIK,
            note="",
            actor=hr_admin,
        )
    assert not UnitPredikat.objects.exists()
    assert not AuditEvent.objects.filter(action="performance.unit_predikat.set").exists()
