"""Keberatan and banding (services.appeals): who may record, the kind a sanction allows, the
window in working days from the day the decision was received, one appeal per sanction, and the
outcome (upheld, changed with the sanction recomputed, annulled). A refusal changes nothing."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.discipline import permissions
from simerit.discipline.models import (
    Appeal,
    DisciplineSettings,
    Level,
    Sanction,
    SanctionType,
)
from simerit.discipline.selectors.sanctions import running_on
from simerit.discipline.services import appeals as services
from simerit.discipline.services.appeals import AppealDecision
from simerit.discipline.tests.factories import AppealFactory, SanctionFactory
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def subject(employee: User) -> Employee:
    return Employee.objects.get(user=employee)


@pytest.fixture
def sanction(subject: Employee) -> Sanction:
    """Potong TPP 6 bulan from 1 December 2026, received by the employee on Monday 23 November."""
    return SanctionFactory.create(employee=subject, delivered_on=D(2026, 11, 23))


def snapshot(sanction: Sanction) -> tuple[Any, ...]:
    sanction.refresh_from_db()
    return (
        Appeal.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        sanction.sanction_type,
        sanction.level,
        sanction.ends_on,
        sanction.tpp_cut_percent,
        sanction.annulled_at,
    )


def refused(sanction: Sanction, call: Callable[[], object], error: type[Exception]) -> str:
    """Run a call the service must refuse; assert nothing changed; return the message."""
    before = snapshot(sanction)
    with pytest.raises(error) as raised:
        call()
    assert snapshot(sanction) == before
    return str(raised.value)


def file(sanction: Sanction, actor: User, **changes: Any) -> Appeal:
    values: dict[str, Any] = {
        "sanction": sanction,
        "kind": Appeal.Kind.KEBERATAN,
        "filed_on": D(2026, 11, 27),
        "reason": "Hukuman terlalu berat dibanding pelanggarannya.",
        "actor": actor,
    }
    values.update(changes)
    return services.file_appeal(**values)


# --- Filing


def test_hr_records_a_keberatan_within_the_window(
    hr_admin: User, employee: User, sanction: Sanction
) -> None:
    appeal = file(sanction, hr_admin)

    appeal.refresh_from_db()
    assert (appeal.kind, appeal.filed_on, appeal.outcome, appeal.filed_by) == (
        "keberatan",
        D(2026, 11, 27),
        "pending",
        hr_admin,
    )
    event = AuditEvent.objects.get(action="discipline.appeal.filed")
    assert event.target_id == str(appeal.pk)
    assert event.changes == {
        "case": sanction.case.number,
        "sanction_id": sanction.pk,
        "kind": "keberatan",
        "filed_on": "2026-11-27",
        "reason": "Hukuman terlalu berat dibanding pelanggarannya.",
    }
    notice = Notification.objects.get(user=employee)
    assert notice.title == "Keberatan dicatat"
    assert notice.body == (
        f"Keberatan atas hukuman disiplin kasus {sanction.case.number} tanggal 27/11/2026 telah "
        "dicatat. Selama diproses, hukuman tetap berlaku."
    )


def test_the_window_is_counted_in_working_days_and_its_last_day_counts(
    hr_admin: User, subject: Employee
) -> None:
    # Received Monday 2 November: 14 working days later is Friday 20 November.
    sanction = SanctionFactory.create(
        employee=subject,
        decided_on=D(2026, 10, 30),
        starts_on=D(2026, 11, 1),
        delivered_on=D(2026, 11, 2),
    )
    assert services.deadline(sanction) == D(2026, 11, 20)

    appeal = file(sanction, hr_admin, filed_on=D(2026, 11, 20))

    assert appeal.pk is not None


def test_a_keberatan_after_the_window_is_refused_with_its_last_day(
    hr_admin: User, subject: Employee
) -> None:
    sanction = SanctionFactory.create(
        employee=subject,
        decided_on=D(2026, 10, 30),
        starts_on=D(2026, 11, 1),
        delivered_on=D(2026, 11, 2),
    )

    message = refused(
        sanction, lambda: file(sanction, hr_admin, filed_on=D(2026, 11, 23)), InvalidInputError
    )

    assert message == (
        "Batas pengajuan keberatan sudah lewat: paling lambat 14 hari kerja sejak keputusan "
        "diterima pada 02/11/2026, yaitu 20/11/2026."
    )


def test_the_window_follows_the_settings(hr_admin: User, sanction: Sanction) -> None:
    DisciplineSettings.objects.filter(pk=1).update(keberatan_working_days=3)
    # Received Monday 23 November: 3 working days later is Thursday 26 November.

    message = refused(sanction, lambda: file(sanction, hr_admin), InvalidInputError)

    assert message == (
        "Batas pengajuan keberatan sudah lewat: paling lambat 3 hari kerja sejak keputusan "
        "diterima pada 23/11/2026, yaitu 26/11/2026."
    )


def test_nothing_can_be_filed_before_the_decision_is_received(
    hr_admin: User, subject: Employee
) -> None:
    sanction = SanctionFactory.create(employee=subject, delivered_on=None)
    assert services.deadline(sanction) is None

    message = refused(sanction, lambda: file(sanction, hr_admin), DomainError)

    assert message == (
        "Tanggal keputusan diterima pegawai belum dicatat; keberatan baru dapat diajukan setelah "
        "keputusan diterima."
    )


@pytest.mark.parametrize(
    ("filed_on", "message"),
    [
        (
            D(2026, 11, 20),
            "Tanggal pengajuan tidak boleh sebelum keputusan diterima pegawai (23/11/2026).",
        ),
        (D(2026, 11, 29), "Tanggal pengajuan tidak boleh di masa depan."),
    ],
)
def test_a_filing_date_outside_received_to_today_is_refused(
    hr_admin: User, sanction: Sanction, filed_on: dt.date, message: str
) -> None:
    error = refused(
        sanction, lambda: file(sanction, hr_admin, filed_on=filed_on), InvalidInputError
    )

    assert error == message


def test_a_reason_is_required(hr_admin: User, sanction: Sanction) -> None:
    message = refused(sanction, lambda: file(sanction, hr_admin, reason="  "), InvalidInputError)

    assert message == "Alasan keberatan wajib diisi."


def test_a_dismissal_allows_only_a_banding_with_its_own_window(
    hr_admin: User, subject: Employee
) -> None:
    DisciplineSettings.objects.filter(pk=1).update(banding_working_days=10)
    sanction = SanctionFactory.create(
        employee=subject, sanction_type=SanctionType.PDHTAPS, delivered_on=D(2026, 11, 23)
    )

    message = refused(sanction, lambda: file(sanction, hr_admin), InvalidInputError)
    appeal = file(sanction, hr_admin, kind=Appeal.Kind.BANDING)

    assert (
        message
        == services.BANDING_ONLY
        == (
            "Hukuman pemberhentian dengan hormat tidak atas permintaan sendiri hanya dapat diajukan "
            "banding administratif ke BPASN, bukan keberatan (PP 79/2021)."
        )
    )
    assert appeal.kind == "banding"
    assert services.deadline(sanction) == D(2026, 12, 7)


def test_other_sanctions_allow_only_a_keberatan(hr_admin: User, sanction: Sanction) -> None:
    message = refused(
        sanction, lambda: file(sanction, hr_admin, kind=Appeal.Kind.BANDING), InvalidInputError
    )

    assert message == (
        "Banding administratif ke BPASN hanya untuk hukuman pemberhentian; atas hukuman ini "
        "ajukan keberatan kepada atasan pejabat yang berwenang menghukum (PP 79/2021)."
    )


def test_a_sanction_is_appealed_once(hr_admin: User, sanction: Sanction) -> None:
    file(sanction, hr_admin, filed_on=D(2026, 11, 24))

    message = refused(sanction, lambda: file(sanction, hr_admin), ConflictError)

    assert message == (
        "Keberatan atas hukuman ini sudah diajukan pada 24/11/2026; upaya administratif hanya "
        "dapat diajukan sekali."
    )


def test_an_annulled_sanction_takes_no_appeal(hr_admin: User, subject: Employee) -> None:
    sanction = SanctionFactory.create(
        employee=subject,
        delivered_on=D(2026, 11, 23),
        annulled_at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        annulment_reason="Dibatalkan oleh PPK.",
    )

    message = refused(sanction, lambda: file(sanction, hr_admin), DomainError)

    assert message == services.ANNULLED


@pytest.mark.parametrize("who", ["auditor", "supervisor", "employee"])
def test_only_hr_records_an_appeal(
    request: pytest.FixtureRequest, who: str, sanction: Sanction
) -> None:
    actor = request.getfixturevalue(who)

    message = refused(sanction, lambda: file(sanction, actor), PermissionDenied)

    assert message == (permissions.OWN_CASE if who == "employee" else permissions.HR_ONLY)


def test_hr_does_not_record_an_appeal_on_their_own_case(hr_admin: User) -> None:
    own = EmployeeFactory.create(user=hr_admin)
    sanction = SanctionFactory.create(employee=own, delivered_on=D(2026, 11, 23))

    message = refused(sanction, lambda: file(sanction, hr_admin), PermissionDenied)

    assert message == permissions.OWN_CASE


# --- Deciding


def decide(appeal: Appeal, actor: User, **changes: Any) -> Appeal:
    values: dict[str, Any] = {
        "outcome": Appeal.Outcome.UPHELD,
        "decided_on": D(2026, 11, 27),
        "decision_note": "Pertimbangan atasan pejabat yang berwenang menghukum.",
    }
    values.update(changes)
    return services.decide_appeal(appeal=appeal, data=AppealDecision(**values), actor=actor)


@pytest.fixture
def appeal(sanction: Sanction) -> Appeal:
    return AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24))


def test_an_upheld_appeal_leaves_the_sanction_as_it_is(
    hr_admin: User, employee: User, appeal: Appeal
) -> None:
    sanction = appeal.sanction
    before = snapshot(sanction)[3:]

    decide(appeal, hr_admin)

    appeal.refresh_from_db()
    assert (appeal.outcome, appeal.decided_on, appeal.decided_by) == (
        "upheld",
        D(2026, 11, 27),
        hr_admin,
    )
    assert snapshot(sanction)[3:] == before
    event = AuditEvent.objects.get(action="discipline.appeal.decided")
    assert event.changes == {
        "case": sanction.case.number,
        "outcome": ["pending", "upheld"],
        "decided_on": [None, "2026-11-27"],
        "decision_note": ["", "Pertimbangan atasan pejabat yang berwenang menghukum."],
        "new_sanction_type": ["", ""],
    }
    assert not AuditEvent.objects.filter(action__startswith="discipline.sanction.").exists()
    notice = Notification.objects.get(user=employee)
    assert notice.title == "Putusan keberatan: Hukuman dikuatkan"


def test_a_changed_sanction_is_recomputed_from_the_same_start(
    hr_admin: User, appeal: Appeal
) -> None:
    decide(
        appeal,
        hr_admin,
        outcome=Appeal.Outcome.CHANGED,
        new_level=Level.BERAT,
        new_sanction_type=SanctionType.PENURUNAN_JABATAN,
    )

    sanction = appeal.sanction
    sanction.refresh_from_db()
    assert (
        sanction.sanction_type,
        sanction.level,
        sanction.starts_on,
        sanction.ends_on,
        sanction.tpp_cut_percent,
    ) == ("penurunan_jabatan", "berat", D(2026, 12, 1), D(2027, 11, 30), 0)
    appeal.refresh_from_db()
    assert appeal.new_sanction_type == "penurunan_jabatan"
    event = AuditEvent.objects.get(action="discipline.sanction.changed")
    assert event.target_id == str(sanction.pk)
    assert event.changes == {
        "case": sanction.case.number,
        "sanction_type": ["potong_tpp_6", "penurunan_jabatan"],
        "level": ["sedang", "berat"],
        "ends_on": ["2027-05-31", "2027-11-30"],
        "tpp_cut_percent": [25, 0],
    }


def test_a_change_to_a_ringan_type_has_no_end(hr_admin: User, appeal: Appeal) -> None:
    decide(
        appeal,
        hr_admin,
        outcome=Appeal.Outcome.CHANGED,
        new_level=Level.RINGAN,
        new_sanction_type=SanctionType.TEGURAN_TERTULIS,
    )

    sanction = appeal.sanction
    sanction.refresh_from_db()
    assert (sanction.level, sanction.ends_on, sanction.tpp_cut_percent) == ("ringan", None, 0)
    assert running_on([sanction.employee_id], on=D(2026, 12, 15)) == {}


def test_a_new_type_outside_its_level_is_refused(hr_admin: User, appeal: Appeal) -> None:
    message = refused(
        appeal.sanction,
        lambda: decide(
            appeal,
            hr_admin,
            outcome=Appeal.Outcome.CHANGED,
            new_level=Level.RINGAN,
            new_sanction_type=SanctionType.POTONG_12,
        ),
        InvalidInputError,
    )

    assert message == (
        "Jenis hukuman “Pemotongan tunjangan kinerja/TPP 25% selama 12 bulan” bukan hukuman "
        "disiplin tingkat ringan: jenis ini termasuk tingkat sedang (PP 94/2021 Pasal 8)."
    )
    appeal.refresh_from_db()
    assert appeal.outcome == "pending"


def test_the_same_type_is_not_a_change(hr_admin: User, appeal: Appeal) -> None:
    message = refused(
        appeal.sanction,
        lambda: decide(
            appeal,
            hr_admin,
            outcome=Appeal.Outcome.CHANGED,
            new_level=Level.SEDANG,
            new_sanction_type=SanctionType.POTONG_6,
        ),
        InvalidInputError,
    )

    assert message == (
        "Jenis hukuman pengganti sama dengan hukuman semula; pilih hasil “Hukuman dikuatkan”."
    )


def test_a_change_needs_the_level_and_type(hr_admin: User, appeal: Appeal) -> None:
    message = refused(
        appeal.sanction,
        lambda: decide(appeal, hr_admin, outcome=Appeal.Outcome.CHANGED),
        InvalidInputError,
    )

    assert message == "Pilih tingkat dan jenis hukuman pengganti."


def test_a_tpp_cut_must_start_on_the_first_of_a_month(hr_admin: User, subject: Employee) -> None:
    sanction = SanctionFactory.create(
        employee=subject,
        sanction_type=SanctionType.PEMBEBASAN_JABATAN,
        starts_on=D(2026, 11, 25),
        decided_on=D(2026, 11, 20),
        delivered_on=D(2026, 11, 23),
    )
    appeal = AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24))

    message = refused(
        sanction,
        lambda: decide(
            appeal,
            hr_admin,
            outcome=Appeal.Outcome.CHANGED,
            new_level=Level.SEDANG,
            new_sanction_type=SanctionType.POTONG_9,
        ),
        InvalidInputError,
    )

    assert message == (
        "Hukuman pemotongan TPP dimulai pada tanggal 1 suatu bulan. Hukuman ini berlaku mulai "
        "25/11/2026, sehingga tidak dapat diubah menjadi pemotongan TPP."
    )


def test_a_change_that_overlaps_another_sanction_of_its_kind_is_refused(
    hr_admin: User, subject: Employee, appeal: Appeal
) -> None:
    other = SanctionFactory.create(
        employee=subject,
        sanction_type=SanctionType.PENURUNAN_JABATAN,
        decided_on=D(2026, 6, 1),
        starts_on=D(2026, 6, 1),
    )

    message = refused(
        appeal.sanction,
        lambda: decide(
            appeal,
            hr_admin,
            outcome=Appeal.Outcome.CHANGED,
            new_level=Level.BERAT,
            new_sanction_type=SanctionType.PEMBEBASAN_JABATAN,
        ),
        ConflictError,
    )

    assert message == (
        "Masa berlaku hukuman ini tumpang tindih dengan hukuman Penurunan jabatan setingkat lebih "
        f"rendah selama 12 bulan pada kasus {other.case.number} (01/06/2026–31/05/2027)."
    )


def test_an_annulled_sanction_stops_counting(
    hr_admin: User, subject: Employee, appeal: Appeal
) -> None:
    sanction = appeal.sanction
    assert subject.pk in running_on([subject.pk], on=D(2026, 12, 15))

    decide(appeal, hr_admin, outcome=Appeal.Outcome.ANNULLED, decision_note="Tidak terbukti.")

    sanction.refresh_from_db()
    assert sanction.annulled_at is not None
    assert sanction.annulment_reason == "Dibatalkan melalui keberatan: Tidak terbukti."
    assert running_on([subject.pk], on=D(2026, 12, 15)) == {}
    event = AuditEvent.objects.get(action="discipline.sanction.annulled")
    assert event.changes["annulment_reason"] == [
        "",
        "Dibatalkan melalui keberatan: Tidak terbukti.",
    ]


def test_a_decided_appeal_is_not_decided_again(hr_admin: User, appeal: Appeal) -> None:
    decide(appeal, hr_admin)

    message = refused(appeal.sanction, lambda: decide(appeal, hr_admin), DomainError)

    assert message == "Keberatan ini sudah diputus pada 27/11/2026."


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"decided_on": D(2026, 11, 29)}, "Tanggal putusan tidak boleh di masa depan."),
        (
            {"decided_on": D(2026, 11, 23)},
            "Tanggal putusan tidak boleh sebelum tanggal pengajuan (24/11/2026).",
        ),
        ({"decision_note": " "}, "Pertimbangan putusan wajib diisi."),
        (
            {"outcome": Appeal.Outcome.PENDING},
            "Pilih hasil putusan: dikuatkan, diubah, atau dibatalkan.",
        ),
        (
            {"new_level": Level.BERAT, "new_sanction_type": SanctionType.PDHTAPS},
            "Jenis hukuman pengganti hanya diisi bila hukuman diubah.",
        ),
    ],
)
def test_a_bad_decision_is_refused(
    hr_admin: User, appeal: Appeal, changes: dict[str, Any], message: str
) -> None:
    error = refused(appeal.sanction, lambda: decide(appeal, hr_admin, **changes), InvalidInputError)

    assert error == message
    appeal.refresh_from_db()
    assert appeal.outcome == "pending"


def test_the_auditor_does_not_decide(auditor: User, appeal: Appeal) -> None:
    message = refused(appeal.sanction, lambda: decide(appeal, auditor), PermissionDenied)

    assert message == permissions.HR_ONLY
