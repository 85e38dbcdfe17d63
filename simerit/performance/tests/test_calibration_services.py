"""Calibration of an appraisal (Admin BKPSDM) and the unit's organisation predikat: refusals
change nothing; a change is audited with the values before and after."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, DomainError
from simerit.core.roles import Role
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification
from simerit.performance.models import (
    Appraisal,
    Objection,
    OrganisationPredikat,
    PerformanceYear,
    Predikat,
    Rating,
    Skp,
    TrainingNeed,
    UnitPredikat,
)
from simerit.performance.selectors.appraisal import (
    effective_status,
    objection_deadline,
    objection_window_open,
)
from simerit.performance.services.calibration import calibrate_appraisal, calibrated_message
from simerit.performance.services.unit_predikat import set_unit_predikat
from simerit.performance.tests.factories import PerformanceYearFactory, make_skp
from simerit.performance.tests.factories_appraisal import delivered_days_ago
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
    delivered_at = Appraisal.objects.get(pk=appraisal.pk).delivered_at
    appraisal.refresh_from_db()
    return (
        appraisal.result_rating == Rating.ABOVE
        and appraisal.predikat == Predikat.SANGAT_BAIK
        and appraisal.delivered_at == delivered_at
        and not AuditEvent.objects.filter(action="performance.appraisal.calibrated").exists()
        and not TrainingNeed.objects.exists()
        and not Notification.objects.exists()
    )


def _json(value):
    return DjangoJSONEncoder().default(value)


def test_calibration_changes_ratings_and_predikat_and_audits_before_and_after(appraisal, hr_admin):
    # given: delivered 10 days ago
    appraisal = delivered_days_ago(appraisal, 10)
    delivered_before = appraisal.delivered_at
    # when
    calibrate(appraisal, hr_admin)
    # then
    appraisal.refresh_from_db()
    assert (appraisal.result_rating, appraisal.behaviour_rating, appraisal.predikat) == (
        Rating.AS_EXPECTED,
        Rating.ABOVE,
        Predikat.BAIK,
    )
    today = timezone.localdate()
    event = AuditEvent.objects.get(action="performance.appraisal.calibrated")
    assert event.actor == hr_admin
    assert event.target_id == str(appraisal.pk)
    assert event.changes == {
        "before": {
            "result_rating": "above",
            "behaviour_rating": "above",
            "predikat": "sangat_baik",
            "status": "delivered",
            "delivered_at": _json(delivered_before),
            "objection_deadline": str(today + dt.timedelta(days=4)),
        },
        "after": {
            "result_rating": "as_expected",
            "behaviour_rating": "above",
            "predikat": "baik",
            "status": "delivered",
            "delivered_at": _json(appraisal.delivered_at),
            "objection_deadline": str(today + dt.timedelta(days=14)),
        },
        "reason": REASON,
        "training_needs": [],
        "delivery": "disampaikan ulang kepada pegawai; masa keberatan dimulai lagi",
    }


def test_a_calibrated_result_is_delivered_anew_with_a_fresh_keberatan_window(appraisal, hr_admin):
    # given: delivered 10 days ago (4 days of the window left)
    appraisal = delivered_days_ago(appraisal, 10)
    # when
    calibrate(appraisal, hr_admin)
    # then: the 14 days run from the calibration
    appraisal.refresh_from_db()
    today = timezone.localdate()
    assert timezone.localdate(appraisal.delivered_at) == today
    assert objection_deadline(appraisal) == today + dt.timedelta(days=14)
    assert effective_status(appraisal, on=today + dt.timedelta(days=14)) == "delivered"
    assert calibrated_message(appraisal) == (
        "Penilaian S Pegawai 00 telah dikalibrasi menjadi predikat Baik dan disampaikan ulang "
        "kepada pegawai; masa keberatan dimulai lagi sampai "
        f"{format_date_id(today + dt.timedelta(days=14))}."
    )
    # and the employee may object to the new result until its last day
    assert objection_window_open(appraisal, on=today + dt.timedelta(days=14))
    assert not objection_window_open(appraisal, on=today + dt.timedelta(days=15))


def test_calibration_notifies_the_employee_and_the_pejabat_penilai(appraisal, hr_admin):
    calibrate(appraisal, hr_admin)
    skp = appraisal.skp
    url = reverse("performance:skp-appraisal", args=[skp.pk])
    deadline = format_date_id(timezone.localdate() + dt.timedelta(days=14))
    assert [(n.user, n.title, n.body, n.url) for n in Notification.objects.order_by("pk")] == [
        (
            user_of(skp.employee),
            "Hasil penilaian kinerja 2026",
            "Hasil penilaian kinerja 2026 Anda telah dikalibrasi oleh Admin BKPSDM: predikat "
            "Baik. Bila tidak sependapat, Anda dapat mengajukan keberatan paling lambat "
            f"{deadline}.",
            url,
        ),
        (
            user_of(skp.evaluator),
            "Kalibrasi penilaian kinerja 2026: S Pegawai 00",
            "Admin BKPSDM mengkalibrasi penilaian kinerja 2026 S Pegawai 00 yang Anda tetapkan: "
            "predikat Sangat Baik menjadi Baik. Hasilnya disampaikan ulang kepada pegawai.",
            url,
        ),
    ]


def test_calibration_refreshes_the_training_needs(appraisal, hr_admin):
    # when: Sangat Baik → Butuh Perbaikan
    calibrate(appraisal, hr_admin, result=Rating.BELOW, behaviour=Rating.ABOVE)
    # then
    assert [(n.source, n.recommendation) for n in TrainingNeed.objects.all()] == [
        (
            "predikat",
            "Predikat Butuh Perbaikan (hasil kerja di bawah ekspektasi): pelatihan teknis pada "
            "rencana hasil kerja yang belum tercapai dan bimbingan kinerja oleh pejabat penilai.",
        )
    ]
    first = AuditEvent.objects.get(action="performance.appraisal.calibrated")
    assert first.changes["training_needs"] == ["predikat"]
    # when: back to Baik (a second calibration in the fresh window)
    calibrate(appraisal, hr_admin, result=Rating.AS_EXPECTED, behaviour=Rating.ABOVE)
    # then: no stale need
    assert not TrainingNeed.objects.exists()
    last = AuditEvent.objects.filter(action="performance.appraisal.calibrated").latest("seq")
    assert last.changes["training_needs"] == []


def test_a_result_final_after_the_keberatan_window_is_refused(appraisal, hr_admin):
    appraisal = delivered_days_ago(appraisal, 15)
    deadline = format_date_id(timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ConflictError) as caught:
        calibrate(appraisal, hr_admin)
    assert str(caught.value) == (
        f"Masa keberatan atas penilaian ini sudah berakhir (batas {deadline}) dan hasilnya "
        "final; hasilnya tidak dapat dikalibrasi."
    )
    assert unchanged(appraisal)


def test_a_result_written_final_is_refused(appraisal, hr_admin):
    appraisal = delivered_days_ago(appraisal, 15)
    Appraisal.objects.filter(pk=appraisal.pk).update(status=Appraisal.Status.FINAL)
    with pytest.raises(ConflictError, match="sudah berakhir"):
        calibrate(appraisal, hr_admin)
    assert unchanged(appraisal)


def test_hr_cannot_calibrate_their_own_appraisal(appraisal):
    # given: an Admin BKPSDM who is also an employee with an appraisal
    unit_chief = appraisal.skp.evaluator
    hr_user = UserFactory.create(username="hr.pegawai", roles=[Role.PEGAWAI, Role.ADMIN_BKPSDM])
    employee = EmployeeFactory.create(
        user=hr_user, name="Admin Berpegawai", work_unit=unit_chief.work_unit, supervisor=unit_chief
    )
    own = make_appraisal(
        make_skp(employee, year=appraisal.skp.year, status=Skp.Status.APPROVED),
        result=Rating.ABOVE,
        behaviour=Rating.ABOVE,
    )
    # when / then
    with pytest.raises(PermissionDenied) as caught:
        calibrate(own, hr_user)
    assert str(caught.value) == (
        "Anda tidak dapat mengkalibrasi penilaian kinerja Anda sendiri; mintalah Admin BKPSDM lain."
    )
    assert unchanged(own)
    # but another employee's, yes
    assert calibrate(appraisal, hr_user).predikat == Predikat.BAIK


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
