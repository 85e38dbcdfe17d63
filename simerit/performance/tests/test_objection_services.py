"""The keberatan: only the employee, once, within the window (day 14 in, day 15 out), reasons of
20 characters; both sides heard; only the atasan decides, once; the outcome is final and audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, DomainError
from simerit.notifications.models import Notification
from simerit.performance.models import Appraisal, Objection, Rating, Skp
from simerit.performance.selectors.appraisal import objection_deadline
from simerit.performance.services.objections import (
    add_objection_statement,
    decide_objection,
    file_objection,
)
from simerit.performance.tests.factories_appraisal import (
    Case,
    approved_case,
    decided,
    delivered_days_ago,
)

pytestmark = pytest.mark.django_db

REASONS = "Target dokumen triwulan IV tercapai 110%, namun tidak dipertimbangkan."
STATEMENT = "Realisasi triwulan IV dibuktikan dengan dokumen yang terlambat diunggah."
DECISION = "Bukti dukung triwulan IV sah; hasil kerja memenuhi ekspektasi pimpinan."


@pytest.fixture
def case() -> Case:
    return approved_case()


@pytest.fixture
def appraisal(case) -> Appraisal:
    return decided(case, result=Rating.BELOW, behaviour=Rating.AS_EXPECTED)


@pytest.fixture
def objection(case, appraisal) -> Objection:
    return file_objection(appraisal=appraisal, reasons=REASONS, actor=case.employee)


def _objection_audits() -> int:
    return AuditEvent.objects.filter(action__startswith="performance.objection").count()


def _new_notifications(after: int) -> list[tuple[object, str, str, str]]:
    return [
        (n.user, n.title, n.body, n.url)
        for n in Notification.objects.filter(pk__gt=after).order_by("pk")
    ]


def _last_notification() -> int:
    last = Notification.objects.order_by("-pk").first()
    return last.pk if last else 0


def test_file_objection_copies_the_original_values(case, appraisal):
    objection = file_objection(appraisal=appraisal, reasons=f" {REASONS} ", actor=case.employee)
    appraisal.refresh_from_db()
    assert appraisal.status == Appraisal.Status.OBJECTED
    assert objection.reasons == REASONS
    assert objection.filed_by == case.employee
    assert (
        objection.original_result_rating,
        objection.original_behaviour_rating,
        objection.original_predikat,
    ) == ("below", "as_expected", "butuh_perbaikan")
    assert (
        AuditEvent.objects.get(action="performance.objection.filed").changes["reasons"] == REASONS
    )


def test_file_objection_accepted_on_day_14(case, appraisal):
    delivered_days_ago(appraisal, 14)
    assert file_objection(appraisal=appraisal, reasons=REASONS, actor=case.employee).pk


def _assert_filing_refused(case, appraisal, error, message, *, actor=None, reasons=REASONS):
    audits = _objection_audits()
    notifications = Notification.objects.count()
    status = Appraisal.objects.get(pk=appraisal.pk).status
    with pytest.raises(error) as caught:
        file_objection(appraisal=appraisal, reasons=reasons, actor=actor or case.employee)
    assert str(caught.value) == message
    assert Appraisal.objects.get(pk=appraisal.pk).status == status
    assert _objection_audits() == audits
    assert Notification.objects.count() == notifications


def test_file_objection_refused_on_day_15(case, appraisal):
    delivered_days_ago(appraisal, 15)
    deadline = objection_deadline(appraisal)
    assert deadline is not None
    _assert_filing_refused(
        case,
        appraisal,
        DomainError,
        f"Masa keberatan sudah berakhir (batas {format_date_id(deadline)}): keberatan diajukan "
        "paling lambat 14 hari sejak hasil penilaian diterima.",
    )
    assert not Objection.objects.exists()


def test_file_objection_refused_for_someone_else(case, appraisal):
    for actor in (case.evaluator, case.superior, case.team.user(case.team.staff[2])):
        _assert_filing_refused(
            case,
            appraisal,
            PermissionDenied,
            "Keberatan hanya dapat diajukan oleh pegawai yang dinilai.",
            actor=actor,
        )
    assert not Objection.objects.exists()


def test_file_objection_refused_twice(case, appraisal, objection):
    _assert_filing_refused(
        case,
        appraisal,
        ConflictError,
        "Keberatan atas penilaian ini sudah pernah diajukan; keberatan hanya satu kali.",
    )
    assert Objection.objects.count() == 1


def test_file_objection_refused_with_short_reasons(case, appraisal):
    _assert_filing_refused(
        case,
        appraisal,
        DomainError,
        "Tulis alasan keberatan paling sedikit 20 karakter: bagian penilaian mana yang Anda "
        "keberatan dan mengapa.",
        reasons="Tidak adil sama sekali"[:19],
    )
    assert not Objection.objects.exists()


def test_file_objection_refused_without_an_atasan(case, appraisal):
    Skp.objects.filter(pk=case.skp.pk).update(evaluator_superior=None)
    _assert_filing_refused(
        case,
        appraisal,
        DomainError,
        "Pejabat penilai Anda tidak memiliki atasan yang tercatat; hubungi Admin BKPSDM untuk "
        "mengajukan keberatan.",
    )


def test_statements_hear_both_sides(case, objection):
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    add_objection_statement(objection=objection, text=REASONS, actor=case.employee)
    objection.refresh_from_db()
    assert objection.evaluator_statement == STATEMENT
    assert objection.employee_statement == REASONS
    assert AuditEvent.objects.filter(action="performance.objection.evaluator_stated").count() == 1


def test_statement_refused_for_the_atasan_and_others(case, objection):
    for actor in (case.superior, case.team.user(case.team.staff[2])):
        with pytest.raises(PermissionDenied):
            add_objection_statement(objection=objection, text=STATEMENT, actor=actor)
    objection.refresh_from_db()
    assert (objection.evaluator_statement, objection.employee_statement) == ("", "")


def _decide(case, objection, *, actor=None, outcome="changed", reason=DECISION):
    return decide_objection(
        objection=objection,
        outcome=outcome,
        result_rating=Rating.AS_EXPECTED,
        behaviour_rating=Rating.AS_EXPECTED,
        reason=reason,
        actor=actor or case.superior,
    )


def _assert_decision_refused(case, objection, error, message, *, actor=None) -> None:
    audits = _objection_audits()
    notifications = Notification.objects.count()
    with pytest.raises(error) as caught:
        _decide(case, objection, actor=actor)
    assert str(caught.value) == message
    objection.refresh_from_db()
    appraisal = Appraisal.objects.get(pk=objection.appraisal_id)
    assert objection.status == Objection.Status.FILED
    assert objection.decided_at is None
    assert (appraisal.status, appraisal.predikat) == ("objected", "butuh_perbaikan")
    assert _objection_audits() == audits
    assert Notification.objects.count() == notifications


def test_decision_by_the_evaluator_refused(case, objection):
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    for actor in (case.evaluator, case.employee):
        _assert_decision_refused(
            case,
            objection,
            PermissionDenied,
            "Keberatan hanya dapat diputus oleh atasan pejabat penilai.",
            actor=actor,
        )


def test_decision_before_the_evaluator_statement_refused(case, objection):
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.employee)
    _assert_decision_refused(
        case,
        objection,
        DomainError,
        "Pejabat penilai belum memberikan penjelasan. Keberatan diputus setelah kedua pihak "
        "didengar: mintalah penjelasan pejabat penilai lebih dulu.",
    )


def test_decision_changed_updates_the_appraisal_and_is_final(case, objection):
    # given
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    # when
    _decide(case, objection)
    # then
    objection.refresh_from_db()
    appraisal = Appraisal.objects.get(pk=objection.appraisal_id)
    assert objection.status == Objection.Status.CHANGED
    assert objection.decided_by == case.superior
    assert objection.decision_reason == DECISION
    assert (appraisal.result_rating, appraisal.predikat, appraisal.status) == (
        "as_expected",
        "baik",
        "final",
    )
    assert objection.original_predikat == "butuh_perbaikan"
    event = AuditEvent.objects.get(action="performance.objection.decided")
    assert event.changes["before"]["predikat"] == "butuh_perbaikan"
    assert event.changes["after"]["predikat"] == "baik"
    assert event.changes["after"]["status"] == "final"


def test_decision_upheld_keeps_the_result(case, objection):
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    _decide(case, objection, outcome="upheld")
    appraisal = Appraisal.objects.get(pk=objection.appraisal_id)
    assert (appraisal.predikat, appraisal.status) == ("butuh_perbaikan", "final")
    assert Objection.objects.get(pk=objection.pk).status == Objection.Status.UPHELD


def test_no_second_decision(case, objection):
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    _decide(case, objection, outcome="upheld")
    audits = _objection_audits()
    with pytest.raises(ConflictError) as caught:
        _decide(case, objection)
    assert str(caught.value) == (
        "Keberatan ini sudah diputus; keputusan atasan pejabat penilai bersifat final."
    )
    appraisal = Appraisal.objects.get(pk=objection.appraisal_id)
    assert appraisal.predikat == "butuh_perbaikan"
    assert _objection_audits() == audits
    with pytest.raises(ConflictError):
        add_objection_statement(objection=objection, text=STATEMENT, actor=case.employee)


def test_changed_decision_needs_different_ratings(case, objection):
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    with pytest.raises(DomainError) as caught:
        decide_objection(
            objection=objection,
            outcome="changed",
            result_rating=Rating.BELOW,
            behaviour_rating=Rating.AS_EXPECTED,
            reason=DECISION,
            actor=case.superior,
        )
    assert "sama dengan hasil semula" in str(caught.value)
    assert Objection.objects.get(pk=objection.pk).status == Objection.Status.FILED


# --- Notifications (in the transaction of the change)


def test_filing_notifies_the_atasan_and_the_pejabat_penilai(case, appraisal):
    # given
    after = _last_notification()
    # when
    file_objection(appraisal=appraisal, reasons=REASONS, actor=case.employee)
    # then
    url = reverse("performance:skp-appraisal", args=[case.skp.pk])
    assert _new_notifications(after) == [
        (
            case.superior,
            "Keberatan penilaian kinerja 2026: Staf B",
            "Staf B mengajukan keberatan atas hasil penilaian kinerja 2026 (predikat Butuh "
            "Perbaikan) yang ditetapkan Kabid Layan. Sebagai atasan pejabat penilai, Anda memutus "
            "keberatan ini setelah mendengar penjelasan kedua pihak; keputusan Anda final.",
            url,
        ),
        (
            case.evaluator,
            "Keberatan penilaian kinerja 2026: Staf B",
            "Staf B mengajukan keberatan atas penilaian kinerja 2026 yang Anda tetapkan. "
            "Tuliskan penjelasan Anda; atasan pejabat penilai memutus keberatan setelah "
            "penjelasan Anda tercatat.",
            url,
        ),
    ]


@pytest.mark.parametrize(
    ("outcome", "text"),
    [
        ("changed", "hasil penilaian diubah menjadi predikat Baik"),
        ("upheld", "hasil penilaian tetap dengan predikat Butuh Perbaikan"),
    ],
)
def test_decision_notifies_the_employee_and_the_pejabat_penilai(case, objection, outcome, text):
    # given
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    after = _last_notification()
    # when
    _decide(case, objection, outcome=outcome)
    # then
    url = reverse("performance:skp-appraisal", args=[case.skp.pk])
    assert _new_notifications(after) == [
        (
            case.employee,
            "Keputusan keberatan penilaian kinerja 2026",
            "Keberatan Anda atas penilaian kinerja 2026 telah diputus oleh atasan pejabat "
            f"penilai: {text}. Keputusan ini final.",
            url,
        ),
        (
            case.evaluator,
            "Keputusan keberatan penilaian kinerja 2026: Staf B",
            "Keberatan Staf B atas penilaian kinerja 2026 yang Anda tetapkan telah diputus oleh "
            f"atasan pejabat penilai: {text}. Keputusan ini final.",
            url,
        ),
    ]


def test_statements_notify_nobody(case, objection):
    after = _last_notification()
    add_objection_statement(objection=objection, text=STATEMENT, actor=case.evaluator)
    assert _new_notifications(after) == []
