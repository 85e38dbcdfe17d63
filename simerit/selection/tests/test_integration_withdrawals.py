import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment.tests.factories import FormasiFactory
from simerit.selection.models import SkbCandidate
from simerit.selection.services.withdrawals import withdraw
from simerit.selection.tests.factories_integration import make_candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate() -> SkbCandidate:
    return make_candidate(FormasiFactory.create(code="PRW-01"), "2026-0007")


def _withdrawals() -> list[tuple[str, bool, str]]:
    return [
        (c.application.registration_number, c.withdrawn_at is not None, c.withdrawal_reason)
        for c in SkbCandidate.objects.select_related("application").order_by("pk")
    ]


def test_withdraw_records_the_time_and_the_reason_with_an_audit_row(candidate, hr_admin):
    done = withdraw(candidate=candidate, reason="  Diterima bekerja\n di BUMN.  ", actor=hr_admin)

    assert done.withdrawal_reason == "Diterima bekerja di BUMN."
    assert done.withdrawn_at is not None
    assert _withdrawals() == [("2026-0007", True, "Diterima bekerja di BUMN.")]
    event = AuditEvent.objects.get(action="selection.candidate.withdrawn")
    assert (event.actor, event.target_id) == (hr_admin, str(candidate.pk))
    assert event.changes["registration_number"] == "2026-0007"
    assert event.changes["formasi"] == "PRW-01"
    assert event.changes["reason"] == "Diterima bekerja di BUMN."


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("  pindah   ", "Tulis alasan pengunduran diri, paling sedikit 10 karakter."),
        ("x" * 301, "Alasan paling banyak 300 karakter."),
    ],
)
def test_withdraw_refuses_a_reason_too_short_or_too_long(candidate, hr_admin, reason, message):
    with pytest.raises(InvalidInputError) as error:
        withdraw(candidate=candidate, reason=reason, actor=hr_admin)

    assert error.value.errors == {"reason": [message]}
    assert _withdrawals() == [("2026-0007", False, "")]
    assert not AuditEvent.objects.filter(action="selection.candidate.withdrawn").exists()


def test_withdraw_twice_is_refused(candidate, hr_admin):
    withdraw(candidate=candidate, reason="Diterima bekerja di BUMN.", actor=hr_admin)

    with pytest.raises(ConflictError) as error:
        withdraw(candidate=candidate, reason="Alasan yang lain sekali.", actor=hr_admin)

    assert error.value.message == "Peserta 2026-0007 sudah tercatat mengundurkan diri."
    assert _withdrawals() == [("2026-0007", True, "Diterima bekerja di BUMN.")]
    assert AuditEvent.objects.filter(action="selection.candidate.withdrawn").count() == 1


@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant"])
def test_only_hr_records_a_withdrawal(candidate, persona, request):
    with pytest.raises(PermissionDenied):
        withdraw(
            candidate=candidate,
            reason="Diterima bekerja di BUMN.",
            actor=request.getfixturevalue(persona),
        )

    assert _withdrawals() == [("2026-0007", False, "")]
