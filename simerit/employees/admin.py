from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from simerit.accounts.models import User
from simerit.audit.admin_mixins import AuditedAdmin
from simerit.employees import services
from simerit.employees.models import Employee


class EmployeeAccountForm(forms.ModelForm[Employee]):
    class Meta:
        model = Employee
        fields = ("user",)

    def clean_user(self) -> User | None:
        user: User | None = self.cleaned_data["user"]
        if user is None and self.instance.user_id is not None:
            raise forms.ValidationError(
                "Akun tidak dapat dilepas dari pegawai di sini; pilih akun lain bila perlu."
            )
        return user


@admin.register(Employee)
class EmployeeAdmin(AuditedAdmin):
    """Only to link an employee record to the account they sign in with
    (employees.services.link_user_to_employee). Records are added and edited in the application,
    where the rules, the scope of each editor and the masking of the NIK apply."""

    form = EmployeeAccountForm
    list_display = ("nip", "name", "work_unit", "user")
    search_fields = ("nip", "name")
    list_select_related = ("work_unit", "user")
    fields = ("nip", "name", "work_unit", "user")
    readonly_fields = ("nip", "name", "work_unit")
    raw_id_fields = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool
    ) -> None:
        user = form.cleaned_data["user"]
        if "user" not in form.changed_data or user is None:
            return
        stored = Employee.objects.get(pk=obj.pk)  # the link before this form
        services.link_user_to_employee(
            employee=stored,
            user=user,
            actor=request.user,  # type: ignore[arg-type]
        )
