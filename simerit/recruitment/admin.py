from django.contrib import admin

from simerit.audit.admin_mixins import AuditedAdmin
from simerit.recruitment.models import DocumentKind


@admin.register(DocumentKind)
class DocumentKindAdmin(AuditedAdmin):
    """National document defaults (§1.3); a new formasi starts from them, each formasi may differ."""

    list_display = ("code", "name", "default_formats", "default_max_kb")
    search_fields = ("code", "name")
