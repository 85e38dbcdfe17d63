import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from simerit.accounts.tests.factories import PASSWORD
from simerit.audit.models import AuditEvent
from simerit.employees.tests.factories import EmployeeFactory

LOGIN = "/akun/masuk/"


def _login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_page_is_indonesian_and_sets_security_headers(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "Masuk ke SiMerit" in response.text
    assert 'lang="id"' in response.text
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_login_with_right_password_goes_to_dashboard(client, hr_admin):
    response = _login(client, "admin.bkpsdm", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("dashboard:home")


def test_login_with_wrong_password_shows_indonesian_error(client, hr_admin):
    response = _login(client, "admin.bkpsdm", "salah-sekali")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.text
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, hr_admin, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "admin.bkpsdm", "salah-sekali").status_code == 200
    locked = _login(client, "admin.bkpsdm", "salah-sekali")
    assert locked.status_code == 429
    assert "Akun dikunci sementara" in locked.text
    after = _login(client, "admin.bkpsdm", PASSWORD)
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session
    # The attempt with the right password during the lockout counts as a failure too.
    assert AccessAttempt.objects.get(username="admin.bkpsdm").failures_since_start == 6


def test_dashboard_requires_login(client, db):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"{LOGIN}?next=/"


def test_password_change_is_audited(client, employee):
    client.force_login(employee)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-Yang-Kuat-2026",
            "new_password2": "Sandi-Baru-Yang-Kuat-2026",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.password.changed")
    assert event.target_id == str(employee.pk)
    assert event.changes == {"password": "[disamarkan]"}


def test_password_change_with_wrong_old_password_changes_nothing(client, employee):
    client.force_login(employee)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "bukan-sandi-lama",
            "new_password1": "Sandi-Baru-Yang-Kuat-2026",
            "new_password2": "Sandi-Baru-Yang-Kuat-2026",
        },
    )
    assert response.status_code == 200
    employee.refresh_from_db()
    assert employee.check_password(PASSWORD) is True
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("url", ["/admin/", "/audit/"])
def test_back_office_pages_refuse_anonymous(client, db, url):
    response = client.get(url)
    assert response.status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(client, employee, mailoutbox):
    response = client.post(reverse("accounts:password-reset"), {"email": employee.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.subject == "Atur ulang kata sandi SiMerit"
    link = next(line for line in mail.body.splitlines() if "/akun/kata-sandi/atur/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "Sandi-Baru-Yang-Kuat-2026",
            "new_password2": "Sandi-Baru-Yang-Kuat-2026",
        },
    )
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.check_password("Sandi-Baru-Yang-Kuat-2026") is True
    assert AuditEvent.objects.filter(action="accounts.password.reset").count() == 1


def test_password_reset_for_unknown_email_sends_nothing(client, db, mailoutbox):
    response = client.post(reverse("accounts:password-reset"), {"email": "tidak@ada.go.id"})
    assert response.status_code == 302
    assert mailoutbox == []
    assert AuditEvent.objects.count() == 0


def test_pages_stay_indonesian_whatever_the_browser_asks(client, hr_admin, org):
    person = EmployeeFactory.create(birth_date=dt.date(1985, 8, 17), work_unit=org.dinkes)
    client.force_login(hr_admin)
    response = client.get(
        reverse("employees:detail", args=[person.pk]),
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    assert response.status_code == 200
    assert "17 Agustus 1985" in response.text
    assert "August" not in response.text
