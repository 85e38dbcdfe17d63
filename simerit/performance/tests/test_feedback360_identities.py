"""The Auditor's identities page: a GET only asks for confirmation (no audit row), the confirming
POST shows and records the reading; an Auditor with a stake in the SKP (its employee, one of its
raters) is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.performance.models import RaterGroup
from simerit.performance.tests.factories import make_team
from simerit.performance.tests.factories_feedback360 import answered, approved_skp, with_role

pytestmark = pytest.mark.django_db
VIEWED = "performance.raters.viewed"


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def skp(team):
    skp = approved_skp(team.staff[1])
    answered(skp, team.staff[2], RaterGroup.PEER, 5)
    return skp


def url(skp):
    return reverse("performance:rater-identities", args=[skp.pk])


def test_a_get_asks_for_confirmation_and_records_nothing(client, skp, auditor):
    client.force_login(auditor)

    response = client.get(url(skp))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="identities-confirm"' in html
    assert (
        '<button type="submit" class="btn btn-warning">Tampilkan identitas penilai</button>' in html
    )
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'<form method="post" action="{url(skp)}">' in html
    assert "Staf C" not in html
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_the_confirming_post_shows_and_records_the_reading(client, skp, auditor):
    client.force_login(auditor)

    response = client.post(url(skp))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="row" class="fw-normal">Staf C</th>' in html
    event = AuditEvent.objects.get(action=VIEWED)
    assert (event.actor, event.target_id, event.changes) == (auditor, str(skp.pk), {"answered": 1})


def test_the_post_needs_the_csrf_token(skp, auditor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(auditor)

    assert strict.post(url(skp)).status_code == 403
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_an_auditor_cannot_read_the_identities_of_their_own_skp(client, team):
    own = approved_skp(team.staff[1])
    answered(own, team.staff[2], RaterGroup.PEER, 5)
    auditor_employee = with_role(team.staff[1], Role.AUDITOR)
    client.force_login(auditor_employee)

    got = client.get(url(own))
    posted = client.post(url(own))
    tab = client.get(reverse("performance:skp-feedback360", args=[own.pk])).content.decode()

    assert (got.status_code, posted.status_code) == (403, 403)
    assert "Staf C" not in posted.content.decode()
    assert url(own) not in tab
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_an_auditor_who_rated_the_skp_cannot_read_the_identities(client, team, skp):
    answered(skp, team.staff[3], RaterGroup.PEER, 2)
    rater_auditor = with_role(team.staff[3], Role.AUDITOR)
    client.force_login(rater_auditor)

    assert client.get(url(skp)).status_code == 403
    assert client.post(url(skp)).status_code == 403
    assert not AuditEvent.objects.filter(action=VIEWED).exists()


def test_other_methods_are_not_allowed(client, skp, auditor):
    client.force_login(auditor)

    assert client.put(url(skp)).status_code == 405
    assert not AuditEvent.objects.filter(action=VIEWED).exists()
