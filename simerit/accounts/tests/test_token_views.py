"""The Token API pages: list, create (secret shown once), revoke."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.accounts import services
from simerit.accounts.models import ApiToken
from simerit.audit.models import AuditEvent

LIST = reverse("accounts:token-list")
CREATE = reverse("accounts:token-create")


@pytest.mark.parametrize(
    "persona", ["hr_admin", "opd_admin", "supervisor", "employee", "applicant", "auditor"]
)
def test_every_role_can_open_its_token_page(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Anda belum memiliki token API." in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={LIST}"


def test_token_list_shows_only_own_tokens_with_status(client, employee, applicant):
    services.issue_api_token(user=employee, name="Skrip rekap", actor=employee)
    gone = services.issue_api_token(user=employee, name="Lama", actor=employee).token
    services.revoke_api_token(token=gone, actor=employee)
    services.issue_api_token(user=applicant, name="Punya pelamar", actor=applicant)
    client.force_login(employee)

    response = client.get(LIST)

    assert [(t.name, t.status_label) for t in response.context["tokens"]] == [
        ("Lama", "Dicabut"),
        ("Skrip rekap", "Aktif"),
    ]
    assert "Punya pelamar" not in response.content.decode()


def test_create_shows_the_secret_once_and_stores_its_hash(client, employee):
    client.force_login(employee)
    response = client.post(CREATE, {"name": "Skrip rekap", "expires_on": ""})
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get()
    assert token.token_hash == services.hash_api_token(secret)
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert secret not in client.get(LIST).content.decode()


def test_create_with_expiry_date_ends_after_that_day(client, employee):
    client.force_login(employee)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client.post(CREATE, {"name": "Sementara", "expires_on": tomorrow.isoformat()})
    token = ApiToken.objects.get()
    expected = dt.datetime.combine(
        tomorrow + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    assert token.expires_at == expected


def test_create_with_past_expiry_shows_the_error_and_creates_nothing(client, employee):
    client.force_login(employee)
    events = AuditEvent.objects.count()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(CREATE, {"name": "A", "expires_on": yesterday.isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "expires_on": ["Tanggal berlaku tidak boleh di masa lalu."]
    }
    assert ApiToken.objects.exists() is False
    assert AuditEvent.objects.count() == events


def test_create_without_name_shows_the_error(client, employee):
    client.force_login(employee)
    response = client.post(CREATE, {"name": ""})
    assert response.context["form"].errors == {"name": ["Bidang ini tidak boleh kosong."]}
    assert ApiToken.objects.exists() is False


def test_create_over_the_limit_shows_the_service_message(client, employee, monkeypatch):
    monkeypatch.setattr(services, "MAX_ACTIVE_API_TOKENS", 1)
    services.issue_api_token(user=employee, name="A", actor=employee)
    client.force_login(employee)
    response = client.post(CREATE, {"name": "B"})
    assert response.context["form"].non_field_errors() == [
        "Sudah ada 1 token aktif; cabut token yang tidak dipakai dulu."
    ]
    assert ApiToken.objects.count() == 1


def test_create_refuses_get(client, employee):
    client.force_login(employee)
    assert client.get(CREATE).status_code == 405


def test_revoke_own_token(client, employee):
    token = services.issue_api_token(user=employee, name="A", actor=employee).token
    client.force_login(employee)
    response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    assert response["Location"] == LIST
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoke_someone_elses_token_is_forbidden_and_changes_nothing(client, employee, hr_admin):
    token = services.issue_api_token(user=employee, name="A", actor=employee).token
    events = AuditEvent.objects.count()
    client.force_login(hr_admin)
    response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert AuditEvent.objects.count() == events


def test_revoke_twice_shows_the_message(client, employee):
    token = services.issue_api_token(user=employee, name="A", actor=employee).token
    services.revoke_api_token(token=token, actor=employee)
    client.force_login(employee)
    response = client.post(reverse("accounts:token-revoke", args=[token.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Token ini sudah dicabut."]


def test_revoke_unknown_token_is_404(client, employee):
    client.force_login(employee)
    assert client.post(reverse("accounts:token-revoke", args=[999])).status_code == 404
