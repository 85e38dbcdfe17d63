"""Second verifiers' return notes made before 0012 are copied from the audit log (where they were
read from until then) onto the confirmation assignment of the application."""

from django.db import migrations

RETURNED = "recruitment.application.tms_returned"


def forward(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    VerificationAssignment = apps.get_model("recruitment", "VerificationAssignment")
    latest: dict[str, str] = {}
    events = AuditEvent.objects.filter(
        action=RETURNED, target_type="recruitment.application"
    ).order_by("seq")
    for target_id, changes in events.values_list("target_id", "changes").iterator():
        latest[target_id] = str((changes or {}).get("note", ""))[:500]
    for target_id, note in latest.items():
        if target_id.isdigit():
            VerificationAssignment.objects.filter(
                application_id=int(target_id), role="confirmation", note=""
            ).update(note=note)


def backward(apps, schema_editor):
    # 0012's reversal drops the column; nothing to undo here.
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0012_verification_assignment_note"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward)]
