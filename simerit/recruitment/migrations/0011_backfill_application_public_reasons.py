"""Applications decided TMS before 0010 get public reasons derived from their detailed ones.

The detailed reasons were written by the verification service in two shapes for documents:
"<dokumen>: dokumen wajib tidak diunggah." and "<dokumen>: <alasan>." optionally followed by
" Catatan: <catatan verifikator>". Their public wording drops the verifier's note, as the service
does. Any other sentence (a failed requirement, worded with the applicant's own data) becomes
the generic public label; the exact label per requirement is only known at decision time.
"""

from django.db import migrations

TMS_STATUSES = ("tms", "tms_pending")
MISSING_SUFFIX = ": dokumen wajib tidak diunggah."
NOTE_MARK = ". Catatan: "
GENERIC = "Persyaratan formasi tidak terpenuhi"
BATCH = 500


def public_reasons(reasons, document_names):
    public = []
    for reason in reasons:
        text = str(reason)
        name = text.split(": ", 1)[0]
        if text.endswith(MISSING_SUFFIX) and name in document_names:
            label = f"{name}: tidak diunggah"
        elif name in document_names and ": " in text:
            label = text.split(NOTE_MARK, 1)[0].removesuffix(".")
        else:
            label = GENERIC
        if label not in public:
            public.append(label)
    return public


def forward(apps, schema_editor):
    Application = apps.get_model("recruitment", "Application")
    DocumentKind = apps.get_model("recruitment", "DocumentKind")
    names = set(DocumentKind.objects.values_list("name", flat=True))
    pending = Application.objects.filter(status__in=TMS_STATUSES, public_reasons=[]).exclude(
        result_reasons=[]
    )
    last_pk = 0
    while rows := list(pending.filter(pk__gt=last_pk).order_by("pk")[:BATCH]):
        for row in rows:
            row.public_reasons = public_reasons(row.result_reasons, names)
        Application.objects.bulk_update(rows, ["public_reasons"])
        last_pk = rows[-1].pk


def backward(apps, schema_editor):
    # 0010's reversal drops the column; nothing to undo here.
    pass


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0010_application_public_reasons")]

    operations = [migrations.RunPython(forward, backward)]
