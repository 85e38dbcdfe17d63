"""expire_unconfirmed_applicants: registrations never confirmed within N days are removed, with an
audit row each, releasing their NIK and e-mail; confirmed ones and applicants who applied stay."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.audit.services import verify_chain
from simerit.recruitment.models import Applicant, ConsentRecord
from simerit.recruitment.services import applicants as services
from simerit.recruitment.tests.factories import ApplicationFactory
from simerit.recruitment.tests.samples import fresh_cache_fixture  # noqa: F401 (fixture)
from simerit.recruitment.tests.test_applicant_registration import NIK, registration

DAY = dt.timedelta(days=1)


def registered(days_ago, **overrides):
    applicant = services.register_applicant(data=registration(**overrides))
    Applicant.objects.filter(pk=applicant.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return Applicant.objects.select_related("user").get(pk=applicant.pk)


def rows():
    return (
        User.objects.count(),
        Applicant.objects.count(),
        ConsentRecord.objects.count(),
        AuditEvent.objects.count(),
    )


def test_an_old_unconfirmed_registration_is_removed_and_its_nik_and_email_freed(db):
    # given: a registration four days old, never confirmed
    applicant = registered(4)
    user_id = applicant.user_id
    # when
    expired = services.expire_unconfirmed_applicants()
    # then: the applicant and consent are gone, the account is closed and renamed
    assert expired == 1
    assert Applicant.objects.exists() is False
    assert ConsentRecord.objects.exists() is False
    user = User.objects.get(pk=user_id)
    assert (user.username, user.email, user.full_name, user.is_active) == (
        f"pelamar-kedaluwarsa-{user_id}",
        "",
        "Pelamar kedaluwarsa",
        False,
    )
    assert user.has_usable_password() is False
    assert list(user.groups.all()) == []
    event = AuditEvent.objects.get(action="recruitment.applicant.expired")
    assert (event.actor, event.target_id) == (None, str(applicant.pk))
    assert event.changes["days_without_confirmation"] == 3
    assert verify_chain().intact is True
    # and the same NIK and e-mail may register again
    again = services.register_applicant(data=registration())
    assert (again.nik, again.user.username) == (NIK, "siti.aminah@contoh.id")


@pytest.mark.parametrize("case", ["confirmed", "recent", "applied"])
def test_confirmed_recent_or_applying_registrations_stay(db, case):
    applicant = registered(2 if case == "recent" else 10)
    if case == "confirmed":
        Applicant.objects.filter(pk=applicant.pk).update(email_confirmed_at=timezone.now())
    elif case == "applied":
        ApplicationFactory.create(applicant=applicant)
    before = rows()
    assert services.expire_unconfirmed_applicants() == 0
    assert rows() == before
    assert User.objects.get(pk=applicant.user_id).is_active is True


def test_running_twice_changes_nothing_the_second_time(db):
    registered(5)
    assert services.expire_unconfirmed_applicants() == 1
    before = rows()
    assert services.expire_unconfirmed_applicants() == 0
    assert rows() == before


def test_the_command_uses_the_setting_and_reports(db, settings):
    registered(4)
    settings.SIMERIT_UNCONFIRMED_APPLICANT_DAYS = 5
    out = StringIO()
    call_command("expire_unconfirmed_applicants", stdout=out)
    assert out.getvalue() == (
        "0 pendaftaran pelamar yang tidak dikonfirmasi dalam 5 hari dihapus.\n"
    )
    assert Applicant.objects.count() == 1
    out = StringIO()
    call_command("expire_unconfirmed_applicants", "--hari", "3", stdout=out)
    assert out.getvalue() == (
        "1 pendaftaran pelamar yang tidak dikonfirmasi dalam 3 hari dihapus.\n"
    )
    assert Applicant.objects.exists() is False


def test_the_command_refuses_zero_days(db):
    registered(1)
    before = rows()
    with pytest.raises(CommandError) as error:
        call_command("expire_unconfirmed_applicants", "--hari", "0")
    assert str(error.value) == "Batas hari paling sedikit 1."
    assert rows() == before
