"""/api/v1/recruitment/formasi/ and /eligibility: public (no login), filters, detail, errors."""

import pytest
from django.test import Client

from simerit.recruitment.tests.factories import (
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
    open_windows,
)

API = "/api/v1/recruitment"


@pytest.fixture
def period(db):
    period = SelectionPeriodFactory.create(name="Seleksi CASN 2026")
    open_windows(period)
    return period


@pytest.fixture
def nurse(org, period):
    return FormasiFactory.create(
        period=period, code="DINKES-01", work_unit=org.dinkes, position__name="Perawat Ahli"
    )


@pytest.fixture
def teacher(org, period):
    return FormasiFactory.create(
        period=period, code="DISDIK-01", work_unit=org.disdik, position__name="Guru Kelas"
    )


def person(**overrides):
    body = {"birth_date": "1991-04-01", "education_level": "S1", "major": "Keperawatan"}
    body.update(overrides)
    return body


def post(client, body, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    url = f"{API}/eligibility" + (f"?{query}" if query else "")
    return client.post(url, body, content_type="application/json")


# --- list


def test_anonymous_list_with_counts(client, period, nurse, teacher):
    FormasiFactory.create(period=period, code="DRAFT-01", status="draft")
    ApplicationFactory.create(formasi=nurse, status="submitted")
    ApplicationFactory.create(formasi=nurse, status="draft")

    response = client.get(f"{API}/formasi/")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    first = body["items"][0]
    assert first == {
        "id": nurse.pk,
        "code": "DINKES-01",
        "period_id": period.pk,
        "position": {"id": nurse.position_id, "name": "Perawat Ahli"},
        "work_unit": {"id": nurse.work_unit_id, "name": "Dinas Kesehatan"},
        "quota": 2,
        "track": "umum",
        "track_name": "Umum",
        "status": "published",
        "min_age": 18,
        "max_age": 35,
        "age_reference_date": "2026-08-01",
        "min_gpa": None,
        "education": [{"level": "S1", "level_name": "Sarjana (S-1)", "majors": ["Keperawatan"]}],
        "applicants": {"submitted": 1, "drafts": 1},
    }


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ("search=guru", ["DISDIK-01"]),
        ("education_level=S1&track=umum", ["DINKES-01", "DISDIK-01"]),
        ("track=cumlaude", []),
        ("page_size=1&page=2", ["DISDIK-01"]),
    ],
)
def test_list_filters(client, period, nurse, teacher, params, codes):
    body = client.get(f"{API}/formasi/?{params}").json()
    assert [item["code"] for item in body["items"]] == codes


def test_list_filters_by_unit_subtree(client, org, period, nurse, teacher):
    body = client.get(f"{API}/formasi/?unit={org.dinkes.pk}").json()
    assert [item["code"] for item in body["items"]] == ["DINKES-01"]


def test_list_of_another_public_period(client, period, nurse):
    old = SelectionPeriodFactory.create(status="finished", year=2024)
    FormasiFactory.create(period=old, code="LAMA-01", status="closed")

    body = client.get(f"{API}/formasi/?period={old.pk}").json()

    assert [item["code"] for item in body["items"]] == ["LAMA-01"]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ("unit=9999", [{"field": "unit", "message": "Unit kerja dengan id 9999 tidak ada."}]),
        ("page=0", [{"field": "page", "message": "Paling kecil 1."}]),
        (
            "track=vip",
            [
                {
                    "field": "track",
                    "message": "Harus salah satu dari: 'umum', 'cumlaude', 'disabilitas', "
                    "'putra_putri_daerah', 'diaspora' atau 'eks_thk2'.",
                }
            ],
        ),
    ],
)
def test_list_bad_parameters_are_422_in_the_error_shape(client, period, params, errors):
    response = client.get(f"{API}/formasi/?{params}")

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Data yang dikirim tidak valid."
    assert body["errors"] == errors


def test_a_draft_period_is_not_listed(client, db):
    hidden = SelectionPeriodFactory.create(status="draft")
    FormasiFactory.create(period=hidden)

    assert client.get(f"{API}/formasi/").json() == {
        "items": [],
        "count": 0,
        "page": 1,
        "pages": 1,
    }
    response = client.get(f"{API}/formasi/?period={hidden.pk}")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "period",
            "message": f"Periode dengan id {hidden.pk} tidak ada atau belum diumumkan.",
        }
    ]


def test_list_is_a_fixed_number_of_queries(client, period, nurse, django_assert_num_queries):
    for n in range(10):
        ApplicationFactory.create(
            formasi=FormasiFactory.create(period=period, code=f"X-{n}"), status="submitted"
        )

    # periods, count, page, education, applicant counts
    with django_assert_num_queries(5):
        assert client.get(f"{API}/formasi/").status_code == 200


# --- detail


def test_detail_is_public_with_plain_requirements_and_timeline(client, period, nurse):
    response = client.get(f"{API}/formasi/{nurse.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {
        "id": period.pk,
        "name": "Seleksi CASN 2026",
        "kind": "cpns",
        "year": 2026,
        "status": "published",
    }
    assert body["documents"] == [
        {
            "kind": "ijazah",
            "name": "Ijazah",
            "formats": ["pdf"],
            "max_kb": 800,
            "is_required": True,
        },
        {"kind": "ktp", "name": "KTP", "formats": ["jpg"], "max_kb": 200, "is_required": True},
    ]
    assert body["requirements"]["education"] == ["Sarjana (S-1), program studi Keperawatan."]
    assert [(s["stage"], s["state"]) for s in body["timeline"]][:2] == [
        ("registration", "current"),
        ("verification", "next"),
    ]


@pytest.mark.parametrize(
    ("period_status", "status"), [("published", "draft"), ("draft", "published")]
)
def test_detail_of_an_unpublished_formasi_is_404(client, db, period_status, status):
    hidden = FormasiFactory.create(
        period=SelectionPeriodFactory.create(status=period_status), status=status
    )

    response = client.get(f"{API}/formasi/{hidden.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found", "errors": []}


# --- eligibility


def test_eligibility_of_given_formasi(client, period, nurse, teacher):
    response = post(client, person(formasi_ids=[nurse.pk]))

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "formasi_id": nurse.pk,
                "code": "DINKES-01",
                "eligible": False,
                "failures": [
                    {
                        "code": "age_max",
                        "message": "Usia Anda pada 1 Agustus 2026 adalah 35 tahun 4 bulan; "
                        "batas usia 35 tahun.",
                    }
                ],
            }
        ],
        "count": 1,
        "page": 1,
        "pages": 1,
    }


def test_eligibility_of_the_current_period_page_by_page(client, period, nurse, teacher):
    response = post(client, person(birth_date="1998-03-03", gpa="3.5"), page_size=1, page=2)

    body = response.json()
    assert (body["count"], body["pages"]) == (2, 2)
    assert body["items"] == [
        {"formasi_id": teacher.pk, "code": "DISDIK-01", "eligible": True, "failures": []}
    ]


def test_eligibility_with_a_stated_track(client, period):
    special = FormasiFactory.create(period=period, track="cumlaude")

    body = post(client, person(birth_date="1998-03-03", track="umum")).json()

    assert body["items"][0]["formasi_id"] == special.pk
    assert body["items"][0]["failures"] == [
        {"code": "track", "message": "Formasi ini khusus untuk pelamar jalur Lulusan cumlaude."}
    ]


def test_eligibility_needs_no_login_and_no_csrf(db, period, nurse):
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, person()).status_code == 200


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            person(birth_date="kemarin"),
            "birth_date",
            "Harus berupa tanggal dengan format TTTT-BB-HH.",
        ),
        (person(education_level="XYZ"), "education_level", "Jenjang 'XYZ' tidak dikenal."),
        (person(gpa="5"), "gpa", "Paling besar 4."),
        (person(nik="1671"), "nik", "Kolom ini tidak dikenal."),
        ({"education_level": "S1"}, "birth_date", "Wajib diisi."),
    ],
)
def test_eligibility_bad_input_is_422_in_the_error_shape(client, period, body, field, message):
    response = post(client, body)

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": field, "message": message}]


def test_eligibility_refuses_unpublished_formasi_ids(client, period, nurse):
    draft = FormasiFactory.create(period=period, status="draft")

    response = post(client, person(formasi_ids=[nurse.pk, draft.pk, 99999]))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "formasi_ids",
            "message": f"Formasi berikut tidak ada atau belum diumumkan: {draft.pk}, 99999.",
        }
    ]


def test_eligibility_refuses_more_than_a_hundred_ids(client, period):
    response = post(client, person(formasi_ids=list(range(1, 102))))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "formasi_ids"


def test_the_routes_are_documented_as_public(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    for path, method in (
        ("/api/v1/recruitment/formasi/", "get"),
        ("/api/v1/recruitment/formasi/{formasi_id}", "get"),
        ("/api/v1/recruitment/eligibility", "post"),
    ):
        operation = schema["paths"][path][method]
        assert "security" not in operation, path
        assert operation["summary"].endswith("(publik)")
