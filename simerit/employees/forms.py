"""HTML input for employee records. Rules live in services.validate_employee_input, not here."""

from typing import Any

from django import forms

from simerit.accounts.models import User
from simerit.core.forms import BootstrapFormMixin
from simerit.core.spreadsheets.text import megabytes, thousands
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.employees import selectors
from simerit.employees.importing import reading
from simerit.employees.models import Employee, EmployeeKind, Gender
from simerit.employees.services import EmployeeInput
from simerit.organization.models import Golongan, Position, WorkUnit, WorkUnitQuerySet

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NIK_REVIEW = "perlu"  # the filter value for records whose NIK needs review


class UnitChoiceField(forms.ModelChoiceField[WorkUnit]):
    """Units indented by depth, so that a long list still reads as a tree."""

    def label_from_instance(self, obj: WorkUnit) -> str:
        return f"{'— ' * max(obj.depth - 1, 0)}{obj.name}"


class PositionChoiceField(forms.ModelChoiceField[Position]):
    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.name} ({obj.work_unit.name})" if obj.work_unit else obj.name


class EmployeeFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label="Cari nama atau NIP",
        required=False,
        max_length=100,
        help_text="Angka dicocokkan dengan awal NIP; selain itu dengan nama.",
    )
    work_unit = UnitChoiceField(
        label="Unit kerja (termasuk sub-unit)",
        queryset=WorkUnit.objects.none(),
        required=False,
        empty_label="Semua unit",
    )
    golongan = forms.ChoiceField(label="Golongan", required=False)
    kind = forms.ChoiceField(
        label="Jenis pegawai", required=False, choices=[("", "Semua"), *EmployeeKind.choices]
    )
    nik_review = forms.ChoiceField(
        label="Pemeriksaan NIK",
        required=False,
        choices=[("", "Semua"), (NIK_REVIEW, "NIK perlu diperiksa")],
    )

    def __init__(self, *args: Any, units: WorkUnitQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["work_unit"]
        unit_field.queryset = units.order_by("path")
        golongan_field: Any = self.fields["golongan"]
        codes = Golongan.objects.order_by("rank").values_list("code", flat=True)
        golongan_field.choices = [("", "Semua"), *[(code, code) for code in codes]]

    def filters(self) -> dict[str, Any]:
        """The valid filters only: a bad value in one field does not drop the others."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "search": data.get("q") or "",
            "work_unit": data.get("work_unit"),
            "golongan_code": data.get("golongan") or "",
            "kind": data.get("kind") or "",
            "nik_needs_review": data.get("nik_review") == NIK_REVIEW,
        }


class EmployeeForm(BootstrapFormMixin, forms.Form):
    """Create or edit the main record. On edit, an empty NIK keeps the stored one.

    The stored NIK is never put in the form: an editor who may only see it masked must not
    read it from the page source.
    """

    kind = forms.ChoiceField(label="Jenis pegawai", choices=EmployeeKind.choices)
    nip = forms.CharField(
        label="NIP / NI PPPK", max_length=22, help_text="18 digit; spasi boleh, akan dihapus."
    )
    nik = forms.CharField(label="NIK", max_length=16, help_text="16 digit sesuai KTP.")
    front_title = forms.CharField(label="Gelar depan", max_length=40, required=False)
    name = forms.CharField(label="Nama (tanpa gelar)", max_length=150)
    back_title = forms.CharField(label="Gelar belakang", max_length=80, required=False)
    nip_lama = forms.CharField(label="NIP lama (9 digit)", max_length=9, required=False)
    birth_place = forms.CharField(label="Tempat lahir", max_length=100)
    birth_date = forms.DateField(label="Tanggal lahir", widget=DATE_WIDGET)
    gender = forms.ChoiceField(label="Jenis kelamin", choices=Gender.choices)
    work_unit = UnitChoiceField(label="Unit kerja", queryset=WorkUnit.objects.none())
    position = PositionChoiceField(label="Jabatan", queryset=Position.objects.none())
    golongan = forms.ModelChoiceField(
        label="Golongan",
        queryset=Golongan.objects.order_by("rank"),
        required=False,
        empty_label="— (PPPK: kosongkan)",
    )
    tmt_cpns = forms.DateField(label="TMT CPNS / TMT PPPK", required=False, widget=DATE_WIDGET)
    tmt_pns = forms.DateField(label="TMT PNS", required=False, widget=DATE_WIDGET)
    tmt_golongan = forms.DateField(label="TMT golongan", required=False, widget=DATE_WIDGET)
    tmt_position = forms.DateField(label="TMT jabatan", required=False, widget=DATE_WIDGET)
    supervisor_nip = forms.CharField(
        label="NIP atasan langsung",
        max_length=22,
        required=False,
        help_text="Kosongkan bila tidak ada atasan langsung.",
    )

    # Service field names that differ from this form's field names.
    SERVICE_FIELDS = {"supervisor": "supervisor_nip"}

    def __init__(
        self,
        *args: Any,
        user: User,
        units: WorkUnitQuerySet,
        employee: Employee | None = None,
        **kwargs: Any,
    ) -> None:
        if employee is not None:
            kwargs.setdefault("initial", initial_from(employee))
        super().__init__(*args, **kwargs)
        self.user = user
        self.employee = employee
        unit_field: Any = self.fields["work_unit"]
        unit_field.queryset = units.order_by("path")
        position_field: Any = self.fields["position"]
        position_field.queryset = selectors.list_assignable_positions(
            user=user, keep=employee.position if employee is not None else None
        )
        if employee is not None:
            self.fields["nik"].required = False
            self.fields[
                "nik"
            ].help_text = "Kosongkan bila NIK tidak berubah (NIK tersimpan tidak ditampilkan)."

    def clean_supervisor_nip(self) -> Employee | None:
        nip = self.cleaned_data["supervisor_nip"].replace(" ", "")
        if not nip:
            return None
        supervisor = selectors.get_assignable_supervisor(
            user=self.user, nip=nip, keep=self.employee.supervisor if self.employee else None
        )
        if supervisor is None:  # also for a NIP outside the account's view: no existence oracle
            raise forms.ValidationError(f"Tidak ada pegawai dengan NIP {nip}.")
        return supervisor

    def to_input(self) -> EmployeeInput:
        data = self.cleaned_data
        nik = data["nik"] or (self.employee.nik if self.employee is not None else "")
        return EmployeeInput(
            kind=data["kind"],
            nip=data["nip"],
            nik=nik,
            name=data["name"],
            birth_place=data["birth_place"],
            birth_date=data["birth_date"],
            gender=data["gender"],
            work_unit=data["work_unit"],
            position=data["position"],
            golongan=data["golongan"],
            front_title=data["front_title"].strip(),
            back_title=data["back_title"].strip(),
            nip_lama=data["nip_lama"].strip(),
            tmt_cpns=data["tmt_cpns"],
            tmt_pns=data["tmt_pns"],
            tmt_golongan=data["tmt_golongan"],
            tmt_position=data["tmt_position"],
            supervisor=data["supervisor_nip"],
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Show a service's errors on the fields they name (unknown names: above the form)."""
        for field, messages in errors.items():
            name = self.SERVICE_FIELDS.get(field, field)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


def initial_from(employee: Employee) -> dict[str, Any]:
    return {
        "kind": employee.kind,
        "nip": employee.nip,
        "front_title": employee.front_title,
        "name": employee.name,
        "back_title": employee.back_title,
        "nip_lama": employee.nip_lama,
        "birth_place": employee.birth_place,
        "birth_date": employee.birth_date,
        "gender": employee.gender,
        "work_unit": employee.work_unit_id,
        "position": employee.position_id,
        "golongan": employee.golongan_id,
        "tmt_cpns": employee.tmt_cpns,
        "tmt_pns": employee.tmt_pns,
        "tmt_golongan": employee.tmt_golongan,
        "tmt_position": employee.tmt_position,
        "supervisor_nip": employee.supervisor.nip if employee.supervisor else "",
    }


class EmployeeImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Berkas Excel (.xlsx)",
        help_text=(
            f"Gunakan templat. Maksimal {reading.MAX_FILE_BYTES // 1024 // 1024} MB dan "
            f"{thousands(reading.MAX_ROWS)} baris data."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > reading.MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar ({megabytes(upload.size)} MB); batasnya "
                f"{reading.MAX_FILE_BYTES // 1024 // 1024} MB. "
                "Bagi data menjadi beberapa berkas."
            )
        return upload
