"""Formasi admin pages: who sees what (an Admin OPD only its own unit's formasi), 403/404, services."""

import re

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.organization.models import EducationLevel
from simerit.organization.tests.factories import PositionFactory
from simerit.recruitment.models import Formasi
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory

LIST = reverse("recruitment:formasi-admin-list")
CREATE = reverse("recruitment:formasi-create")


def text(response):
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(body.split())


def detail_url(formasi):
    return reverse("recruitment:formasi-admin-detail", args=[formasi.pk])


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create(status="published", name="Seleksi CASN 2026")


@pytest.fixture
def dinkes_formasi(org, period):
    return FormasiFactory.create(
        period=period, code="DINKES-01", work_unit=org.dinkes_division, status="draft"
    )


@pytest.fixture
def disdik_formasi(org, period):
    return FormasiFactory.create(period=period, code="DISDIK-01", work_unit=org.disdik)


def form_data(unit, position, **overrides):
    data = {
        "code": "DINKES-02",
        "position": position.pk,
        "work_unit": unit.pk,
        "quota": "2",
        "track": "umum",
        "entry_golongan": "",
        "min_age": "",
        "max_age": "",
        "age_reference_date": "",
        "min_gpa": "3,00",
        "extra_requirements": "Memiliki STR.",
        "edu_S1": "on",
        "edu_S1_majors": "Keperawatan\nIlmu Keperawatan",
        "doc_ktp": "on",
        "doc_ktp_formats": ["jpg"],
        "doc_ktp_max_kb": "200",
        "doc_ktp_required": "on",
        "doc_ijazah": "on",
        "doc_ijazah_formats": ["pdf"],
        "doc_ijazah_max_kb": "",
        "doc_ijazah_required": "on",
    }
    data.update(overrides)
    return data


# --- list and detail


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("hr_admin", 200),
        ("opd_admin", 200),
        ("auditor", 403),
        ("verifier", 403),
        ("employee", 403),
        ("applicant", 403),
    ],
)
def test_list_access_per_persona(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == status


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_opd_admin_sees_only_its_own_units_formasi(
    client, opd_admin, dinkes_formasi, disdik_formasi
):
    client.force_login(opd_admin)

    page = text(client.get(LIST))

    assert ("DINKES-01" in page, "DISDIK-01" in page) == (True, False)
    assert "1 formasi ditemukan." in page


def test_hr_admin_sees_every_formasi_and_filters_by_status(
    client, hr_admin, dinkes_formasi, disdik_formasi
):
    client.force_login(hr_admin)

    every = text(client.get(LIST))
    drafts = text(client.get(LIST, {"status": "draft"}))

    assert ("DINKES-01" in every, "DISDIK-01" in every) == (True, True)
    assert ("DINKES-01" in drafts, "DISDIK-01" in drafts) == (True, False)


def test_opd_admin_gets_403_on_another_units_formasi(client, opd_admin, disdik_formasi):
    client.force_login(opd_admin)

    assert client.get(detail_url(disdik_formasi)).status_code == 403
    edit = reverse("recruitment:formasi-edit", args=[disdik_formasi.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"code": "X"}).status_code == 403
    disdik_formasi.refresh_from_db()
    assert disdik_formasi.code == "DISDIK-01"


def test_unknown_formasi_is_404(client, hr_admin):
    client.force_login(hr_admin)
    assert client.get(reverse("recruitment:formasi-admin-detail", args=[999])).status_code == 404


def test_detail_shows_the_public_wording_and_the_hr_actions(client, hr_admin, dinkes_formasi):
    client.force_login(hr_admin)

    response = client.get(detail_url(dinkes_formasi))

    page = text(response)
    assert "Sarjana (S-1), program studi Keperawatan." in page
    assert (
        'action="{}"'.format(reverse("recruitment:formasi-publish", args=[dinkes_formasi.pk]))
        in response.content.decode()
    )


def test_opd_admin_sees_no_publish_button(client, opd_admin, dinkes_formasi):
    client.force_login(opd_admin)

    html = client.get(detail_url(dinkes_formasi)).content.decode()

    assert reverse("recruitment:formasi-publish", args=[dinkes_formasi.pk]) not in html
    assert reverse("recruitment:formasi-edit", args=[dinkes_formasi.pk]) in html


# --- create and edit


def test_create_form_starts_with_the_national_document_defaults(client, hr_admin, period):
    client.force_login(hr_admin)

    form = client.get(CREATE, {"periode": period.pk}).context["form"]

    assert form["doc_ktp"].value() is True
    assert form["doc_ktp_formats"].value() == ["jpg"]
    assert form["doc_ktp_max_kb"].value() == 200
    assert form["doc_str"].value() is False
    assert form["period"].value() == str(period.pk)


def test_opd_admin_creates_a_formasi_in_its_unit(client, opd_admin, org, period):
    client.force_login(opd_admin)
    position = PositionFactory.create(name="Perawat Ahli Pertama")

    response = client.post(CREATE, form_data(org.dinkes, position, period=period.pk))

    formasi = Formasi.objects.get(code="DINKES-02")
    assert response.status_code == 302
    assert response["Location"] == detail_url(formasi)
    assert (formasi.status, formasi.work_unit, str(formasi.min_gpa)) == (
        "draft",
        org.dinkes,
        "3.00",
    )
    assert [r.majors for r in formasi.education.all()] == [["Keperawatan", "Ilmu Keperawatan"]]
    assert sorted((d.kind.code, d.max_kb) for d in formasi.documents.all()) == [
        ("ijazah", 800),
        ("ktp", 200),
    ]
    assert AuditEvent.objects.filter(action="recruitment.formasi.created").count() == 1


def test_opd_admin_cannot_pick_a_unit_outside_its_scope(client, opd_admin, org, period):
    client.force_login(opd_admin)
    position = PositionFactory.create()

    response = client.post(CREATE, form_data(org.disdik, position, period=period.pk))

    assert response.status_code == 200
    assert "work_unit" in response.context["form"].errors
    assert Formasi.objects.exists() is False


def test_service_refusals_show_on_the_form_and_save_nothing(client, hr_admin, org, period):
    client.force_login(hr_admin)
    position = PositionFactory.create()
    data = form_data(org.dinkes, position, period=period.pk, quota="0", min_age="40")
    data.pop("edu_S1")

    response = client.post(CREATE, data)

    form = response.context["form"]
    assert form.errors["quota"] == ["Kuota paling sedikit 1."]
    assert form.errors["max_age"] == [
        "Usia minimal (40) tidak boleh lebih dari usia maksimal (35)."
    ]
    assert form.section_errors["education"] == ["Pilih paling sedikit satu jenjang pendidikan."]
    assert Formasi.objects.exists() is False


def test_edit_a_draft(client, hr_admin, org, dinkes_formasi):
    client.force_login(hr_admin)
    url = reverse("recruitment:formasi-edit", args=[dinkes_formasi.pk])
    data = form_data(org.dinkes_division, dinkes_formasi.position, code="DINKES-01", quota="7")

    response = client.post(url, data)

    assert response.status_code == 302
    dinkes_formasi.refresh_from_db()
    assert dinkes_formasi.quota == 7


def test_edit_after_publish_is_refused_with_a_message(client, hr_admin, org, period):
    formasi = FormasiFactory.create(period=period, work_unit=org.dinkes, quota=2)
    client.force_login(hr_admin)
    url = reverse("recruitment:formasi-edit", args=[formasi.pk])

    response = client.post(url, form_data(org.dinkes, formasi.position, quota="9"), follow=True)

    assert "Formasi yang sudah diumumkan tidak dapat diubah." in text(response)
    formasi.refresh_from_db()
    assert formasi.quota == 2


# --- publish and close


def test_hr_admin_publishes_and_closes(client, hr_admin, dinkes_formasi):
    client.force_login(hr_admin)

    client.post(reverse("recruitment:formasi-publish", args=[dinkes_formasi.pk]))
    dinkes_formasi.refresh_from_db()
    assert dinkes_formasi.status == "published"

    client.post(reverse("recruitment:formasi-close", args=[dinkes_formasi.pk]))
    dinkes_formasi.refresh_from_db()
    assert dinkes_formasi.status == "closed"


def test_publish_in_a_draft_period_shows_the_reason(client, hr_admin, org):
    formasi = FormasiFactory.create(
        period=SelectionPeriodFactory.create(status="draft"), work_unit=org.dinkes, status="draft"
    )
    client.force_login(hr_admin)

    response = client.post(reverse("recruitment:formasi-publish", args=[formasi.pk]), follow=True)

    assert "Formasi hanya dapat diumumkan dalam periode seleksi yang sudah diumumkan." in text(
        response
    )
    formasi.refresh_from_db()
    assert formasi.status == "draft"


@pytest.mark.parametrize("name", ["formasi-publish", "formasi-close"])
def test_opd_admin_cannot_publish_or_close(client, opd_admin, dinkes_formasi, name):
    client.force_login(opd_admin)
    before = AuditEvent.objects.count()

    response = client.post(reverse(f"recruitment:{name}", args=[dinkes_formasi.pk]))

    assert response.status_code == 403
    dinkes_formasi.refresh_from_db()
    assert dinkes_formasi.status == "draft"
    assert AuditEvent.objects.count() == before


def test_publish_is_post_only(client, hr_admin, dinkes_formasi):
    client.force_login(hr_admin)
    url = reverse("recruitment:formasi-publish", args=[dinkes_formasi.pk])
    assert client.get(url).status_code == 405


def test_every_education_level_has_a_row(client, hr_admin, period):
    client.force_login(hr_admin)
    form = client.get(CREATE).context["form"]
    assert [row.level.code for row in form.education_rows()] == list(
        EducationLevel.objects.order_by("rank").values_list("code", flat=True)
    )
