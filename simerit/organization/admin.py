from django.contrib import admin

from simerit.audit.admin_mixins import AuditedAdmin
from simerit.organization.models import EducationLevel, Golongan, Position, Region


@admin.register(Golongan)
class GolonganAdmin(AuditedAdmin):
    list_display = ("code", "pangkat", "rank")
    ordering = ("rank",)


@admin.register(EducationLevel)
class EducationLevelAdmin(AuditedAdmin):
    list_display = ("code", "name", "rank")
    ordering = ("rank",)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ("name", "kind", "functional_level", "eselon", "work_unit")
    list_filter = ("kind", "eselon")
    search_fields = ("name",)
    autocomplete_fields = ()
    raw_id_fields = ("work_unit",)
