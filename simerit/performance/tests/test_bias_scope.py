"""Who reads which bias numbers (security review item 2): an Atasan only the SKPs they can already
open, never their own; an Admin OPD within its subtree; HR and the Auditor everything. Peers and
subordinates appear under a pseudonym with rater-level numbers only, ordered by pseudonym; a rater
with too few answers in scope shows none; nothing 360-based while the 360 collection is open.

The data is factories_bias.make_team_year (its docstring lists every answer)."""

import math
import re

import pytest
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.organization import services as org_services
from simerit.performance.models import UnitPredikat
from simerit.performance.selectors.bias import pseudonym
from simerit.performance.tests.factories_bias import make_team_year, publish_feedback

pytestmark = pytest.mark.django_db

API = "/api/v1/performance"
DIVISION = "Bidang Pelayanan Kesehatan"
TOO_FEW = "terlalu sedikit jawaban"
WITHHELD = (
    "Statistik penilai 360 belum ditampilkan: pengisian masukan 360 tahun 2026 masih dibuka "
    "sampai 31 Januari 2027. Rata-rata yang dihitung ulang selagi penilai masih menjawab dapat "
    "membuka jawaban perorangan; statistik tampil setelah pengisian ditutup."
)


@pytest.fixture
def data():
    result = make_team_year()
    publish_feedback(result.year)
    return result


def compact(html: str) -> str:
    """The page without the white space around its tags (the includes end with a newline)."""
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))


def label(data, employee) -> str:
    return pseudonym(rater_id=employee.pk, year=data.year)


def rows(items):
    return [
        (i["rater"], i["work_unit"], i["withheld"], i["answers"], i["mean"], i["spread"])
        for i in items
    ]


def statistics(client, user, **params):
    client.force_login(user)
    response = client.get(f"{API}/rater-statistics", {"year": 2026, **params})
    assert response.status_code == 200
    return response.json()["items"]


def test_the_kepala_bidang_reads_only_their_team_without_their_own_skp(client, data):
    team = data.team
    a, b, c, d = team.staff
    e, f = team.juniors

    items = statistics(client, team.user(team.chief), unit=team.division.pk)

    # Not Kadis (rated only the division heads' SKPs), not the subordinates' answers on the
    # kepala bidang's own SKP: Staf B counts 3 answers (A, C, D), not 4.
    expected = [
        ("Kabid Layan", DIVISION, None, 4, 3.0, 1.0),
        (label(data, a), None, None, 5, pytest.approx(3.6), pytest.approx(math.sqrt(1.24))),
        *[(label(data, x), None, None, 3, 3.0, 1.0) for x in (b, c, d)],
        *[(label(data, x), None, TOO_FEW, None, None, None) for x in (e, f)],
    ]
    assert rows(items) == sorted(expected, key=lambda row: row[0])


def test_an_atasan_cannot_see_the_raters_of_their_own_skp_on_the_calibration_page(
    client, hr_admin, data
):
    team = data.team
    client.force_login(hr_admin)
    hr_page = compact(
        client.get(reverse("performance:calibration"), {"year": 2026}).content.decode()
    )
    client.force_login(team.user(team.chief))

    own = client.get(reverse("performance:calibration"), {"year": 2026}).content.decode()

    # HR sees Kadis (halo, severe) with the kepala bidang's SKP among those Kadis rated.
    assert '<h2 class="h5 mb-0">Kadis Sehat</h2>' in hr_page
    assert '<td>Kabid Layan<div class="small text-body-secondary">Bidang Pelayanan' in hr_page
    assert 'data-testid="outlying-rater"' not in own
    assert "Kadis Sehat" not in own
    assert "Tidak ada penilai yang menyimpang pada pilihan ini." in own
    # The API agrees: Staf B's answer on the kepala bidang's SKP counts for HR only.
    b = label(data, team.staff[1])
    hr_items = {i["rater"]: i for i in statistics(client, hr_admin)}
    chief_items = {
        i["rater"]: i for i in statistics(client, team.user(team.chief), unit=team.division.pk)
    }
    assert (hr_items[b]["answers"], hr_items[b]["mean"]) == (4, 3.5)
    assert (chief_items[b]["answers"], chief_items[b]["mean"]) == (3, 3.0)


def test_a_kepala_seksi_cannot_see_their_bosss_skp_data(client, hr_admin, data):
    team = data.team
    kepala_seksi = team.user(team.staff[0])
    e, f = team.juniors
    client.force_login(kepala_seksi)

    page = compact(
        client.get(reverse("performance:unit-dashboard"), {"year": 2026}).content.decode()
    )
    distribution = client.get(f"{API}/units/{team.division.pk}/distribution", {"year": 2026}).json()
    above = client.get(f"{API}/units/{team.unit.pk}/distribution", {"year": 2026})
    items = statistics(client, kepala_seksi, unit=team.division.pk)

    # Only Junior E's and F's SKPs: not the kepala bidang's Sangat Kurang, not their own SKP.
    assert distribution["counts"] == {
        "sangat_baik": 0,
        "baik": 2,
        "butuh_perbaikan": 0,
        "kurang": 0,
        "sangat_kurang": 0,
    }
    assert distribution["skp_status"]["approved"] == 2
    assert '<th scope="row">Sangat Kurang</th><td class="text-end">0</td>' in page
    assert "Kelengkapan SKP (2 SKP)" in page
    assert above.status_code == 404
    # Their own two answers as supervisor, and one peer answer each of E and F: too few.
    assert rows(items) == sorted(
        [
            ("Staf A", DIVISION, TOO_FEW, None, None, None),
            (label(data, e), None, TOO_FEW, None, None, None),
            (label(data, f), None, TOO_FEW, None, None, None),
        ],
        key=lambda row: row[0],
    )
    client.force_login(hr_admin)
    hr = client.get(f"{API}/units/{team.division.pk}/distribution", {"year": 2026}).json()
    assert (hr["counts"]["baik"], hr["counts"]["sangat_kurang"]) == (6, 1)


def test_hr_sees_pseudonyms_ordered_by_pseudonym(client, hr_admin, data):
    team = data.team
    peers = [*team.staff, *team.juniors, data.heads[1]]
    expected = sorted(["Kabid Layan", "Kadis Sehat", *[label(data, p) for p in peers]])

    items = statistics(client, hr_admin, unit=team.unit.pk)
    page = client.get(
        reverse("performance:unit-dashboard"), {"year": 2026, "unit": team.unit.pk}
    ).content.decode()

    assert [i["rater"] for i in items] == expected
    assert re.findall(r'<tr data-testid="rater-row">\s*<td>(.*?)</td>', page) == expected
    assert all(i["work_unit"] is None for i in items if i["rater"].startswith("Penilai R-"))
    assert all(i["rater_id"] is None for i in items)
    assert not {p.name for p in peers} & set(re.findall(r"<td>(.*?)</td>", page))


def test_a_rater_with_too_few_answers_shows_no_statistics(client, data):
    team = data.team
    b, e = team.staff[1], team.juniors[0]
    client.force_login(team.user(team.chief))

    page = compact(
        client.get(
            reverse("performance:unit-dashboard"), {"year": 2026, "unit": team.division.pk}
        ).content.decode()
    )

    assert (
        f'<tr data-testid="rater-row"><td>{label(data, e)}</td><td>–</td>'
        '<td colspan="7" class="text-body-secondary">Terlalu sedikit jawaban (kurang dari 3); '
        "statistik tidak ditampilkan.</td></tr>"
    ) in page
    assert (
        f'<tr data-testid="rater-row"><td>{label(data, b)}</td><td>–</td>'
        '<td class="text-end">3</td><td class="text-end">3,00</td><td class="text-end">1,00</td>'
    ) in page
    assert (
        f'<tr data-testid="rater-row"><td>Kabid Layan</td><td>{DIVISION}</td>'
        '<td class="text-end">4</td><td class="text-end">3,00</td><td class="text-end">1,00</td>'
    ) in page


def test_an_skps_means_are_withheld_when_a_group_is_withheld(client, hr_admin, auditor, data):
    """Kabid 2 was rated by Kadis (1) and one peer, Kabid 3 (2): the raw mean 1,50 with Kadis's
    own 1,00 beside it would give Kabid 3's answer."""
    client.force_login(hr_admin)
    hr_page = compact(
        client.get(reverse("performance:calibration"), {"year": 2026}).content.decode()
    )
    client.force_login(auditor)
    audit_page = compact(
        client.get(reverse("performance:calibration"), {"year": 2026}).content.decode()
    )

    row = '<td>Kabid 2<div class="small text-body-secondary">Dinas Kesehatan</div></td>'
    assert (
        f'{row}<td class="text-end">1,00</td><td colspan="3" class="text-body-secondary small" '
        'data-testid="scores-hidden">Ditahan: ada kelompok rekan kerja atau bawahan dengan '
        "jawaban kurang dari 3.</td>"
    ) in hr_page
    assert f'{row}<td class="text-end">1,00</td><td class="text-end">1,50</td>' in audit_page
    assert 'data-testid="scores-hidden"' not in audit_page


def test_an_opd_admin_reads_its_subtree_only(client, org, data):
    team = data.team
    own = UserFactory.create(username="admin.sehat", roles=[Role.ADMIN_OPD])
    org_services.assign_opd_admin(user=own, work_unit=team.unit, actor=None)
    other = UserFactory.create(username="admin.didik", roles=[Role.ADMIN_OPD])
    org_services.assign_opd_admin(user=other, work_unit=org.disdik, actor=None)

    items = statistics(client, own, unit=team.unit.pk)
    client.force_login(other)
    refused = client.get(f"{API}/rater-statistics", {"year": 2026, "unit": team.unit.pk})
    calibration = client.get(reverse("performance:calibration"), {"year": 2026})

    assert len(items) == 9
    assert {"Kabid Layan", "Kadis Sehat"} < {i["rater"] for i in items}
    assert refused.status_code == 404
    assert calibration.status_code == 403


def test_statistics_are_withheld_while_the_360_window_is_open(client, hr_admin, auditor):
    data = make_team_year()
    team = data.team
    client.force_login(hr_admin)

    calibration = client.get(reverse("performance:calibration"), {"year": 2026}).content.decode()
    dashboard = compact(
        client.get(
            reverse("performance:unit-dashboard"), {"year": 2026, "unit": team.unit.pk}
        ).content.decode()
    )
    api = client.get(f"{API}/rater-statistics", {"year": 2026})
    client.force_login(auditor)
    audit_api = client.get(f"{API}/rater-statistics", {"year": 2026})

    assert f'<p class="alert alert-info" data-testid="feedback-withheld">{WITHHELD}</p>' in (
        calibration
    )
    assert 'data-testid="outlying-rater"' not in calibration
    assert WITHHELD in dashboard
    assert 'data-testid="rater-report"' not in dashboard
    # The supervisors' decisions and the SKPs' status stay.
    assert '<th scope="row">Sangat Kurang</th><td class="text-end">1</td>' in dashboard
    assert "Kelengkapan SKP (9 SKP)" in dashboard
    assert (api.status_code, api.json()["detail"]) == (409, WITHHELD)
    assert audit_api.status_code == 409
    publish_feedback(data.year)
    client.force_login(hr_admin)
    page = client.get(reverse("performance:calibration"), {"year": 2026}).content.decode()
    assert '<h2 class="h5 mb-0">Kadis Sehat</h2>' in page


@pytest.mark.parametrize("field", ["year", "unit"])
def test_a_non_numeric_unit_predikat_post_is_a_404_and_changes_nothing(
    client, hr_admin, data, field
):
    post = {"year": 2026, "unit": data.team.unit.pk, "predikat": "baik", "note": ""}
    post[field] = "abc"
    client.force_login(hr_admin)

    response = client.post(reverse("performance:unit-predikat"), post)

    assert response.status_code == 404
    assert not UnitPredikat.objects.exists()
