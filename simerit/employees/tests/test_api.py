"""/api/v1/employees/: every persona against every endpoint, then the details of each endpoint."""

import datetime as dt

import pytest

from simerit.accounts import services as account_services
from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee, Gender
from simerit.employees.tests.factories import EmployeeFactory, make_nik, make_nip
from simerit.organization.tests.factories import PositionFactory

URL = "/api/v1/employees/"
BIRTH = dt.date(1985, 6, 15)
TMT_CPNS = dt.date(2010, 3, 1)

PERSONAS = [
    "anonymous",
    "hr_admin",
    "hr_admin_token",
    "opd_admin",
    "supervisor",
    "employee",
    "applicant",
    "verifier",
    "assessor",
    "proctor",
    "auditor",
]


@pytest.fixture
def as_persona(client, request):
    """Log the client in as a persona; "<persona>_token" authenticates with a Bearer token."""

    def login(persona):
        if persona == "anonymous":
            return {}
        name = persona.removesuffix("_token")
        user = request.getfixturevalue(name)
        if persona.endswith("_token"):
            issued = account_services.issue_api_token(user=user, name="uji", actor=user)
            return {"Authorization": f"Bearer {issued.secret}"}
        client.force_login(user)
        return {}

    return login


def new_employee_payload(*, work_unit, serial=1, **overrides):
    payload = {
        "kind": "pns",
        "nip": make_nip(birth_date=BIRTH, tmt_cpns=TMT_CPNS, gender=Gender.MALE, serial=serial),
        "nik": make_nik(birth_date=BIRTH, gender=Gender.MALE, serial=serial),
        "name": "Budi Santoso",
        "birth_place": "Palembang",
        "birth_date": BIRTH.isoformat(),
        "gender": "L",
        "work_unit_id": work_unit.pk,
        "position_id": PositionFactory.create().pk,
        "golongan": "III/a",
        "back_title": "S.Kom.",
        "tmt_cpns": TMT_CPNS.isoformat(),
        "tmt_pns": "2011-03-01",
    }
    return {**payload, **overrides}


def full_payload(employee, **overrides):
    """A PUT body that keeps `employee` as it is."""
    payload = {
        "kind": employee.kind,
        "nip": employee.nip,
        "nik": employee.nik,
        "name": employee.name,
        "birth_place": employee.birth_place,
        "birth_date": employee.birth_date.isoformat(),
        "gender": employee.gender,
        "work_unit_id": employee.work_unit_id,
        "position_id": employee.position_id,
        "golongan": employee.golongan.code,
        "tmt_cpns": employee.tmt_cpns.isoformat(),
        "tmt_pns": employee.tmt_pns.isoformat(),
    }
    return {**payload, **overrides}


@pytest.fixture
def people(org, hr_admin, opd_admin, supervisor, employee, other_opd_employee):
    """The records every matrix case looks at: one in Dinas Kesehatan, one in Dinas Pendidikan."""
    return {
        "dinkes": Employee.objects.get(user=employee),
        "disdik": other_opd_employee,
    }


# --- The matrix: persona × endpoint → status code

ALLOWED_LIST = {"hr_admin", "hr_admin_token", "opd_admin", "supervisor", "employee", "auditor"}
VISIBLE_DINKES = {"hr_admin", "hr_admin_token", "opd_admin", "supervisor", "employee", "auditor"}
VISIBLE_DISDIK = {"hr_admin", "hr_admin_token", "auditor"}
MANAGE_DINKES = {"hr_admin", "hr_admin_token", "opd_admin"}
MANAGE_DISDIK = {"hr_admin", "hr_admin_token"}


def expected(persona, allowed, ok):
    if persona == "anonymous":
        return 401
    return ok if persona in allowed else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_list(client, as_persona, people, persona):
    response = client.get(URL, headers=as_persona(persona))
    assert response.status_code == expected(persona, ALLOWED_LIST, 200)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("target", "allowed"), [("dinkes", VISIBLE_DINKES), ("disdik", VISIBLE_DISDIK)]
)
def test_matrix_detail(client, as_persona, people, persona, target, allowed):
    response = client.get(f"{URL}{people[target].pk}", headers=as_persona(persona))
    assert response.status_code == expected(persona, allowed, 200)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("unit", "allowed"), [("dinkes", MANAGE_DINKES), ("disdik", MANAGE_DISDIK)]
)
def test_matrix_create(client, as_persona, org, people, persona, unit, allowed):
    # given
    headers = as_persona(persona)
    work_unit = org.dinkes_division if unit == "dinkes" else org.disdik
    payload = new_employee_payload(work_unit=work_unit)
    employees, events = Employee.objects.count(), AuditEvent.objects.count()
    # when
    response = client.post(URL, payload, content_type="application/json", headers=headers)
    # then
    status = expected(persona, allowed, 201)
    assert response.status_code == status
    if status == 201:
        assert Employee.objects.count() == employees + 1
        assert AuditEvent.objects.filter(action="employees.employee.created").count() == 1
    else:
        assert Employee.objects.count() == employees
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("method", ["patch", "put"])
@pytest.mark.parametrize(
    ("target", "allowed"), [("dinkes", MANAGE_DINKES), ("disdik", MANAGE_DISDIK)]
)
def test_matrix_update(client, as_persona, people, persona, method, target, allowed):
    # given
    headers = as_persona(persona)
    record = people[target]
    payload = {"back_title": "M.Si."}
    if method == "put":
        payload = full_payload(record, back_title="M.Si.")
    events = AuditEvent.objects.count()
    # when
    send = getattr(client, method)
    response = send(f"{URL}{record.pk}", payload, content_type="application/json", headers=headers)
    # then
    status = expected(persona, allowed, 200)
    assert response.status_code == status, response.json()
    record.refresh_from_db()
    if status == 200:
        assert record.back_title == "M.Si."
        assert AuditEvent.objects.filter(action="employees.employee.updated").count() == 1
    else:
        assert record.back_title == ""
        assert AuditEvent.objects.count() == events


# --- List


def test_list_shows_each_persona_only_what_it_may_see(client, as_persona, people):
    expected_names = {
        "hr_admin": ["Guru Lain", "Kepala Bidang", "Pegawai Uji"],
        "auditor": ["Guru Lain", "Kepala Bidang", "Pegawai Uji"],
        "opd_admin": ["Kepala Bidang", "Pegawai Uji"],
        "supervisor": ["Kepala Bidang", "Pegawai Uji"],
        "employee": ["Pegawai Uji"],
    }
    for persona, names in expected_names.items():
        client.logout()
        body = client.get(URL, headers=as_persona(persona)).json()
        assert [item["name"] for item in body["items"]] == names, persona
        assert (body["count"], body["page"], body["pages"]) == (len(names), 1, 1)


def test_list_item_shape_and_masked_nik(client, as_persona, people):
    record = people["dinkes"]
    body = client.get(URL, {"search": "Pegawai"}, headers=as_persona("opd_admin")).json()
    assert body["items"] == [
        {
            "id": record.pk,
            "kind": "pns",
            "nip": record.nip,
            "nik": record.nik[:4] + "********" + record.nik[12:],
            "name": "Pegawai Uji",
            "display_name": "Pegawai Uji",
            "gender": record.gender,
            "work_unit": {"id": record.work_unit_id, "name": "Bidang Pelayanan Kesehatan"},
            "position": {"id": record.position_id, "name": record.position.name},
            "golongan": {"code": "III/a", "pangkat": "Penata Muda"},
            "is_active": True,
        }
    ]


@pytest.mark.parametrize(("persona", "full"), [("hr_admin", True), ("employee", True)])
def test_list_shows_full_nik_to_those_allowed(client, as_persona, people, persona, full):
    record = people["dinkes"]
    body = client.get(URL, {"search": "Pegawai Uji"}, headers=as_persona(persona)).json()
    assert body["items"][0]["nik"] == record.nik


def test_supervisor_sees_subordinate_nik_masked_and_own_nik_full(client, as_persona, people):
    body = client.get(URL, headers=as_persona("supervisor")).json()
    niks = {item["name"]: item["nik"] for item in body["items"]}
    own = Employee.objects.get(name="Kepala Bidang").nik
    assert niks == {
        "Kepala Bidang": own,
        "Pegawai Uji": people["dinkes"].nik[:4] + "********" + people["dinkes"].nik[12:],
    }


def test_list_filters(client, as_persona, org, people):
    headers = as_persona("hr_admin")
    pppk = EmployeeFactory.create(
        name="Perawat Kontrak", kind="pppk", golongan=None, work_unit=org.dinkes
    )

    def names(**params):
        return [item["name"] for item in client.get(URL, params, headers=headers).json()["items"]]

    assert names(unit=org.dinkes.pk) == ["Kepala Bidang", "Pegawai Uji", "Perawat Kontrak"]
    assert names(unit=org.disdik.pk) == ["Guru Lain"]
    assert names(kind="pppk") == ["Perawat Kontrak"]
    assert names(golongan="III/a", unit=org.dinkes.pk) == ["Kepala Bidang", "Pegawai Uji"]
    assert names(golongan="IV/e") == []
    assert names(search="kontrak") == ["Perawat Kontrak"]
    assert names(search=pppk.nip[:10]) == ["Perawat Kontrak"]


def test_list_paginates(client, as_persona, org, hr_admin):
    EmployeeFactory.create_batch(5, work_unit=org.dinkes)
    headers = as_persona("hr_admin")
    first = client.get(URL, {"page_size": 2}, headers=headers).json()
    last = client.get(URL, {"page_size": 2, "page": 3}, headers=headers).json()
    beyond = client.get(URL, {"page_size": 2, "page": 4}, headers=headers).json()
    assert (len(first["items"]), first["count"], first["page"], first["pages"]) == (2, 5, 1, 3)
    assert (len(last["items"]), last["page"]) == (1, 3)
    assert (beyond["items"], beyond["count"], beyond["pages"]) == ([], 5, 3)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page_size": 101}, "page_size", "Paling besar 100."),
        ({"page_size": 0}, "page_size", "Paling kecil 1."),
        ({"page": 0}, "page", "Paling kecil 1."),
        ({"page": "satu"}, "page", "Harus berupa bilangan bulat."),
        ({"kind": "honorer"}, "kind", "Harus salah satu dari: 'pns', 'cpns' atau 'pppk'."),
        ({"unit": 999999}, "unit", "Unit kerja dengan id 999999 tidak ada."),
    ],
)
def test_list_rejects_bad_parameters(client, as_persona, people, params, field, message):
    response = client.get(URL, params, headers=as_persona("hr_admin"))
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": field, "message": message}]


def test_list_uses_a_fixed_number_of_queries(
    client, as_persona, org, people, django_assert_num_queries
):
    EmployeeFactory.create_batch(30, work_unit=org.dinkes_division)
    headers = as_persona("opd_admin_token")
    # token lookup, last-used write, roles, OPD scope, COUNT, page SELECT: none per row
    with django_assert_num_queries(6):
        response = client.get(URL, {"page_size": 100}, headers=headers)
    assert response.json()["count"] == 32


# --- Detail


def test_detail_shape(client, as_persona, people):
    record = people["dinkes"]
    body = client.get(f"{URL}{record.pk}", headers=as_persona("hr_admin")).json()
    assert body["nik"] == record.nik
    assert body["birth_date"] == record.birth_date.isoformat()
    assert body["supervisor_id"] == Employee.objects.get(name="Kepala Bidang").pk
    assert body["tmt_cpns"] == "2010-03-01"
    assert body["tmt_pns"] == "2011-03-01"
    assert set(body) == {
        "id", "kind", "nip", "nik", "name", "display_name", "gender", "work_unit", "position",
        "golongan", "is_active", "front_title", "back_title", "nip_lama", "birth_place",
        "birth_date", "tmt_cpns", "tmt_pns", "tmt_golongan", "tmt_position", "supervisor_id",
        "nik_needs_review", "nik_review_note", "created_at", "updated_at",
    }  # fmt: skip


def test_detail_of_a_missing_record_is_404(client, as_persona, people):
    response = client.get(f"{URL}999999", headers=as_persona("employee"))
    assert response.status_code == 404


def test_detail_masks_nik_for_auditor(client, as_persona, people):
    record = people["disdik"]
    body = client.get(f"{URL}{record.pk}", headers=as_persona("auditor")).json()
    assert body["nik"] == record.nik[:4] + "********" + record.nik[12:]


# --- Create


def test_create_returns_the_new_record(client, as_persona, org, people):
    payload = new_employee_payload(work_unit=org.dinkes_division)
    response = client.post(
        URL, payload, content_type="application/json", headers=as_persona("opd_admin")
    )
    assert response.status_code == 201
    body = response.json()
    created = Employee.objects.get(pk=body["id"])
    assert (created.nip, created.nik, created.name) == (
        payload["nip"],
        payload["nik"],
        "Budi Santoso",
    )
    assert body["display_name"] == "Budi Santoso, S.Kom."
    assert body["nik"] == payload["nik"][:4] + "********" + payload["nik"][12:]
    assert body["golongan"] == {"code": "III/a", "pangkat": "Penata Muda"}


def test_create_accepts_a_nik_written_with_spaces(client, as_persona, org, people):
    payload = new_employee_payload(work_unit=org.dinkes_division)
    nik = payload["nik"]
    payload["nik"] = f"{nik[:6]} {nik[6:12]} {nik[12:]}"

    response = client.post(
        URL, payload, content_type="application/json", headers=as_persona("hr_admin")
    )

    assert response.status_code == 201
    assert Employee.objects.get(pk=response.json()["id"]).nik == nik


def test_create_marks_a_nik_that_disagrees_with_the_nip(client, as_persona, org, people):
    nik = make_nik(birth_date=BIRTH, gender=Gender.FEMALE, serial=1)
    payload = new_employee_payload(work_unit=org.dinkes_division, nik=nik)

    response = client.post(
        URL, payload, content_type="application/json", headers=as_persona("hr_admin")
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["nik_needs_review"], body["nik_review_note"]) == (
        True,
        "Jenis kelamin pada NIK berbeda dengan jenis kelamin pada NIP.",
    )
    flagged = client.get(URL, {"nik_review": "true"}, headers=as_persona("hr_admin")).json()
    assert [item["id"] for item in flagged["items"]] == [body["id"]]


def test_create_with_rule_violations_is_422_with_every_problem(client, as_persona, org, people):
    payload = new_employee_payload(
        work_unit=org.dinkes, nik="1671011513850001", tmt_pns=None, golongan=None
    )
    employees, events = Employee.objects.count(), AuditEvent.objects.count()
    response = client.post(
        URL, payload, content_type="application/json", headers=as_persona("hr_admin")
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Data yang dikirim tidak valid.",
        "code": "invalid_input",
        "errors": [
            {"field": "nik", "message": "Bulan lahir pada NIK '13' (digit 9–10) tidak valid."},
            {"field": "golongan", "message": "Golongan wajib diisi untuk PNS dan CPNS."},
            {"field": "tmt_pns", "message": "TMT PNS wajib diisi untuk PNS."},
        ],
    }
    assert (Employee.objects.count(), AuditEvent.objects.count()) == (employees, events)


def test_create_with_unknown_references_is_422_on_those_fields(client, as_persona, people):
    payload = new_employee_payload(work_unit=people["dinkes"].work_unit)
    payload.update(work_unit_id=999999, position_id=999998, golongan="V/z", supervisor_id=999997)
    response = client.post(
        URL, payload, content_type="application/json", headers=as_persona("hr_admin")
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "work_unit_id", "message": "Unit kerja dengan id 999999 tidak ada."},
        {"field": "position_id", "message": "Jabatan dengan id 999998 tidak ada."},
        {"field": "golongan", "message": "Golongan 'V/z' tidak dikenal."},
        {"field": "supervisor_id", "message": "Pegawai dengan id 999997 tidak ada."},
    ]


def test_opd_admin_cannot_name_a_supervisor_outside_its_view(client, as_persona, org, people):
    payload = new_employee_payload(work_unit=org.dinkes_division, supervisor_id=people["disdik"].pk)
    employees, events = Employee.objects.count(), AuditEvent.objects.count()
    response = client.post(
        URL, payload, content_type="application/json", headers=as_persona("opd_admin")
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "supervisor_id", "message": f"Pegawai dengan id {people['disdik'].pk} tidak ada."}
    ]
    assert (Employee.objects.count(), AuditEvent.objects.count()) == (employees, events)


def test_opd_admin_cannot_give_a_position_of_another_opd(client, as_persona, org, people):
    # given: a jabatan of Dinas Pendidikan, and an id that does not exist
    foreign = PositionFactory.create(name="Guru Ahli Pertama", work_unit=org.disdik)
    employees, events = Employee.objects.count(), AuditEvent.objects.count()
    answers = []
    # when
    for position_id in (foreign.pk, 999999):
        payload = new_employee_payload(work_unit=org.dinkes_division, position_id=position_id)
        answers.append(
            client.post(
                URL, payload, content_type="application/json", headers=as_persona("opd_admin")
            )
        )
    # then: both look the same
    assert [a.status_code for a in answers] == [422, 422]
    assert [a.json()["errors"] for a in answers] == [
        [{"field": "position_id", "message": f"Jabatan dengan id {foreign.pk} tidak ada."}],
        [{"field": "position_id", "message": "Jabatan dengan id 999999 tidak ada."}],
    ]
    assert (Employee.objects.count(), AuditEvent.objects.count()) == (employees, events)


def test_a_position_of_another_unit_is_refused_even_to_hr_admin(client, as_persona, org, people):
    foreign = PositionFactory.create(name="Guru Ahli Pertama", work_unit=org.disdik)
    payload = new_employee_payload(work_unit=org.dinkes_division, position_id=foreign.pk)
    employees = Employee.objects.count()

    response = client.post(
        URL, payload, content_type="application/json", headers=as_persona("hr_admin")
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "position_id",
            "message": "Jabatan 'Guru Ahli Pertama' milik unit Dinas Pendidikan, bukan unit "
            "Bidang Pelayanan Kesehatan atau unit di atasnya.",
        }
    ]
    assert Employee.objects.count() == employees


def test_create_with_a_duplicate_nip_is_409(client, as_persona, people):
    existing = people["dinkes"]
    payload = full_payload(
        existing, nik=make_nik(birth_date=existing.birth_date, gender=existing.gender, serial=9876)
    )
    employees = Employee.objects.count()
    response = client.post(
        URL, payload, content_type="application/json", headers=as_persona("hr_admin")
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": f"NIP {existing.nip} sudah terdaftar pada pegawai lain.",
        "code": "conflict",
        "errors": [
            {"field": "nip", "message": f"NIP {existing.nip} sudah terdaftar pada pegawai lain."}
        ],
    }
    assert Employee.objects.count() == employees


def test_create_with_missing_and_unknown_fields_is_422(client, as_persona, people):
    response = client.post(
        URL,
        {"kind": "pns", "warna": "biru"},
        content_type="application/json",
        headers=as_persona("hr_admin"),
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"field": "nip", "message": "Wajib diisi."} in errors
    assert {"field": "warna", "message": "Kolom ini tidak dikenal."} in errors


# --- Update


def test_patch_changes_only_what_is_sent(client, as_persona, people):
    record = people["dinkes"]
    before = (record.nip, record.nik, record.name, record.work_unit_id)
    response = client.patch(
        f"{URL}{record.pk}",
        {"front_title": "dr.", "tmt_golongan": "2014-04-01"},
        content_type="application/json",
        headers=as_persona("hr_admin"),
    )
    assert response.status_code == 200
    assert response.json()["display_name"] == "dr. Pegawai Uji"
    record.refresh_from_db()
    assert (record.nip, record.nik, record.name, record.work_unit_id) == before
    assert (record.front_title, record.tmt_golongan) == ("dr.", dt.date(2014, 4, 1))
    event = AuditEvent.objects.get(action="employees.employee.updated")
    assert event.changes == {
        "front_title": ["", "dr."],
        "tmt_golongan": [None, "2014-04-01"],
    }


def test_opd_admin_patches_a_record_whose_supervisor_and_position_lie_outside_its_scope(
    client, as_persona, org, people
):
    # given: the head of the division reports to someone in Dinas Pendidikan and holds a jabatan
    # of the city government itself (both outside the Admin OPD's reach, both kept as they are)
    head = Employee.objects.get(name="Kepala Bidang")
    city_position = PositionFactory.create(name="Kepala Bidang Kota", work_unit=org.root)
    Employee.objects.filter(pk=head.pk).update(supervisor=people["disdik"], position=city_position)
    # when
    response = client.patch(
        f"{URL}{head.pk}",
        {"back_title": "M.Kes."},
        content_type="application/json",
        headers=as_persona("opd_admin"),
    )
    # then
    assert response.status_code == 200, response.json()
    head.refresh_from_db()
    assert (head.back_title, head.supervisor, head.position) == (
        "M.Kes.",
        people["disdik"],
        city_position,
    )


def test_opd_admin_cannot_switch_to_another_supervisor_outside_its_scope(
    client, as_persona, org, people
):
    record = people["dinkes"]
    other = EmployeeFactory.create(work_unit=org.disdik)
    before = record.supervisor_id
    events = AuditEvent.objects.count()

    response = client.patch(
        f"{URL}{record.pk}",
        {"supervisor_id": other.pk},
        content_type="application/json",
        headers=as_persona("opd_admin"),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "supervisor_id", "message": f"Pegawai dengan id {other.pk} tidak ada."}
    ]
    record.refresh_from_db()
    assert record.supervisor_id == before
    assert AuditEvent.objects.count() == events


def test_patch_refuses_null_for_a_required_field(client, as_persona, people):
    record = people["dinkes"]
    response = client.patch(
        f"{URL}{record.pk}",
        {"name": None, "supervisor_id": None},
        content_type="application/json",
        headers=as_persona("hr_admin"),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "name", "message": "Tidak boleh null."}]


def test_patch_by_someone_without_rights_is_403_before_the_input_is_checked(
    client, as_persona, people
):
    record = people["dinkes"]
    response = client.patch(
        f"{URL}{record.pk}",
        {"name": None},
        content_type="application/json",
        headers=as_persona("employee"),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Anda tidak berwenang mengubah data pegawai ini."


def test_opd_admin_cannot_move_an_employee_out_of_its_unit(client, as_persona, org, people):
    record = people["dinkes"]
    events = AuditEvent.objects.count()
    response = client.patch(
        f"{URL}{record.pk}",
        {"work_unit_id": org.disdik.pk},
        content_type="application/json",
        headers=as_persona("opd_admin"),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Anda tidak berwenang memindahkan pegawai ke unit kerja tersebut."
    )
    record.refresh_from_db()
    assert record.work_unit == org.dinkes_division
    assert AuditEvent.objects.count() == events


def test_update_of_a_missing_record_is_404(client, as_persona, people):
    response = client.patch(
        f"{URL}999999", {"name": "X"}, content_type="application/json",
        headers=as_persona("hr_admin"),
    )  # fmt: skip
    assert response.status_code == 404


def test_update_errors_use_the_api_field_names(client, as_persona, people):
    record = people["dinkes"]
    response = client.patch(
        f"{URL}{record.pk}",
        {"supervisor_id": record.pk},
        content_type="application/json",
        headers=as_persona("hr_admin"),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "supervisor_id", "message": "Pegawai tidak dapat menjadi atasannya sendiri."}
    ]


def test_session_write_needs_the_csrf_token(people, hr_admin, org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(hr_admin)
    employees = Employee.objects.count()
    payload = new_employee_payload(work_unit=org.dinkes_division)
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert Employee.objects.count() == employees


def test_token_write_needs_no_csrf_token(people, hr_admin, org):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    secret = account_services.issue_api_token(user=hr_admin, name="uji", actor=hr_admin).secret
    payload = new_employee_payload(work_unit=org.dinkes_division)
    response = client.post(
        URL, payload, content_type="application/json", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 201
