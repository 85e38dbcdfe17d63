"""Formasi services: every state transition and every refusal, each refusal changing nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.organization.models import EducationLevel
from simerit.organization.tests.factories import PositionFactory, golongan
from simerit.recruitment.models import DocumentKind, Formasi, FormasiDocument, FormasiEducation
from simerit.recruitment.services import formasi as services
from simerit.recruitment.services.formasi import DocumentInput, EducationInput, FormasiInput
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory


def level(code):
    return EducationLevel.objects.get(code=code)


def kind(code):
    return DocumentKind.objects.get(code=code)


def formasi_input(unit, **overrides):
    values = {
        "code": "dinkes-prw-01",
        "position": PositionFactory.create(name="Perawat Ahli Pertama"),
        "work_unit": unit,
        "quota": 3,
        "education": [EducationInput(level("S1"), ("Keperawatan", " ilmu  keperawatan "))],
        "documents": [DocumentInput(kind("ktp")), DocumentInput(kind("ijazah"))],
    }
    values.update(overrides)
    return FormasiInput(**values)


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create(status="published", default_min_age=20, default_max_age=40)


def nothing_written():
    return (
        Formasi.objects.count(),
        FormasiEducation.objects.count(),
        FormasiDocument.objects.count(),
        AuditEvent.objects.filter(action__startswith="recruitment.").count(),
    )


def recruitment_events():
    return AuditEvent.objects.filter(action__startswith="recruitment.").count()


# --- create


def test_create_formasi_fills_the_period_defaults_and_national_document_specs(
    hr_admin, org, period
):
    formasi = services.create_formasi(period=period, data=formasi_input(org.dinkes), actor=hr_admin)

    formasi.refresh_from_db()
    assert (formasi.code, formasi.status, formasi.quota) == ("DINKES-PRW-01", "draft", 3)
    assert (formasi.min_age, formasi.max_age) == (20, 40)
    assert formasi.age_reference_date == dt.date(2026, 8, 1)
    assert [(r.level.code, r.majors) for r in formasi.education.all()] == [
        ("S1", ["Keperawatan", "ilmu keperawatan"])
    ]
    assert sorted(
        (d.kind.code, d.formats, d.max_kb, d.is_required) for d in formasi.documents.all()
    ) == [("ijazah", ["pdf"], 800, True), ("ktp", ["jpg"], 200, True)]
    event = AuditEvent.objects.get(action="recruitment.formasi.created")
    assert event.target_id == str(formasi.pk)
    assert event.changes["education"] == {"S1": ["Keperawatan", "ilmu keperawatan"]}
    assert event.changes["documents"]["ktp"] == {
        "formats": ["jpg"],
        "max_kb": 200,
        "required": True,
    }


def test_create_formasi_keeps_explicit_ages_gpa_and_document_specs(hr_admin, org, period):
    data = formasi_input(
        org.dinkes,
        min_age=18,
        max_age=35,
        age_reference_date=dt.date(2026, 9, 1),
        min_gpa=Decimal("3.00"),
        entry_golongan=golongan("III/a"),
        track="cumlaude",
        documents=[
            DocumentInput(kind("ijazah"), formats=("PDF", "jpeg"), max_kb=1024),
            DocumentInput(kind("pendukung"), is_required=False),
        ],
    )

    formasi = services.create_formasi(period=period, data=data, actor=hr_admin)

    formasi.refresh_from_db()
    assert (formasi.min_age, formasi.max_age, formasi.age_reference_date) == (
        18,
        35,
        dt.date(2026, 9, 1),
    )
    assert (formasi.min_gpa, formasi.entry_golongan_id, formasi.track) == (
        Decimal("3.00"),
        golongan("III/a").pk,
        "cumlaude",
    )
    assert sorted(
        (d.kind.code, d.formats, d.max_kb, d.is_required) for d in formasi.documents.all()
    ) == [("ijazah", ["pdf", "jpg"], 1024, True), ("pendukung", ["pdf"], 800, False)]


def test_opd_admin_creates_formasi_in_its_own_subtree(opd_admin, org, period):
    formasi = services.create_formasi(
        period=period, data=formasi_input(org.dinkes_division), actor=opd_admin
    )

    assert formasi.work_unit == org.dinkes_division


def test_opd_admin_outside_its_scope_is_refused_and_nothing_changes(opd_admin, org, period):
    before = nothing_written()

    with pytest.raises(PermissionDenied):
        services.create_formasi(period=period, data=formasi_input(org.disdik), actor=opd_admin)

    assert nothing_written() == before


@pytest.mark.parametrize("persona", ["verifier", "auditor", "applicant", "employee"])
def test_other_roles_cannot_create_formasi(request, org, period, persona):
    user = request.getfixturevalue(persona)
    before = nothing_written()

    with pytest.raises(PermissionDenied):
        services.create_formasi(period=period, data=formasi_input(org.dinkes), actor=user)

    assert nothing_written() == before


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"quota": 0}, {"quota": ["Kuota paling sedikit 1."]}),
        ({"code": "  "}, {"code": ["Kode formasi wajib diisi."]}),
        *[
            (
                {"code": code},
                {
                    "code": [
                        "Kode formasi hanya boleh berisi huruf, angka, titik, garis bawah, garis "
                        "miring dan tanda hubung, dan diawali huruf atau angka (mis. "
                        "DINKES-PRW-01)."
                    ]
                },
            )
            for code in (
                "DINKES PRW 01",
                '-PRW"01',
                "PRW;DROP",
                "FÉ-01",
                "<b>F1</b>",
            )
        ],
        ({"code": "A" * 41}, {"code": ["Kode formasi paling banyak 40 karakter."]}),
        (
            {"min_age": 36, "max_age": 35},
            {"max_age": ["Usia minimal (36) tidak boleh lebih dari usia maksimal (35)."]},
        ),
        (
            {"min_age": 41},
            {"max_age": ["Usia minimal (41) tidak boleh lebih dari usia maksimal (40)."]},
        ),
        ({"track": "vip"}, {"track": ["Jenis formasi tidak dikenal."]}),
        (
            {"min_gpa": Decimal("4.50")},
            {"min_gpa": ["IPK minimal harus lebih dari 0 dan paling tinggi 4.00."]},
        ),
        ({"education": []}, {"education": ["Pilih paling sedikit satu jenjang pendidikan."]}),
        (
            lambda: {"documents": [DocumentInput(kind("ktp"), is_required=False)]},
            {"documents": ["Tetapkan paling sedikit satu dokumen wajib."]},
        ),
        (
            lambda: {
                "documents": [
                    DocumentInput(kind("ktp"), formats=("exe",)),
                    DocumentInput(kind("ijazah"), formats=(), max_kb=0),
                ]
            },
            {
                "documents": [
                    "KTP: format exe tidak dikenal; pilih dari pdf, jpg, png.",
                    "Ijazah: pilih paling sedikit satu format.",
                    "Ijazah: ukuran maksimal harus 1–10240 KB.",
                ]
            },
        ),
        (
            lambda: {"documents": [DocumentInput(kind("ktp")), DocumentInput(kind("ktp"))]},
            {"documents": ["Dokumen ktp tercantum lebih dari sekali."]},
        ),
    ],
)
def test_create_formasi_refuses_bad_input_and_writes_nothing(
    hr_admin, org, period, overrides, errors
):
    # Document kinds are rows: those cases build their input once the database is there.
    data = formasi_input(org.dinkes, **(overrides() if callable(overrides) else overrides))
    before = nothing_written()

    with pytest.raises(InvalidInputError) as refused:
        services.create_formasi(period=period, data=data, actor=hr_admin)

    assert refused.value.errors == errors
    assert nothing_written() == before


@pytest.mark.parametrize("code", ["dinkes-prw-01", "DINKES/PRW/2026", "F.01_A", "9A"])
def test_formasi_codes_of_letters_digits_and_separators_are_accepted(hr_admin, org, period, code):
    formasi = services.create_formasi(
        period=period, data=formasi_input(org.dinkes, code=code), actor=hr_admin
    )
    assert formasi.code == code.upper()


def test_a_position_of_another_unit_is_refused(hr_admin, org, period):
    position = PositionFactory.create(name="Guru Ahli Pertama", work_unit=org.disdik)

    with pytest.raises(InvalidInputError) as refused:
        services.create_formasi(
            period=period, data=formasi_input(org.dinkes, position=position), actor=hr_admin
        )

    assert refused.value.errors == {
        "position": ["Jabatan 'Guru Ahli Pertama' milik unit kerja lain."]
    }


def test_a_position_of_a_unit_above_is_accepted(hr_admin, org, period):
    position = PositionFactory.create(name="Bidan Terampil", work_unit=org.dinkes)

    formasi = services.create_formasi(
        period=period,
        data=formasi_input(org.dinkes_division, position=position),
        actor=hr_admin,
    )

    assert formasi.position == position


def test_a_code_used_in_the_period_is_a_conflict(hr_admin, org, period):
    FormasiFactory.create(period=period, code="DINKES-PRW-01")
    before = nothing_written()

    with pytest.raises(ConflictError, match="Kode formasi DINKES-PRW-01 sudah dipakai"):
        services.create_formasi(period=period, data=formasi_input(org.dinkes), actor=hr_admin)

    assert nothing_written() == before


def test_no_formasi_in_a_finished_period(hr_admin, org):
    period = SelectionPeriodFactory.create(status="finished")

    with pytest.raises(DomainError, match="Periode seleksi sudah selesai"):
        services.create_formasi(period=period, data=formasi_input(org.dinkes), actor=hr_admin)

    assert Formasi.objects.exists() is False


def test_formasi_may_be_drafted_in_a_draft_period(hr_admin, org):
    period = SelectionPeriodFactory.create(status="draft")

    formasi = services.create_formasi(period=period, data=formasi_input(org.dinkes), actor=hr_admin)

    assert formasi.status == "draft"


# --- batch (import)


def test_batch_writes_all_or_nothing(hr_admin, org, period):
    good = formasi_input(org.dinkes, code="A-1")
    bad = formasi_input(org.dinkes, code="A-2", quota=0)

    with pytest.raises(InvalidInputError):
        services.create_formasi_batch(period=period, items=[good, bad], actor=hr_admin)

    assert nothing_written() == (0, 0, 0, 0)

    created = services.create_formasi_batch(
        period=period,
        items=[formasi_input(org.dinkes, code="A-1"), formasi_input(org.dinkes, code="A-2")],
        actor=hr_admin,
    )
    assert [f.code for f in created] == ["A-1", "A-2"]
    assert AuditEvent.objects.filter(action="recruitment.formasi.created").count() == 2


def test_batch_refuses_a_code_twice(hr_admin, org, period):
    items = [formasi_input(org.dinkes, code="A-1"), formasi_input(org.dinkes, code="a-1")]

    with pytest.raises(ConflictError, match="Kode formasi A-1 muncul dua kali"):
        services.create_formasi_batch(period=period, items=items, actor=hr_admin)

    assert Formasi.objects.exists() is False


# --- update


def test_update_a_draft_replaces_its_requirements_and_records_the_diff(hr_admin, org, period):
    formasi = services.create_formasi(period=period, data=formasi_input(org.dinkes), actor=hr_admin)
    data = formasi_input(
        org.dinkes,
        quota=5,
        position=formasi.position,
        education=[EducationInput(level("D3"), ("Keperawatan",))],
        documents=[DocumentInput(kind("ijazah"), max_kb=500)],
    )

    services.update_formasi(formasi=formasi, data=data, actor=hr_admin)

    formasi.refresh_from_db()
    assert formasi.quota == 5
    assert [r.level.code for r in formasi.education.all()] == ["D3"]
    assert [(d.kind.code, d.max_kb) for d in formasi.documents.all()] == [("ijazah", 500)]
    assert AuditEvent.objects.get(action="recruitment.formasi.updated").changes == {
        "quota": [3, 5],
        "education": [{"S1": ["Keperawatan", "ilmu keperawatan"]}, {"D3": ["Keperawatan"]}],
        "documents": [
            {
                "ijazah": {"formats": ["pdf"], "max_kb": 800, "required": True},
                "ktp": {"formats": ["jpg"], "max_kb": 200, "required": True},
            },
            {"ijazah": {"formats": ["pdf"], "max_kb": 500, "required": True}},
        ],
    }


@pytest.mark.parametrize("status", ["published", "closed"])
def test_edit_after_publish_is_refused(hr_admin, org, period, status):
    formasi = FormasiFactory.create(period=period, work_unit=org.dinkes, status=status, quota=2)
    before = nothing_written()

    with pytest.raises(DomainError, match="Formasi yang sudah diumumkan tidak dapat diubah"):
        services.update_formasi(
            formasi=formasi, data=formasi_input(org.dinkes, quota=9), actor=hr_admin
        )

    formasi.refresh_from_db()
    assert formasi.quota == 2
    assert nothing_written() == before


def test_opd_admin_cannot_edit_formasi_outside_its_scope(opd_admin, org, period):
    formasi = FormasiFactory.create(period=period, work_unit=org.disdik, status="draft", quota=2)
    before = nothing_written()

    with pytest.raises(PermissionDenied):
        services.update_formasi(
            formasi=formasi, data=formasi_input(org.disdik, quota=9), actor=opd_admin
        )

    formasi.refresh_from_db()
    assert formasi.quota == 2
    assert nothing_written() == before


def test_opd_admin_cannot_move_its_formasi_out_of_its_scope(opd_admin, org, period):
    formasi = FormasiFactory.create(period=period, work_unit=org.dinkes, status="draft")
    before = nothing_written()

    with pytest.raises(PermissionDenied):
        services.update_formasi(formasi=formasi, data=formasi_input(org.disdik), actor=opd_admin)

    formasi.refresh_from_db()
    assert formasi.work_unit == org.dinkes
    assert nothing_written() == before


# --- publish and close


def test_publish_then_close(hr_admin, org, period):
    formasi = FormasiFactory.create(period=period, work_unit=org.dinkes, status="draft")

    services.publish_formasi(formasi=formasi, actor=hr_admin)
    formasi.refresh_from_db()
    assert formasi.status == "published"
    assert formasi.published_at is not None

    services.close_formasi(formasi=formasi, actor=hr_admin)
    formasi.refresh_from_db()
    assert formasi.status == "closed"
    assert formasi.closed_at is not None
    changes = AuditEvent.objects.filter(
        target_type="recruitment.formasi", target_id=str(formasi.pk)
    ).order_by("seq")
    assert [(e.action, e.changes) for e in changes] == [
        ("recruitment.formasi.published", {"status": ["draft", "published"]}),
        ("recruitment.formasi.closed", {"status": ["published", "closed"]}),
    ]


def test_publish_in_a_draft_period_is_refused(hr_admin, org):
    formasi = FormasiFactory.create(
        period=SelectionPeriodFactory.create(status="draft"), work_unit=org.dinkes, status="draft"
    )

    with pytest.raises(DomainError, match="hanya dapat diumumkan dalam periode seleksi"):
        services.publish_formasi(formasi=formasi, actor=hr_admin)

    formasi.refresh_from_db()
    assert formasi.status == "draft"
    assert recruitment_events() == 0


@pytest.mark.parametrize(
    ("status", "call", "message"),
    [
        ("published", "publish_formasi", "Hanya formasi berstatus draf"),
        ("closed", "publish_formasi", "Hanya formasi berstatus draf"),
        ("draft", "close_formasi", "Hanya formasi yang sudah diumumkan"),
        ("closed", "close_formasi", "Hanya formasi yang sudah diumumkan"),
    ],
)
def test_publish_and_close_refuse_the_wrong_state(hr_admin, org, period, status, call, message):
    formasi = FormasiFactory.create(period=period, work_unit=org.dinkes, status=status)

    with pytest.raises(DomainError, match=message):
        getattr(services, call)(formasi=formasi, actor=hr_admin)

    formasi.refresh_from_db()
    assert formasi.status == status
    assert recruitment_events() == 0


@pytest.mark.parametrize(
    ("seen", "now", "call", "message"),
    [
        ("draft", "published", "publish_formasi", "Hanya formasi berstatus draf"),
        ("published", "closed", "close_formasi", "Hanya formasi yang sudah diumumkan"),
        ("draft", "published", "update_formasi", "Formasi yang sudah diumumkan tidak dapat"),
    ],
)
def test_the_status_is_read_again_under_a_lock_not_from_a_stale_page(
    hr_admin, org, period, seen, now, call, message
):
    # given: a page loaded the formasi; meanwhile another admin changed its status
    formasi = FormasiFactory.create(period=period, work_unit=org.dinkes, status=seen, quota=2)
    Formasi.objects.filter(pk=formasi.pk).update(status=now)
    assert formasi.status == seen
    kwargs = {"formasi": formasi, "actor": hr_admin}
    if call == "update_formasi":
        kwargs["data"] = formasi_input(org.dinkes, quota=9)
    before = nothing_written()
    # when / then
    with pytest.raises(DomainError, match=message):
        getattr(services, call)(**kwargs)
    formasi = Formasi.objects.get(pk=formasi.pk)
    assert (formasi.status, formasi.quota) == (now, 2)
    assert nothing_written() == before


def test_publishing_updates_the_callers_object(hr_admin, org, period):
    formasi = FormasiFactory.create(period=period, work_unit=org.dinkes, status="draft")
    returned = services.publish_formasi(formasi=formasi, actor=hr_admin)
    assert (returned.status, formasi.status) == ("published", "published")


def test_publish_needs_education_and_a_required_document(hr_admin, org, period):
    bare = FormasiFactory.create(
        period=period, work_unit=org.dinkes, status="draft", requirements=False
    )

    with pytest.raises(DomainError, match="belum memiliki kualifikasi pendidikan"):
        services.publish_formasi(formasi=bare, actor=hr_admin)
    FormasiEducation.objects.create(formasi=bare, level=level("S1"))
    with pytest.raises(DomainError, match="belum memiliki dokumen wajib"):
        services.publish_formasi(formasi=bare, actor=hr_admin)

    bare.refresh_from_db()
    assert bare.status == "draft"
    assert recruitment_events() == 0


@pytest.mark.parametrize("call", ["publish_formasi", "close_formasi"])
def test_opd_admin_cannot_publish_or_close(opd_admin, org, period, call):
    status = "draft" if call == "publish_formasi" else "published"
    formasi = FormasiFactory.create(period=period, work_unit=org.dinkes, status=status)
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        getattr(services, call)(formasi=formasi, actor=opd_admin)

    formasi.refresh_from_db()
    assert formasi.status == status
    assert AuditEvent.objects.count() == before
