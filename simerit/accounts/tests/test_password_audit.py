"""Every way a password changes leaves an audit row in the same transaction; a reset revokes the
account's API tokens."""

import pytest
from django.urls import reverse

from simerit.accounts import services
from simerit.accounts.models import ApiToken
from simerit.accounts.tests.factories import PASSWORD, UserFactory
from simerit.audit.models import AuditEvent

NEW_PASSWORD = "Sandi-Baru-Yang-Kuat-2026"


@pytest.fixture
def superuser(db):
    return UserFactory.create(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def tokens(employee):
    """Two usable tokens and one already revoked."""
    first = services.issue_api_token(user=employee, name="skrip", actor=employee).token
    second = services.issue_api_token(user=employee, name="laporan", actor=employee).token
    old = services.issue_api_token(user=employee, name="lama", actor=employee).token
    services.revoke_api_token(token=old, actor=employee)
    return [first, second, old]


def _admin_set_password(client, user, password1, password2):
    return client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": password1, "password2": password2, "usable_password": "true"},
    )


def test_admin_setting_a_password_is_audited_and_revokes_the_tokens(
    client, superuser, employee, tokens
):
    # given
    client.force_login(superuser)
    last_seq = AuditEvent.objects.latest("seq").seq
    # when
    response = _admin_set_password(client, employee, NEW_PASSWORD, NEW_PASSWORD)
    # then
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.check_password(NEW_PASSWORD) is True
    events = list(AuditEvent.objects.filter(seq__gt=last_seq).order_by("seq"))
    assert [(e.action, e.actor, e.target_id) for e in events] == [
        ("accounts.password.reset", superuser, str(employee.pk)),
        ("accounts.api_token.revoked", superuser, str(tokens[0].pk)),
        ("accounts.api_token.revoked", superuser, str(tokens[1].pk)),
    ]
    assert events[1].changes == {
        "name": "skrip",
        "prefix": tokens[0].prefix,
        "reason": "kata sandi diatur ulang",
    }
    assert ApiToken.objects.filter(user=employee, revoked_at__isnull=True).exists() is False


def test_admin_password_form_with_a_mismatch_changes_nothing(client, superuser, employee, tokens):
    client.force_login(superuser)
    events = AuditEvent.objects.count()

    response = _admin_set_password(client, employee, NEW_PASSWORD, "lain-sekali-2026")

    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.check_password(PASSWORD) is True
    assert AuditEvent.objects.count() == events
    assert ApiToken.objects.filter(user=employee, revoked_at__isnull=True).count() == 2


def _reset_form_path(client, user, mailoutbox):
    client.post(reverse("accounts:password-reset"), {"email": user.email})
    link = next(
        line for line in mailoutbox[-1].body.splitlines() if "/akun/kata-sandi/atur/" in line
    )
    return client.get(link.split("testserver", 1)[1], follow=True).redirect_chain[-1][0]


def test_password_reset_by_link_revokes_the_tokens_with_audit_rows(
    client, employee, tokens, mailoutbox
):
    path = _reset_form_path(client, employee, mailoutbox)
    last_seq = AuditEvent.objects.latest("seq").seq

    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    events = list(AuditEvent.objects.filter(seq__gt=last_seq).order_by("seq"))
    assert [(e.action, e.actor, e.target_id) for e in events] == [
        ("accounts.password.reset", None, str(employee.pk)),
        ("accounts.api_token.revoked", None, str(tokens[0].pk)),
        ("accounts.api_token.revoked", None, str(tokens[1].pk)),
    ]
    assert ApiToken.objects.filter(user=employee, revoked_at__isnull=True).exists() is False
    revoked_before = ApiToken.objects.get(pk=tokens[2].pk).revoked_at
    assert revoked_before == tokens[2].revoked_at  # an already revoked token is left alone


def test_password_change_by_the_owner_keeps_the_tokens(client, employee, tokens):
    client.force_login(employee)

    client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert ApiToken.objects.filter(user=employee, revoked_at__isnull=True).count() == 2


def _failing_audit(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit tidak dapat ditulis")

    monkeypatch.setattr(services, "record_password_change", fail)


def test_password_change_is_not_saved_when_its_audit_row_fails(client, employee, monkeypatch):
    client.force_login(employee)
    _failing_audit(monkeypatch)

    with pytest.raises(RuntimeError):
        client.post(
            reverse("accounts:password-change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )

    employee.refresh_from_db()
    assert employee.check_password(PASSWORD) is True


def test_password_reset_is_not_saved_when_its_audit_row_fails(
    client, employee, mailoutbox, monkeypatch
):
    path = _reset_form_path(client, employee, mailoutbox)
    _failing_audit(monkeypatch)

    with pytest.raises(RuntimeError):
        client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    employee.refresh_from_db()
    assert employee.check_password(PASSWORD) is True


def test_admin_password_is_not_saved_when_its_audit_row_fails(
    client, superuser, employee, monkeypatch
):
    client.force_login(superuser)
    _failing_audit(monkeypatch)

    with pytest.raises(RuntimeError):
        _admin_set_password(client, employee, NEW_PASSWORD, NEW_PASSWORD)

    employee.refresh_from_db()
    assert employee.check_password(PASSWORD) is True
