"""The discipline configuration in the Django admin: the settings row (which holds the appeal
windows) changed and audited, never added or deleted; an article's summary and active flag
edited, its reference fixed."""

import pytest
from django.test import Client
from django.urls import reverse

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.discipline.models import DisciplineArticle, DisciplineSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client: Client) -> User:
    user = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_a_change_of_the_settings_is_audited(client: Client, root: User) -> None:
    response = client.post(
        reverse("admin:discipline_disciplinesettings_change", args=[1]),
        {
            "summons_notice_working_days": "7",
            "second_summons_working_days": "7",
            "keberatan_working_days": "21",
            "banding_working_days": "14",
            "note": "Dikonfirmasi dengan BKPSDM.",
        },
    )

    assert response.status_code == 302
    assert DisciplineSettings.objects.get(pk=1).keberatan_working_days == 21
    event = AuditEvent.objects.get(action="discipline.disciplinesettings.changed_in_admin")
    assert event.actor == root
    assert event.changes["keberatan_working_days"] == [14, 21]


def test_the_settings_row_is_never_added_or_deleted(client: Client, root: User) -> None:
    add = client.get(reverse("admin:discipline_disciplinesettings_add"))
    delete = client.post(
        reverse("admin:discipline_disciplinesettings_delete", args=[1]), {"post": "yes"}
    )

    assert (add.status_code, delete.status_code) == (403, 403)
    assert DisciplineSettings.objects.filter(pk=1).exists()


def test_an_article_summary_is_edited_but_not_its_reference(client: Client, root: User) -> None:
    article = DisciplineArticle.objects.get(code="Pasal 5 huruf a")

    response = client.post(
        reverse("admin:discipline_disciplinearticle_change", args=[article.pk]),
        {"code": "Pasal 99", "summary": "Ringkasan larangan.", "is_active": "on"},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.code, article.summary) == ("Pasal 5 huruf a", "Ringkasan larangan.")
    assert AuditEvent.objects.filter(
        action="discipline.disciplinearticle.changed_in_admin", target_id=str(article.pk)
    ).exists()
    assert client.get(reverse("admin:discipline_disciplinearticle_add")).status_code == 403
