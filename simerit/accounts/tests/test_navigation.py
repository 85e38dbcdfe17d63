"""The menu of each role (accounts.navigation): the entries of issue #8 (discipline, rewards, TPP,
career, Karier Saya) appear for the roles their pages allow, in menu order."""

import pytest
from django.urls import reverse

from simerit.accounts.navigation import NAV_ITEMS, items_for
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role

ISSUE_8_LABELS = {
    "Karier Saya",
    "Kasus Disiplin",
    "Register Hukuman",
    "Rekap Kehadiran",
    "Penghargaan",
    "Satyalancana",
    "TPP",
    "Kenaikan Pangkat",
    "Manajemen Talenta",
    "Proyeksi Pensiun",
}
ALL_STAFF_ENTRIES = [
    "Kasus Disiplin",
    "Register Hukuman",
    "Rekap Kehadiran",
    "Penghargaan",
    "Satyalancana",
    "TPP",
    "Kenaikan Pangkat",
    "Manajemen Talenta",
    "Proyeksi Pensiun",
]


def issue_8_entries(roles: list[Role]) -> list[str]:
    user = UserFactory.create(roles=roles)
    return [item.label for item in items_for(user) if item.label in ISSUE_8_LABELS]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([Role.ADMIN_BKPSDM], ALL_STAFF_ENTRIES),
        ([Role.AUDITOR], ALL_STAFF_ENTRIES),
        (
            [Role.ADMIN_OPD],
            [
                "Penghargaan",
                "Satyalancana",
                "TPP",
                "Kenaikan Pangkat",
                "Manajemen Talenta",
                "Proyeksi Pensiun",
            ],
        ),
        ([Role.PEGAWAI, Role.ATASAN], ["Karier Saya", "Kasus Disiplin", "Kenaikan Pangkat"]),
        ([Role.PEGAWAI], ["Karier Saya"]),
        ([Role.PELAMAR], []),
        ([Role.VERIFIKATOR], []),
    ],
)
def test_each_role_gets_the_career_entries_its_pages_allow(roles, expected):
    assert issue_8_entries(roles) == expected


def test_the_career_entries_name_the_agreed_pages():
    url_names = {item.label: item.url_name for item in NAV_ITEMS if item.label in ISSUE_8_LABELS}

    assert url_names == {
        "Karier Saya": "selfservice:profile",
        "Kasus Disiplin": "discipline:case_list",
        "Register Hukuman": "discipline:sanction_list",
        "Rekap Kehadiran": "discipline:attendance_list",
        "Penghargaan": "rewards:award_list",
        "Satyalancana": "rewards:satyalancana",
        "TPP": "compensation:run_list",
        "Kenaikan Pangkat": "career:promotion",
        "Manajemen Talenta": "career:talent",
        "Proyeksi Pensiun": "career:retirement",
    }


def test_the_menu_links_an_employee_to_karier_saya(client, employee):
    client.force_login(employee)

    body = client.get(reverse("dashboard:home")).content.decode()

    assert f'href="{reverse("selfservice:profile")}">Karier Saya</a>' in body
