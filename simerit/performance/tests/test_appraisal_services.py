"""The pejabat penilai's decision: who, when, once, the justification against the 360 evidence,
the predikat of the matrix, the evidence kept, the audit row, finalisation after the window."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, DomainError
from simerit.notifications.models import Notification
from simerit.performance.models import (
    Appraisal,
    PerformanceYear,
    RaterGroup,
    Rating,
    Skp,
    TrainingNeed,
)
from simerit.performance.selectors.appraisal import effective_status, objection_deadline
from simerit.performance.services.appraisal import decide_appraisal
from simerit.performance.tests.factories_appraisal import (
    Case,
    add_answers,
    approved_case,
    decided,
    delivered_days_ago,
    reopen_feedback,
)

pytestmark = pytest.mark.django_db

JUSTIFICATION = "Catatan kinerja triwulan III dan IV menunjukkan perilaku melampaui ekspektasi."


@pytest.fixture
def case() -> Case:
    return approved_case()


def _evidence_mean_250(case: Case) -> None:
    """4 peers score 2, 2, 3 and 3 everywhere: the evidence mean is 2,50. The supervisor's own 360
    answer (5) and the employee's (5) are shown but are not evidence (ADR 0010)."""
    add_answers(case.skp, group=RaterGroup.SUPERVISOR, score=5)
    add_answers(case.skp, group=RaterGroup.SELF, score=5)
    add_answers(case.skp, group=RaterGroup.PEER, score=2, count=2)
    add_answers(case.skp, group=RaterGroup.PEER, score=3, count=2)


def _audit_count() -> int:
    return AuditEvent.objects.filter(action__startswith="performance.appraisal").count()


def test_decide_stores_ratings_predikat_evidence_and_delivers(case):
    # given
    _evidence_mean_250(case)
    # when
    appraisal = decided(case, result=Rating.ABOVE, behaviour=Rating.AS_EXPECTED)
    # then
    appraisal.refresh_from_db()
    assert appraisal.predikat == "baik"
    assert appraisal.status == Appraisal.Status.DELIVERED
    assert appraisal.delivered_at == appraisal.decided_at
    assert appraisal.decided_by == case.evaluator
    assert appraisal.evidence["overall_mean"] == "2.50"
    assert [(g["group"], g["mean"]) for g in appraisal.evidence["groups"]] == [
        ("self", "5.00"),
        ("supervisor", "5.00"),
        ("peer", "2.50"),
    ]
    event = AuditEvent.objects.get(action="performance.appraisal.decided")
    assert event.changes["predikat"] == "baik"
    assert event.changes["result_rating"] == "above"
    assert event.changes["behaviour_rating"] == "as_expected"
    assert event.changes["evidence_mean"] == "2.50"


@pytest.mark.parametrize(
    ("result", "behaviour", "predikat"),
    [
        (Rating.ABOVE, Rating.ABOVE, "sangat_baik"),
        (Rating.BELOW, Rating.BELOW, "sangat_kurang"),
        (Rating.AS_EXPECTED, Rating.BELOW, "kurang"),
    ],
)
def test_decide_takes_the_predikat_from_the_matrix(case, result, behaviour, predikat):
    assert decided(case, result=result, behaviour=behaviour).predikat == predikat


def _assert_refused(case: Case, error: type[Exception], message: str, *, actor=None, **kw) -> None:
    audits = _audit_count()
    notifications = Notification.objects.count()
    with pytest.raises(error) as caught:
        decide_appraisal(
            skp=case.skp,
            result_rating=kw.get("result", Rating.AS_EXPECTED),
            behaviour_rating=kw.get("behaviour", Rating.AS_EXPECTED),
            justification=kw.get("justification", ""),
            actor=actor or case.evaluator,
        )
    assert str(caught.value) == message
    assert Appraisal.objects.count() == kw.get("appraisals", 0)
    assert _audit_count() == audits
    assert Notification.objects.count() == notifications
    if not kw.get("appraisals"):
        assert not TrainingNeed.objects.exists()


def test_decide_refuses_someone_not_the_evaluator(case):
    for actor in (case.employee, case.superior, case.team.user(case.team.staff[2])):
        _assert_refused(
            case,
            PermissionDenied,
            "Hanya pejabat penilai kinerja pada SKP ini yang dapat menilai.",
            actor=actor,
        )


def test_decide_refuses_an_skp_not_approved(case):
    Skp.objects.filter(pk=case.skp.pk).update(status=Skp.Status.SUBMITTED)
    _assert_refused(
        case,
        DomainError,
        "SKP belum disetujui; penilaian hanya untuk SKP yang sudah disetujui.",
    )


def test_decide_refuses_a_second_decision(case):
    first = decided(case)
    _assert_refused(
        case,
        ConflictError,
        "Penilaian SKP ini sudah ditetapkan; penetapan hanya dilakukan satu kali.",
        behaviour=Rating.ABOVE,
        appraisals=1,
    )
    first.refresh_from_db()
    assert first.behaviour_rating == Rating.AS_EXPECTED


def test_decide_refuses_after_the_close_date(case):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    PerformanceYear.objects.filter(pk=case.skp.year_id).update(
        ratings_close_on=yesterday,
        feedback_closes_on=yesterday,
        starts_on=yesterday - dt.timedelta(days=300),
    )
    year = PerformanceYear.objects.get(pk=case.skp.year_id)
    _assert_refused(
        case,
        DomainError,
        f"Masa penilaian {year.year} sudah ditutup (batas akhir penilaian "
        f"{format_date_id(yesterday)}); penilaian tidak dapat ditetapkan lagi.",
    )


def test_decide_refuses_a_closed_year(case):
    PerformanceYear.objects.filter(pk=case.skp.year_id).update(status=PerformanceYear.Status.CLOSED)
    _assert_refused(
        case,
        DomainError,
        "Masa penilaian 2026 sudah ditutup (batas akhir penilaian 31 Januari 2027); "
        "penilaian tidak dapat ditetapkan lagi.",
    )


def test_decide_accepts_the_close_date_itself(case):
    today = timezone.localdate()
    PerformanceYear.objects.filter(pk=case.skp.year_id).update(
        ratings_close_on=today, feedback_closes_on=today, starts_on=dt.date(2000, 1, 1)
    )
    assert decided(case).status == Appraisal.Status.DELIVERED


def test_decide_is_refused_while_the_360_collection_is_open(case):
    # given: answers still accepted until today (the last day included)
    today = timezone.localdate()
    reopen_feedback(case.skp.year, until=today)
    _evidence_mean_250(case)
    # then
    _assert_refused(
        case,
        DomainError,
        "Penilaian belum dapat ditetapkan: pengisian masukan 360 masih dibuka sampai "
        f"{format_date_id(today)}; hasilnya menjadi bukti setelah ditutup.",
        result=Rating.BELOW,
    )


def test_decide_is_accepted_the_day_after_the_360_collection_closes(case):
    reopen_feedback(case.skp.year, until=timezone.localdate() - dt.timedelta(days=1))
    _evidence_mean_250(case)
    assert decided(case).evidence["overall_mean"] == "2.50"


def test_decide_notifies_the_employee_with_the_keberatan_deadline(case):
    # when
    appraisal = decided(case, result=Rating.ABOVE, behaviour=Rating.AS_EXPECTED)
    # then: only the employee
    deadline = format_date_id(timezone.localdate() + dt.timedelta(days=14))
    assert [(n.user, n.title, n.body, n.url) for n in Notification.objects.all()] == [
        (
            case.employee,
            "Hasil penilaian kinerja 2026",
            "Hasil penilaian kinerja 2026 Anda telah ditetapkan: predikat Baik. Bila tidak "
            f"sependapat, Anda dapat mengajukan keberatan paling lambat {deadline}.",
            reverse("performance:skp-appraisal", args=[case.skp.pk]),
        )
    ]
    assert AuditEvent.objects.get(action="performance.appraisal.decided").changes[
        "objection_deadline"
    ] == str(objection_deadline(appraisal))


def test_decide_refuses_a_departure_beyond_the_margin_without_justification(case):
    _evidence_mean_250(case)
    _assert_refused(
        case,
        DomainError,
        "Justifikasi wajib diisi: rating perilaku Anda (Di Atas Ekspektasi = 4) berbeda 1,50 dari "
        "rata-rata masukan 360 (2,50), lebih dari batas 1,00 yang ditetapkan untuk periode ini. "
        "Jelaskan dasar keputusan Anda.",
        behaviour=Rating.ABOVE,
        justification="   ",
    )


def test_decide_accepts_a_departure_beyond_the_margin_with_justification(case):
    _evidence_mean_250(case)
    appraisal = decided(case, behaviour=Rating.ABOVE, justification=f"  {JUSTIFICATION} ")
    assert appraisal.justification == JUSTIFICATION


def test_decide_needs_no_justification_within_the_margin(case):
    _evidence_mean_250(case)
    assert decided(case, behaviour=Rating.AS_EXPECTED).justification == ""


def test_decide_needs_no_justification_exactly_at_the_margin(case):
    # given: evidence 3,00; "Di Atas Ekspektasi" = 4 departs exactly by the margin 1,00
    add_answers(case.skp, group=RaterGroup.PEER, score=3, count=3)
    # when
    appraisal = decided(case, behaviour=Rating.ABOVE)
    # then
    assert appraisal.evidence["overall_mean"] == "3.00"
    assert appraisal.justification == ""


def test_decide_uses_the_year_margin(case):
    _evidence_mean_250(case)
    PerformanceYear.objects.filter(pk=case.skp.year_id).update(justification_margin=Decimal("0.40"))
    _assert_refused(
        case,
        DomainError,
        "Justifikasi wajib diisi: rating perilaku Anda (Sesuai Ekspektasi = 3) berbeda 0,50 dari "
        "rata-rata masukan 360 (2,50), lebih dari batas 0,40 yang ditetapkan untuk periode ini. "
        "Jelaskan dasar keputusan Anda.",
    )


def test_the_supervisors_own_answer_is_not_evidence(case):
    # given: only the pejabat penilai answered (2); peers withheld (2 answers)
    add_answers(case.skp, group=RaterGroup.SUPERVISOR, score=2)
    add_answers(case.skp, group=RaterGroup.PEER, score=2, count=2)
    # when: "Di Atas Ekspektasi" (4), 2 away from their own answer
    appraisal = decided(case, behaviour=Rating.ABOVE)
    # then: nothing to justify against
    assert appraisal.evidence["overall_mean"] is None
    assert appraisal.justification == ""
    assert (
        AuditEvent.objects.get(action="performance.appraisal.decided").changes["evidence_mean"]
        is None
    )


def test_decide_needs_no_justification_without_evidence(case):
    add_answers(case.skp, group=RaterGroup.SELF, score=5)
    add_answers(case.skp, group=RaterGroup.PEER, score=1, count=2)  # withheld
    appraisal = decided(case, behaviour=Rating.BELOW)
    assert appraisal.evidence["overall_mean"] is None


def test_effective_status_is_final_after_the_window(case):
    appraisal = delivered_days_ago(decided(case), 14)
    today = timezone.localdate()
    assert objection_deadline(appraisal) == today
    assert effective_status(appraisal, on=today) == Appraisal.Status.DELIVERED
    assert effective_status(appraisal, on=today + dt.timedelta(days=1)) == Appraisal.Status.FINAL


def test_finalise_command_finalises_expired_appraisals_once(case, capsys):
    # given: one appraisal past its window, one still inside it
    expired = delivered_days_ago(decided(case), 15)
    other = approved_case_in(case)
    # when
    call_command("performance_finalise")
    call_command("performance_finalise")
    # then
    expired.refresh_from_db()
    other.refresh_from_db()
    assert expired.status == Appraisal.Status.FINAL
    assert other.status == Appraisal.Status.DELIVERED
    assert capsys.readouterr().out.splitlines() == [
        "1 penilaian kinerja menjadi final (masa keberatan berakhir).",
        "0 penilaian kinerja menjadi final (masa keberatan berakhir).",
    ]
    event = AuditEvent.objects.get(action="performance.appraisal.finalised")
    assert event.target_id == str(expired.pk)
    assert event.changes["status"] == {"before": "delivered", "after": "final"}


def approved_case_in(case: Case) -> Appraisal:
    """A second SKP of the same team (Staf C), decided today."""
    skp = Skp.objects.create(
        year=case.skp.year,
        employee=case.team.staff[2],
        work_unit=case.skp.work_unit,
        position=case.team.staff[2].position,
        evaluator=case.team.chief,
        evaluator_superior=case.team.head,
        status=Skp.Status.APPROVED,
    )
    return decide_appraisal(
        skp=skp,
        result_rating=Rating.AS_EXPECTED,
        behaviour_rating=Rating.AS_EXPECTED,
        justification="",
        actor=case.evaluator,
    )
