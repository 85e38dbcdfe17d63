from django.contrib import admin

from simerit.audit.admin_mixins import AuditedAdmin
from simerit.exams.models import QuestionCategory


@admin.register(QuestionCategory)
class QuestionCategoryAdmin(AuditedAdmin):
    """Sub-tests and fields (TWK, TIU, TKP, PPPK competencies, SKB fields): reference data that
    an instansi extends with its own SKB fields. Everything else of the CAT has its own pages."""

    list_display = ("code", "name", "exam_kind", "question_kind", "order")
    list_filter = ("exam_kind",)
    search_fields = ("code", "name")
