"""Catalogue pages: who may open and change what (404 for what the account may not see, 403 for
what it sees but may not change), the forms reaching the services with their messages, and the
import, the template and the configuration pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.tests.factories import PositionFactory
from simerit.training.models import (
    Competency,
    EmployeeCompetency,
    LeadershipRule,
    PositionCompetency,
    Programme,
    TrainingYear,
)
from simerit.training.tests.factories import (
    CompetencyFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    TrainingClassFactory,
)
from simerit.training.tests.factories_catalogue import assess, workbook

pytestmark = pytest.mark.django_db


def programme_form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "tek-arsip-01",
        "name": "Arsip Digital",
        "kind": "teknis",
        "jp": "12,5",
        "provider": "ANRI",
        "mode": "daring",
        "description": "",
        "indicators": [],
    }
    data.update(changes)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- the catalogue


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("training:catalogue"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_employee_browses_active_programmes_with_filters_and_pages(client, employee):
    for number in range(21):
        ProgrammeFactory.create(name=f"Program {number:02d}")
    ProgrammeFactory.create(name="Program lama", is_active=False)
    client.force_login(employee)

    first = client.get(reverse("training:catalogue"))
    second = client.get(reverse("training:catalogue"), {"page": 2})
    searched = client.get(reverse("training:catalogue"), {"q": "program 07", "active": "0"})

    assert first.status_code == 200
    assert len(first.context["page_obj"].object_list) == 20
    assert [p.name for p in second.context["page_obj"].object_list] == ["Program 20"]
    assert [p.name for p in searched.context["page_obj"].object_list] == ["Program 07"]
    assert "active" not in first.context["form"].fields
    assert b'data-testid="programme-create"' not in first.content


def test_the_empty_catalogue_says_so(client, hr_admin):
    client.force_login(hr_admin)

    response = client.get(reverse("training:catalogue"))

    assert b'data-testid="empty-state"' in response.content
    assert b'data-testid="programme-create"' in response.content


def test_programme_detail_lists_open_classes_with_seats_left(client, employee):
    programme = ProgrammeFactory.create(name="Arsip Digital", jp=Decimal("12.5"))
    full = TrainingClassFactory.create(programme=programme, name="Penuh", capacity=1)
    EnrolmentFactory.create(training_class=full, employee=Employee.objects.get(user=employee))
    TrainingClassFactory.create(programme=programme, name="Longgar", capacity=30)
    TrainingClassFactory.create(programme=programme, name="Draf", status="draft")
    client.force_login(employee)

    response = client.get(reverse("training:programme-detail", args=[programme.pk]))

    assert response.status_code == 200
    rows = {c.name: c.seats_left for c in response.context["classes"]}
    assert rows == {"Penuh": 0, "Longgar": 30}
    assert "Penuh" in response.content.decode()
    assert "30 dari 30" in response.content.decode()
    assert b"programme-edit" not in response.content
    html = response.content.decode()
    assert 'data-testid="programme-jp">12,5 JP<' in html
    for training_class in response.context["classes"]:
        href = reverse("training:class-detail", args=[training_class.pk])
        assert f'<a href="{href}">{training_class.name}</a>' in html


def test_jp_is_written_the_same_on_the_list_the_detail_and_the_settings(client, hr_admin):
    programme = ProgrammeFactory.create(name="Latsar", jp=Decimal("24.0"))
    TrainingYear.objects.create(
        year=2027,
        minimum_jp=Decimal("20.0"),
        max_jp_per_day=Decimal("7.5"),
        reminders_from=dt.date(2027, 10, 1),
    )
    client.force_login(hr_admin)

    listing = client.get(reverse("training:catalogue")).content.decode()
    detail = client.get(reverse("training:programme-detail", args=[programme.pk])).content
    settings_page = client.get(reverse("training:settings")).content.decode()

    assert '<td class="text-end">24</td>' in listing
    assert b'data-testid="programme-jp">24 JP<' in detail
    assert '<td class="text-end">20</td>' in settings_page
    assert '<td class="text-end">7,5</td>' in settings_page


def test_the_admin_opd_sees_the_classes_of_its_opd_and_each_links_to_the_class_page(
    client, opd_admin, org
):
    programme = ProgrammeFactory.create()
    dinkes = TrainingClassFactory.create(programme=programme, name="Dinkes", work_unit=org.dinkes)
    TrainingClassFactory.create(programme=programme, name="Disdik", work_unit=org.disdik)
    client.force_login(opd_admin)

    response = client.get(reverse("training:programme-detail", args=[programme.pk]))

    assert [c.name for c in response.context["classes"]] == ["Dinkes"]
    href = reverse("training:class-detail", args=[dinkes.pk])
    assert f'<a href="{href}">Dinkes</a>' in response.content.decode()


def test_an_inactive_programme_is_404_for_employees_and_visible_to_the_auditor(
    client, employee, auditor
):
    programme = ProgrammeFactory.create(is_active=False)
    url = reverse("training:programme-detail", args=[programme.pk])

    client.force_login(employee)
    hidden = client.get(url)
    edit_hidden = client.get(reverse("training:programme-edit", args=[programme.pk]))
    client.force_login(auditor)
    shown = client.get(url)

    assert (hidden.status_code, edit_hidden.status_code, shown.status_code) == (404, 404, 200)
    assert b'data-testid="inactive"' in shown.content


def test_an_inactive_programme_opens_for_a_participant_of_one_of_its_classes(client, employee):
    programme = ProgrammeFactory.create()
    EnrolmentFactory.create(
        training_class=TrainingClassFactory.create(programme=programme),
        employee=Employee.objects.get(user=employee),
    )
    programme.is_active = False
    programme.save(update_fields=["is_active"])
    client.force_login(employee)

    response = client.get(reverse("training:programme-detail", args=[programme.pk]))

    assert response.status_code == 200
    assert b'data-testid="inactive"' in response.content
    assert b"programme-edit" not in response.content


def test_hr_adds_a_programme_through_the_form(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(reverse("training:programme-create"), programme_form())

    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:programme-detail", args=[programme.pk])
    assert (programme.code, programme.jp, programme.mode) == (
        "TEK-ARSIP-01",
        Decimal("12.5"),
        "daring",
    )
    assert AuditEvent.objects.filter(action="training.programme.created").count() == 1


@pytest.mark.parametrize(
    ("jp", "message"),
    [
        ("-5", "JP tidak boleh negatif; isi 0,5 sampai 999,9 JP."),
        ("0", "JP tidak boleh nol; isi 0,5 sampai 999,9 JP."),
        ("100000", "JP sebesar itu tidak masuk akal"),
    ],
)
def test_the_form_shows_the_jp_message_and_saves_nothing(client, hr_admin, jp, message):
    client.force_login(hr_admin)

    response = client.post(reverse("training:programme-create"), programme_form(jp=jp))

    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors["jp"])
    assert Programme.objects.exists() is False
    assert AuditEvent.objects.exists() is False


@pytest.mark.parametrize("persona", ["auditor", "employee", "supervisor", "opd_admin"])
def test_only_hr_opens_the_programme_forms(client, request, persona):
    programme = ProgrammeFactory.create(name="Asli")
    client.force_login(request.getfixturevalue(persona))
    audit_rows = AuditEvent.objects.count()

    create = client.post(reverse("training:programme-create"), programme_form())
    edit = client.post(
        reverse("training:programme-edit", args=[programme.pk]), programme_form(name="Baru")
    )
    deactivate = client.post(reverse("training:programme-deactivate", args=[programme.pk]))

    assert (create.status_code, edit.status_code, deactivate.status_code) == (403, 403, 403)
    programme.refresh_from_db()
    assert (Programme.objects.count(), programme.name, programme.is_active) == (1, "Asli", True)
    assert AuditEvent.objects.count() == audit_rows


def test_hr_edits_a_programme(client, hr_admin):
    programme = ProgrammeFactory.create(code="TEK-ARSIP-01")
    client.force_login(hr_admin)

    page = client.get(reverse("training:programme-edit", args=[programme.pk]))
    saved = client.post(
        reverse("training:programme-edit", args=[programme.pk]),
        programme_form(name="Arsip Digital Lanjut", indicators=["1"]),
    )

    assert page.status_code == 200
    assert saved.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Arsip Digital Lanjut"


def test_deactivate_shows_the_refusal_while_a_class_is_open(client, hr_admin):
    programme = ProgrammeFactory.create()
    TrainingClassFactory.create(programme=programme)
    client.force_login(hr_admin)

    refused = client.post(
        reverse("training:programme-deactivate", args=[programme.pk]), follow=True
    )
    not_post = client.get(reverse("training:programme-deactivate", args=[programme.pk]))

    assert messages_of(refused)[0].startswith("Program ini masih memiliki 1 kelas")
    assert not_post.status_code == 405
    programme.refresh_from_db()
    assert programme.is_active is True


def test_hr_deactivates_then_reactivates(client, hr_admin):
    programme = ProgrammeFactory.create(code="TEK-9")
    client.force_login(hr_admin)

    off = client.post(reverse("training:programme-deactivate", args=[programme.pk]), follow=True)
    programme.refresh_from_db()
    assert programme.is_active is False
    on = client.post(reverse("training:programme-activate", args=[programme.pk]), follow=True)
    programme.refresh_from_db()

    assert programme.is_active is True
    assert messages_of(off) == [
        "Program TEK-9 dinonaktifkan; program tidak lagi tampil di katalog pegawai."
    ]
    assert messages_of(on) == ["Program TEK-9 diaktifkan kembali."]


# --- the competency dictionary


def test_the_dictionary_is_for_hr_auditor_and_admin_opd(client, employee, supervisor, auditor):
    CompetencyFactory.create(code="K001")
    url = reverse("training:competency-list")

    client.force_login(employee)
    assert client.get(url).status_code == 403
    client.force_login(supervisor)
    assert client.get(url).status_code == 403
    client.force_login(auditor)
    response = client.get(url)

    assert response.status_code == 200
    assert b'data-testid="competency-K001"' in response.content
    assert b"Tambah kompetensi" not in response.content


def test_hr_adds_a_competency_and_the_auditor_cannot(client, hr_admin, auditor):
    url = reverse("training:competency-list")
    data = {"code": "k001", "name": "Integritas", "kind": "manajerial"}

    client.force_login(auditor)
    denied = client.post(url, data)
    assert (denied.status_code, Competency.objects.count()) == (403, 0)
    client.force_login(hr_admin)
    added = client.post(url, data)
    duplicate = client.post(url, data)

    assert added.status_code == 302
    assert Competency.objects.get().code == "K001"
    assert duplicate.status_code == 422
    assert duplicate.context["form"].errors["code"] == [
        "Kode kompetensi K001 sudah dipakai oleh kompetensi lain."
    ]


def test_hr_edits_and_deletes_a_competency(client, hr_admin):
    competency = CompetencyFactory.create(code="K001", name="Lama")
    client.force_login(hr_admin)

    edited = client.post(
        reverse("training:competency-edit", args=[competency.pk]),
        {"code": "K001", "name": "Baru", "kind": "teknis"},
    )
    deleted = client.post(reverse("training:competency-delete", args=[competency.pk]))

    assert (edited.status_code, deleted.status_code) == (302, 302)
    assert Competency.objects.exists() is False


def test_hr_sets_a_position_requirement_and_the_auditor_only_reads(client, hr_admin, auditor):
    position = PositionFactory.create(name="Arsiparis")
    competency = CompetencyFactory.create(code="K005")
    url = reverse("training:position-competencies", args=[position.pk])
    data = {"competency": competency.pk, "required_level": "3"}

    client.force_login(auditor)
    read = client.get(url)
    denied = client.post(url, data)
    client.force_login(hr_admin)
    saved = client.post(url, data)
    bad = client.post(url, {"competency": competency.pk, "required_level": "9"})
    listing = client.get(reverse("training:position-list"), {"q": "arsip"})

    assert (read.status_code, denied.status_code, saved.status_code) == (200, 403, 302)
    assert bad.status_code == 422
    assert PositionCompetency.objects.get().required_level == 3
    assert [p.requirement_count for p in listing.context["page_obj"].object_list] == [1]


# --- an employee's competencies


def test_the_employee_sees_their_own_profile_without_a_form(client, employee):
    client.force_login(employee)

    redirect = client.get(reverse("training:my-competencies"))
    page = client.get(redirect["Location"])

    own = Employee.objects.get(user=employee)
    assert redirect["Location"] == reverse("training:employee-competencies", args=[own.pk])
    assert page.status_code == 200
    assert page.context["is_own"] is True
    assert b"Catat hasil asesmen" not in page.content


def test_my_competencies_is_404_without_an_employee_record(client, hr_admin):
    client.force_login(hr_admin)

    assert client.get(reverse("training:my-competencies")).status_code == 404


def test_a_supervisor_sees_the_team_member_but_may_not_record(client, supervisor, employee):
    member = Employee.objects.get(user=employee)
    competency = CompetencyFactory.create()
    url = reverse("training:employee-competencies", args=[member.pk])
    client.force_login(supervisor)
    audit_rows = AuditEvent.objects.count()

    page = client.get(url)
    denied = client.post(
        url, {"competency": competency.pk, "level": "3", "assessed_on": "2026-08-01"}
    )

    assert (page.status_code, denied.status_code) == (200, 403)
    assert EmployeeCompetency.objects.exists() is False
    assert AuditEvent.objects.count() == audit_rows


def test_an_employee_outside_the_view_is_404(client, supervisor, opd_admin, other_opd_employee):
    url = reverse("training:employee-competencies", args=[other_opd_employee.pk])

    for user in (supervisor, opd_admin):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_the_admin_opd_records_a_level_and_sees_the_service_message(client, opd_admin, employee):
    member = Employee.objects.get(user=employee)
    competency = CompetencyFactory.create(code="K007")
    url = reverse("training:employee-competencies", args=[member.pk])
    client.force_login(opd_admin)

    future = client.post(
        url, {"competency": competency.pk, "level": "3", "assessed_on": "2026-12-01"}
    )
    saved = client.post(
        url,
        {"competency": competency.pk, "level": "3", "assessed_on": "2026-08-01", "source": "AC"},
    )

    assert future.status_code == 422
    assert future.context["form"].errors["assessed_on"] == [
        "Tanggal asesmen tidak boleh di masa depan (hari ini 28 November 2026)."
    ]
    assert saved.status_code == 302
    row = EmployeeCompetency.objects.get()
    assert (row.level, row.assessed_on, row.source) == (3, dt.date(2026, 8, 1), "AC")


@pytest.fixture
def hr_employee(hr_admin, org) -> Employee:
    """Admin BKPSDM's own employee record (BKPSDM staff are civil servants too)."""
    return EmployeeFactory.create(user=hr_admin, work_unit=org.root, name="Admin Berpegawai")


def test_hr_may_not_record_or_delete_their_own_levels(client, hr_admin, hr_employee):
    competency = CompetencyFactory.create(code="K009")
    kept = assess(
        hr_employee, CompetencyFactory.create(code="K010"), level=2, on=dt.date(2026, 1, 5)
    )
    url = reverse("training:employee-competencies", args=[hr_employee.pk])
    client.force_login(hr_admin)
    audit_rows = AuditEvent.objects.count()

    page = client.get(url)
    denied = client.post(
        url, {"competency": competency.pk, "level": "5", "assessed_on": "2026-08-01"}
    )
    delete_denied = client.post(reverse("training:assessment-delete", args=[kept.pk]))

    assert (page.status_code, denied.status_code, delete_denied.status_code) == (200, 403, 403)
    assert page.context["can_assess"] is False
    assert b"Catat hasil asesmen" not in page.content
    assert (
        "Anda tidak dapat mengisi atau menghapus level kompetensi Anda sendiri; minta Admin "
        "BKPSDM atau Admin OPD lain yang berwenang mengisinya."
    ) in page.content.decode()
    assert list(EmployeeCompetency.objects.values_list("competency__code", "level")) == [
        ("K010", 2)
    ]
    assert AuditEvent.objects.count() == audit_rows


def test_deleting_an_assessment_needs_an_assessor(client, hr_admin, supervisor, employee):
    row = assess(
        Employee.objects.get(user=employee),
        CompetencyFactory.create(),
        level=2,
        on=dt.date(2026, 1, 5),
    )
    url = reverse("training:assessment-delete", args=[row.pk])

    client.force_login(supervisor)
    denied = client.post(url)
    assert EmployeeCompetency.objects.count() == 1
    client.force_login(hr_admin)
    deleted = client.post(url)

    assert (denied.status_code, deleted.status_code) == (403, 302)
    assert EmployeeCompetency.objects.exists() is False


def test_the_employee_list_shows_whom_the_account_may_see(client, supervisor, employee):
    client.force_login(supervisor)

    response = client.get(reverse("training:competency-employees"))

    names = sorted(e.name for e in response.context["page_obj"].object_list)
    assert names == ["Kepala Bidang", "Pegawai Uji"]


# --- the import


def test_the_admin_opd_imports_a_workbook(client, opd_admin, employee):
    member = Employee.objects.get(user=employee)
    CompetencyFactory.create(code="K001")
    client.force_login(opd_admin)
    upload = SimpleUploadedFile(
        "level.xlsx", workbook([[member.nip, "K001", 3, "15-08-2026", "AC"]])
    )

    response = client.post(reverse("training:assessment-import"), {"file": upload}, follow=True)

    assert messages_of(response) == ["1 level kompetensi diimpor (1 baru, 0 diperbarui)."]
    assert EmployeeCompetency.objects.get().level == 3


def test_an_import_with_a_bad_row_shows_the_report_and_saves_nothing(client, hr_admin, employee):
    member = Employee.objects.get(user=employee)
    client.force_login(hr_admin)
    upload = SimpleUploadedFile("level.xlsx", workbook([[member.nip, "K404", 3, "15-08-2026", ""]]))

    response = client.post(reverse("training:assessment-import"), {"file": upload})

    assert response.status_code == 422
    assert b'data-testid="import-report"' in response.content
    assert "Kode kompetensi &#x27;K404&#x27; tidak dikenal." in response.content.decode()
    assert EmployeeCompetency.objects.exists() is False


def test_the_import_pages_are_for_assessors_only(client, auditor, supervisor, hr_admin):
    for user in (auditor, supervisor):
        client.force_login(user)
        assert client.get(reverse("training:assessment-import")).status_code == 403
        assert client.get(reverse("training:assessment-import-template")).status_code == 403
    client.force_login(hr_admin)

    template = client.get(reverse("training:assessment-import-template"))

    assert template.status_code == 200
    assert template["Content-Disposition"] == (
        'attachment; filename="templat-impor-level-kompetensi.xlsx"'
    )


# --- configuration


def test_the_auditor_reads_the_settings_and_may_not_change_them(client, auditor):
    client.force_login(auditor)
    rule = LeadershipRule.objects.get(position_kind="pengawas")

    page = client.get(reverse("training:settings"))
    denied = client.post(
        reverse("training:settings"),
        {"year": "2027", "minimum_jp": "20", "max_jp_per_day": "10"},
    )
    rule_denied = client.post(
        reverse("training:settings-rule-edit", args=[rule.pk]),
        {"programme_kind": "pka", "months_to_complete": "6"},
    )

    assert (page.status_code, denied.status_code, rule_denied.status_code) == (200, 403, 403)
    assert b'data-testid="rule-pengawas"' in page.content
    assert TrainingYear.objects.exists() is False
    rule.refresh_from_db()
    assert (rule.programme_kind, rule.months_to_complete) == ("pkp", 12)
    assert AuditEvent.objects.exists() is False


def test_employees_do_not_open_the_settings(client, employee):
    client.force_login(employee)

    assert client.get(reverse("training:settings")).status_code == 403


def test_hr_sets_a_year_and_changes_a_rule(client, hr_admin):
    client.force_login(hr_admin)
    rule = LeadershipRule.objects.get(position_kind="jpt_pratama")

    created = client.post(
        reverse("training:settings"),
        {"year": "2027", "minimum_jp": "24,5", "max_jp_per_day": "8", "reminders_from": ""},
    )
    bad = client.post(
        reverse("training:settings"),
        {"year": "2028", "minimum_jp": "-1", "max_jp_per_day": "8"},
    )
    year = TrainingYear.objects.get()
    edited = client.post(
        reverse("training:settings-year-edit", args=[year.pk]),
        {"minimum_jp": "20", "max_jp_per_day": "8", "reminders_from": "2027-11-01"},
    )
    changed = client.post(
        reverse("training:settings-rule-edit", args=[rule.pk]),
        {"programme_kind": "pkn2", "months_to_complete": "24"},
    )

    assert (created.status_code, bad.status_code, edited.status_code) == (302, 422, 302)
    assert bad.context["form"].errors["minimum_jp"] == ["JP minimum per tahun harus lebih dari 0."]
    year.refresh_from_db()
    assert (year.year, year.minimum_jp, year.reminders_from) == (
        2027,
        Decimal("20.0"),
        dt.date(2027, 11, 1),
    )
    assert changed.status_code == 302
    rule.refresh_from_db()
    assert rule.months_to_complete == 24
