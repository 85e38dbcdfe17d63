"""Programmes of the catalogue: Admin BKPSDM creates, updates, deactivates and reactivates them;
bad input (negative, zero or absurd JP, a duplicate code) is refused by field with nothing
changed; everyone else is refused with nothing changed."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.performance.models import BehaviourIndicator
from simerit.training.models import Programme, ProgrammeKind, TrainingClass
from simerit.training.services import catalogue as services
from simerit.training.tests.factories import (
    CompetencyFactory,
    ProgrammeFactory,
    TrainingClassFactory,
)
from simerit.training.tests.factories_catalogue import programme_input

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int]:
    return Programme.objects.count(), AuditEvent.objects.count()


def test_create_programme_saves_targets_normalises_the_code_and_audits(hr_admin):
    competency = CompetencyFactory.create(code="K001")
    indicators = list(BehaviourIndicator.objects.filter(code__in=["1a", "3b"]))

    programme = services.create_programme(
        data=programme_input(
            code="  tek-pbj-01 ",
            jp=Decimal("24.5"),
            competencies=[competency],
            indicators=indicators,
            for_weak_predikat=True,
        ),
        actor=hr_admin,
    )

    programme.refresh_from_db()
    assert (programme.code, programme.jp, programme.is_active, programme.created_by) == (
        "TEK-PBJ-01",
        Decimal("24.5"),
        True,
        hr_admin,
    )
    assert [c.code for c in programme.competencies.all()] == ["K001"]
    assert sorted(i.code for i in programme.indicators.all()) == ["1a", "3b"]
    event = AuditEvent.objects.get(action="training.programme.created")
    assert event.target_id == str(programme.pk)
    assert event.changes["code"] == "TEK-PBJ-01"
    assert event.changes["jp"] == "24.5"
    assert event.changes["competencies"] == ["K001"]
    assert event.changes["indicators"] == ["1a", "3b"]
    assert event.changes["for_weak_predikat"] is True


@pytest.mark.parametrize(
    ("jp", "message"),
    [
        (Decimal("-2"), "JP tidak boleh negatif; isi 0,5 sampai 999,9 JP."),
        (Decimal("0"), "JP tidak boleh nol; isi 0,5 sampai 999,9 JP."),
        (
            Decimal("5000"),
            "JP sebesar itu tidak masuk akal; paling banyak 999,9 JP (1 JP = 45 menit). "
            "Periksa kembali isiannya.",
        ),
        (None, "JP wajib diisi."),
    ],
)
def test_create_programme_refuses_negative_zero_or_absurd_jp_and_changes_nothing(
    hr_admin, jp, message
):
    with pytest.raises(InvalidInputError) as refused:
        services.create_programme(data=programme_input(jp=jp), actor=hr_admin)

    assert refused.value.errors == {"jp": [message]}
    assert counts() == (0, 0)


def test_create_programme_reports_every_bad_field_at_once(hr_admin):
    with pytest.raises(InvalidInputError) as refused:
        services.create_programme(
            data=programme_input(code="kode salah", name=" ", kind="x", provider="", mode="y"),
            actor=hr_admin,
        )

    assert refused.value.errors == {
        "code": [
            "Kode program hanya huruf, angka, titik, garis miring, tanda hubung, atau garis "
            "bawah, tanpa spasi."
        ],
        "name": ["Nama program wajib diisi."],
        "kind": ["Jenis program tidak dikenal."],
        "provider": ["Penyelenggara wajib diisi."],
        "mode": ["Moda pelatihan tidak dikenal."],
    }
    assert counts() == (0, 0)


def test_create_programme_refuses_a_code_in_use_whatever_its_case(hr_admin):
    ProgrammeFactory.create(code="TEK-PBJ-01")

    with pytest.raises(ConflictError) as refused:
        services.create_programme(data=programme_input(code="tek-pbj-01"), actor=hr_admin)

    assert refused.value.message == "Kode program TEK-PBJ-01 sudah dipakai oleh program lain."
    assert refused.value.field == "code"
    assert counts() == (1, 0)


def test_only_hr_creates_programmes(auditor, employee, supervisor, opd_admin):
    before = counts()

    for actor in (auditor, employee, supervisor, opd_admin):
        with pytest.raises(PermissionDenied):
            services.create_programme(data=programme_input(), actor=actor)

    assert counts() == before == (0, before[1])


def test_update_programme_audits_what_changed_before_and_after(hr_admin):
    programme = services.create_programme(data=programme_input(), actor=hr_admin)
    competency = CompetencyFactory.create(code="K009")

    services.update_programme(
        programme=programme,
        data=programme_input(jp=Decimal("30"), competencies=[competency]),
        actor=hr_admin,
    )

    programme.refresh_from_db()
    assert programme.jp == Decimal("30.0")
    event = AuditEvent.objects.get(action="training.programme.updated")
    assert event.changes == {"jp": ["24.0", "30.0"], "competencies": [[], ["K009"]]}


def test_update_programme_without_a_change_writes_no_audit_row(hr_admin):
    programme = services.create_programme(data=programme_input(), actor=hr_admin)

    services.update_programme(programme=programme, data=programme_input(), actor=hr_admin)

    assert AuditEvent.objects.filter(action="training.programme.updated").exists() is False


def test_update_programme_refuses_a_new_kind_once_it_has_classes(hr_admin):
    programme = ProgrammeFactory.create(code="PKP-01", kind=ProgrammeKind.PKP)
    TrainingClassFactory.create(programme=programme)

    with pytest.raises(DomainError) as refused:
        services.update_programme(
            programme=programme,
            data=programme_input(code="PKP-01", kind=ProgrammeKind.PKA),
            actor=hr_admin,
        )

    assert refused.value.field == "kind"
    assert refused.value.message.startswith("Jenis program tidak dapat diubah")
    programme.refresh_from_db()
    assert (programme.kind, programme.name) == (ProgrammeKind.PKP, programme.name)
    assert AuditEvent.objects.count() == 0


def test_update_programme_refuses_bad_jp_and_keeps_the_row(hr_admin):
    programme = ProgrammeFactory.create(code="TEK-PBJ-01", jp=Decimal("12"))

    with pytest.raises(InvalidInputError):
        services.update_programme(
            programme=programme, data=programme_input(jp=Decimal("-1")), actor=hr_admin
        )

    programme.refresh_from_db()
    assert programme.jp == Decimal("12.0")
    assert AuditEvent.objects.count() == 0


def test_auditor_cannot_update_a_programme(auditor):
    programme = ProgrammeFactory.create(code="TEK-PBJ-01", name="Asli")

    with pytest.raises(PermissionDenied):
        services.update_programme(
            programme=programme, data=programme_input(name="Baru"), actor=auditor
        )

    programme.refresh_from_db()
    assert programme.name == "Asli"
    assert AuditEvent.objects.count() == 0


def test_deactivate_and_activate_a_programme(hr_admin):
    programme = ProgrammeFactory.create()
    TrainingClassFactory.create(programme=programme, status=TrainingClass.Status.COMPLETED)

    services.deactivate_programme(programme=programme, actor=hr_admin)
    programme.refresh_from_db()
    assert programme.is_active is False
    services.activate_programme(programme=programme, actor=hr_admin)
    programme.refresh_from_db()
    assert programme.is_active is True

    actions = list(AuditEvent.objects.order_by("seq").values_list("action", "changes"))
    assert actions == [
        ("training.programme.deactivated", {"is_active": [True, False]}),
        ("training.programme.activated", {"is_active": [False, True]}),
    ]


@pytest.mark.parametrize("status", [TrainingClass.Status.DRAFT, TrainingClass.Status.OPEN])
def test_deactivate_is_refused_while_a_class_takes_enrolments(hr_admin, status):
    programme = ProgrammeFactory.create()
    TrainingClassFactory.create(programme=programme, status=status)

    with pytest.raises(
        DomainError,
        match=re.escape("Program ini masih memiliki 1 kelas berstatus draf atau pendaftaran"),
    ):
        services.deactivate_programme(programme=programme, actor=hr_admin)

    programme.refresh_from_db()
    assert programme.is_active is True
    assert AuditEvent.objects.count() == 0


def test_deactivate_twice_or_activate_an_active_programme_is_a_conflict(hr_admin):
    active = ProgrammeFactory.create()
    inactive = ProgrammeFactory.create(is_active=False)

    with pytest.raises(ConflictError, match=re.escape("Program ini sudah aktif.")):
        services.activate_programme(programme=active, actor=hr_admin)
    with pytest.raises(ConflictError, match=re.escape("Program ini sudah nonaktif.")):
        services.deactivate_programme(programme=inactive, actor=hr_admin)
    assert AuditEvent.objects.count() == 0


def test_only_hr_deactivates(auditor, employee):
    programme = ProgrammeFactory.create()
    audit_rows = AuditEvent.objects.count()

    for actor in (auditor, employee):
        with pytest.raises(PermissionDenied):
            services.deactivate_programme(programme=programme, actor=actor)

    programme.refresh_from_db()
    assert programme.is_active is True
    assert AuditEvent.objects.count() == audit_rows
