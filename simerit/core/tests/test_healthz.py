"""/healthz: what the load balancer probes."""

from django.db.utils import OperationalError

from simerit.core import views


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


def test_healthz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    # Only the view's reference is replaced: the test database itself stays usable for teardown.
    monkeypatch.setattr(views, "connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "tidak menjawab"}


def test_healthz_needs_no_login_and_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz_is_exempt_from_the_https_redirect(settings, client, db):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/akun/masuk/").status_code == 301
