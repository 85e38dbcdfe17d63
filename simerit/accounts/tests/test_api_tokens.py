"""Personal API tokens: issuing, revoking, authenticating (services and over HTTP)."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from simerit.accounts import services
from simerit.accounts.models import ApiToken
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import DomainError, InvalidInputError

LIST_URL = "/api/v1/employees/"


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_issue_api_token_stores_only_the_sha256_of_the_secret(employee):
    issued = services.issue_api_token(user=employee, name="Skrip rekap", actor=employee)
    token = ApiToken.objects.get()
    assert issued.secret.startswith("smr_")
    assert len(issued.secret) == 47  # "smr_" + 43 URL-safe characters (32 random bytes)
    assert token.token_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert token.prefix == issued.secret[:12]
    assert issued.secret not in {token.name, token.prefix, token.token_hash}
    assert (token.user, token.name, token.expires_at, token.revoked_at) == (
        employee,
        "Skrip rekap",
        None,
        None,
    )


def test_issue_api_token_writes_an_audit_row_without_secret_or_hash(employee):
    issued = services.issue_api_token(user=employee, name="Skrip rekap", actor=employee)
    event = AuditEvent.objects.get(action="accounts.api_token.issued")
    assert event.actor == employee
    assert event.target_id == str(issued.token.pk)
    assert event.changes == {
        "name": "Skrip rekap",
        "prefix": issued.token.prefix,
        "expires_at": None,
    }
    assert issued.secret not in str(event.changes)
    assert issued.token.token_hash not in str(event.changes)


def test_two_tokens_never_share_a_secret(employee):
    first = services.issue_api_token(user=employee, name="A", actor=employee)
    second = services.issue_api_token(user=employee, name="A", actor=employee)
    assert first.secret != second.secret
    assert first.token.token_hash != second.token.token_hash


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("   ", {"name": ["Nama token wajib diisi."]}),
        ("x" * 101, {"name": ["Nama token paling banyak 100 karakter."]}),
    ],
)
def test_issue_api_token_rejects_bad_names(employee, name, expected):
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidInputError) as caught:
        services.issue_api_token(user=employee, name=name, actor=employee)
    assert caught.value.errors == expected
    assert ApiToken.objects.exists() is False
    assert AuditEvent.objects.count() == events


def test_issue_api_token_rejects_an_expiry_in_the_past(employee):
    past = timezone.now() - dt.timedelta(minutes=1)
    with pytest.raises(InvalidInputError) as caught:
        services.issue_api_token(user=employee, name="A", actor=employee, expires_at=past)
    assert caught.value.errors == {"expires_at": ["Tanggal berlaku harus di masa depan."]}
    assert ApiToken.objects.exists() is False


def test_issue_api_token_refuses_more_than_the_active_limit(employee, monkeypatch):
    monkeypatch.setattr(services, "MAX_ACTIVE_API_TOKENS", 2)
    services.issue_api_token(user=employee, name="A", actor=employee)
    revoked = services.issue_api_token(user=employee, name="B", actor=employee).token
    services.revoke_api_token(token=revoked, actor=employee)
    services.issue_api_token(user=employee, name="C", actor=employee)
    with pytest.raises(DomainError) as caught:
        services.issue_api_token(user=employee, name="D", actor=employee)
    assert caught.value.message == ("Sudah ada 2 token aktif; cabut token yang tidak dipakai dulu.")
    assert ApiToken.objects.count() == 3


def test_revoke_api_token_sets_revoked_at_and_audits(employee):
    token = services.issue_api_token(user=employee, name="A", actor=employee).token
    services.revoke_api_token(token=token, actor=employee)
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="accounts.api_token.revoked")
    assert event.changes == {"name": "A", "prefix": token.prefix}


def test_revoking_twice_is_refused(employee):
    token = services.issue_api_token(user=employee, name="A", actor=employee).token
    services.revoke_api_token(token=token, actor=employee)
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as caught:
        services.revoke_api_token(token=token, actor=employee)
    assert caught.value.message == "Token ini sudah dicabut."
    assert AuditEvent.objects.count() == events


def test_authenticate_api_token_returns_the_owner(employee):
    issued = services.issue_api_token(user=employee, name="A", actor=employee)
    assert services.authenticate_api_token(issued.secret) == employee


@pytest.mark.parametrize(
    "secret", ["", "smr_", "smr_bukan-token-yang-ada", "Bearer smr_x", "tanpa-awalan"]
)
def test_authenticate_api_token_rejects_unknown_secrets(employee, secret):
    services.issue_api_token(user=employee, name="A", actor=employee)
    assert services.authenticate_api_token(secret) is None


def test_authenticate_api_token_rejects_revoked_expired_and_inactive(employee, supervisor):
    revoked = services.issue_api_token(user=employee, name="dicabut", actor=employee)
    services.revoke_api_token(token=revoked.token, actor=employee)
    soon = timezone.now() + dt.timedelta(hours=1)
    expiring = services.issue_api_token(
        user=employee, name="habis", actor=employee, expires_at=soon
    )
    inactive = services.issue_api_token(user=supervisor, name="nonaktif", actor=supervisor)
    supervisor.is_active = False
    supervisor.save()

    later = soon + dt.timedelta(seconds=1)
    assert services.authenticate_api_token(revoked.secret) is None
    assert services.authenticate_api_token(expiring.secret) == employee
    assert services.authenticate_api_token(expiring.secret, now=later) is None
    assert services.authenticate_api_token(inactive.secret) is None


def test_last_used_at_is_written_at_most_once_a_minute(employee):
    issued = services.issue_api_token(user=employee, name="A", actor=employee)
    start = timezone.now()

    services.authenticate_api_token(issued.secret, now=start)
    services.authenticate_api_token(issued.secret, now=start + dt.timedelta(seconds=59))
    issued.token.refresh_from_db()
    assert issued.token.last_used_at == start

    services.authenticate_api_token(issued.secret, now=start + dt.timedelta(seconds=60))
    issued.token.refresh_from_db()
    assert issued.token.last_used_at == start + dt.timedelta(seconds=60)


def test_token_use_writes_no_audit_row(employee):
    issued = services.issue_api_token(user=employee, name="A", actor=employee)
    events = AuditEvent.objects.count()
    services.authenticate_api_token(issued.secret)
    assert AuditEvent.objects.count() == events


# --- Over HTTP


def test_api_accepts_a_bearer_token_and_records_its_use(client, employee):
    issued = services.issue_api_token(user=employee, name="A", actor=employee)
    response = client.get(LIST_URL, headers=bearer(issued.secret))
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["items"]] == ["Pegawai Uji"]
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


def test_api_rejects_a_revoked_token_with_401(client, employee):
    issued = services.issue_api_token(user=employee, name="A", actor=employee)
    services.revoke_api_token(token=issued.token, actor=employee)
    response = client.get(LIST_URL, headers=bearer(issued.secret))
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Token API tidak valid, kedaluwarsa, atau sudah dicabut.",
        "code": "invalid_token",
        "errors": [],
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="SiMerit API"'


def test_api_rejects_an_expired_token_with_401(client, employee):
    soon = timezone.now() + dt.timedelta(hours=1)
    issued = services.issue_api_token(user=employee, name="A", actor=employee, expires_at=soon)
    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(LIST_URL, headers=bearer(issued.secret))
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is None


def test_api_rejects_the_hash_used_as_a_token(client, employee):
    issued = services.issue_api_token(user=employee, name="A", actor=employee)
    response = client.get(LIST_URL, headers=bearer(issued.token.token_hash))
    assert response.status_code == 401


def test_a_wrong_bearer_token_does_not_fall_back_to_the_session(client, employee):
    client.force_login(employee)
    response = client.get(LIST_URL, headers=bearer("smr_salah"))
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"
