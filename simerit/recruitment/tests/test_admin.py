from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.recruitment.models import DocumentKind


def test_document_defaults_are_edited_in_the_admin_with_an_audit_row(client, db):
    superuser = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    kind = DocumentKind.objects.get(code="ijazah")
    response = client.post(
        f"/admin/recruitment/documentkind/{kind.pk}/change/",
        {
            "code": "ijazah",
            "name": "Ijazah",
            "default_formats": '["pdf"]',
            "default_max_kb": 1024,
            "description": kind.description,
        },
    )
    assert response.status_code == 302
    kind.refresh_from_db()
    assert kind.default_max_kb == 1024
    event = AuditEvent.objects.get(action="recruitment.documentkind.changed_in_admin")
    assert event.changes == {"default_max_kb": [800, 1024]}
