"""Planning pages: the whole flow through the browser forms, who may open which SKP, the team
page, the multi-year history and the SKP document."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from simerit.audit.models import AuditEvent
from simerit.performance.models import (
    Appraisal,
    BehaviourValue,
    Expectation,
    Indicator,
    Predikat,
    Rating,
    Skp,
    WorkResult,
)
from simerit.performance.tests.factories import PerformanceYearFactory, make_skp, make_team
from simerit.performance.tests.factories_planning import complete_skp, planning_year, result_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def year():
    return planning_year()


def detail(skp: Skp) -> str:
    return reverse("performance:skp-detail", args=[skp.pk])


def counts() -> tuple[int, int, int, int, int]:
    return (
        Skp.objects.count(),
        WorkResult.objects.count(),
        Indicator.objects.count(),
        Expectation.objects.count(),
        AuditEvent.objects.count(),
    )


def statuses() -> list[str]:
    return list(Skp.objects.order_by("pk").values_list("status", flat=True))


def test_the_whole_flow_through_the_pages(client, team, year):
    # given: the chief's approved SKP with one RHK to cascade from
    chief_skp = complete_skp(team.chief, year=year, status=Skp.Status.APPROVED)
    parent = chief_skp.results.get()
    staff = team.staff[1]
    client.force_login(team.user(staff))

    # when: the employee creates, drafts and submits
    created = client.post(reverse("performance:skp-create"), {"year": year.pk})
    skp = Skp.objects.get(employee=staff)
    assert created.url == detail(skp)
    response = client.post(
        reverse("performance:skp-result-add", args=[skp.pk]),
        {"kind": "utama", "text": "Cakupan imunisasi", "parent": parent.pk},
    )
    assert response.status_code == 302
    result = skp.results.get()
    response = client.post(
        reverse("performance:skp-indicator-add", args=[skp.pk, result.pk]),
        {
            f"indicator-{result.pk}-aspect": "waktu",
            f"indicator-{result.pk}-text": "Laporan selesai",
            f"indicator-{result.pk}-target": "5",
            f"indicator-{result.pk}-unit": "hari",
        },
    )
    assert response.status_code == 302
    page = client.get(detail(skp)).content.decode()
    assert "RHK pimpinan yang diintervensi: Layanan puskesmas terakreditasi" in page
    client.post(reverse("performance:skp-submit", args=[skp.pk]))

    # then: the chief returns with a note, the employee resubmits, the chief approves
    client.force_login(team.user(team.chief))
    team_page = client.get(reverse("performance:team")).content.decode()
    assert "1 SKP menunggu persetujuan Anda." in team_page
    client.post(reverse("performance:skp-return", args=[skp.pk]), {"note": "Perjelas target."})
    value = BehaviourValue.objects.get(code="3")
    client.post(
        reverse("performance:skp-expectation", args=[skp.pk, value.pk]),
        {f"expectation-{value.pk}-text": "Ikut pelatihan imunisasi"},
    )
    client.force_login(team.user(staff))
    assert "Perjelas target." in client.get(detail(skp)).content.decode()
    client.post(reverse("performance:skp-submit", args=[skp.pk]))
    client.force_login(team.user(team.chief))
    client.post(reverse("performance:skp-approve", args=[skp.pk]))

    skp.refresh_from_db()
    indicator = Indicator.objects.get(result__skp=skp)
    assert skp.status == "approved"
    assert (indicator.aspect, indicator.target, indicator.lower_is_better) == (
        "waktu",
        Decimal(5),
        True,
    )
    assert Expectation.objects.get(skp=skp).text == "Ikut pelatihan imunisasi"
    actions = list(
        AuditEvent.objects.filter(target_id=str(skp.pk), action__startswith="performance.skp.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "performance.skp.created",
        "performance.skp.submitted",
        "performance.skp.returned",
        "performance.skp.submitted",
        "performance.skp.approved",
    ]


def test_a_parent_from_a_peers_skp_is_refused_on_the_page(client, team, year):
    peer_result = complete_skp(team.staff[2], year=year).results.get()
    skp = make_skp(team.staff[1], year=year)
    client.force_login(team.user(team.staff[1]))
    before = counts()

    response = client.post(
        reverse("performance:skp-result-add", args=[skp.pk]),
        {"kind": "utama", "text": "X", "parent": peer_result.pk},
    )

    assert response.status_code == 422
    assert (
        "RHK pimpinan yang diintervensi harus berasal dari SKP pejabat penilai Anda "
        "(Kabid Layan) pada periode 2026." in response.content.decode()
    )
    assert counts() == before


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("-5", "Target tidak boleh negatif."),
        ("99999999999", "Target terlalu besar: paling besar 9.999.999.999,99."),
        ("abc", "Target harus berupa angka."),
    ],
)
def test_bad_targets_on_the_page(client, team, year, target, message):
    skp = make_skp(team.staff[1], year=year)
    result = result_of(skp, with_indicator=False)
    client.force_login(team.user(team.staff[1]))
    before = counts()

    response = client.post(
        reverse("performance:skp-indicator-add", args=[skp.pk, result.pk]),
        {
            f"indicator-{result.pk}-aspect": "kuantitas",
            f"indicator-{result.pk}-text": "Jumlah",
            f"indicator-{result.pk}-target": target,
            f"indicator-{result.pk}-unit": "dokumen",
        },
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert counts() == before


def test_return_without_note_and_submit_without_indicators_change_nothing(client, team, year):
    submitted = complete_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)
    draft = make_skp(team.staff[2], year=year)
    result_of(draft, "Laporan", with_indicator=False)
    before = (counts(), statuses())

    client.force_login(team.user(team.chief))
    returned = client.post(reverse("performance:skp-return", args=[submitted.pk]), {"note": ""})
    client.force_login(team.user(team.staff[2]))
    submit = client.post(reverse("performance:skp-submit", args=[draft.pk]), follow=True)

    assert returned.status_code == 422
    assert "Catatan pengembalian wajib diisi." in returned.content.decode()
    assert (
        'SKP belum dapat diajukan: RHK "Laporan" belum memiliki indikator kinerja.'
        in submit.content.decode().replace("&quot;", '"')
    )
    assert (counts(), statuses()) == before


def test_an_employee_cannot_open_a_peers_or_another_units_skp(client, team, year):
    other = make_team("Lain ")
    peer_skp = complete_skp(team.staff[2], year=year)
    other_skp = complete_skp(other.staff[1], year=year)
    client.force_login(team.user(team.staff[1]))

    for skp in (peer_skp, other_skp):
        assert client.get(detail(skp)).status_code == 404
        assert client.get(reverse("performance:skp-pdf", args=[skp.pk])).status_code == 404
        history = reverse("performance:employee-history", args=[skp.employee_id])
        assert client.get(history).status_code == 404
    before = (counts(), statuses())
    response = client.post(reverse("performance:skp-submit", args=[peer_skp.pk]))
    assert response.status_code == 404
    assert (counts(), statuses()) == before


def test_the_evaluator_cannot_edit_the_plan_and_the_owner_cannot_approve(client, team, year):
    skp = complete_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)
    draft = complete_skp(team.staff[2], year=year)
    before = (counts(), statuses())

    client.force_login(team.user(team.chief))
    add = client.post(
        reverse("performance:skp-result-add", args=[draft.pk]), {"kind": "utama", "text": "X"}
    )
    client.force_login(team.user(team.staff[1]))
    approve = client.post(reverse("performance:skp-approve", args=[skp.pk]))

    assert (add.status_code, approve.status_code) == (403, 403)
    assert (counts(), statuses()) == before


def test_a_supervisor_sees_only_subordinates(client, team, year):
    other = make_team("Lain ")
    mine = [complete_skp(employee, year=year) for employee in team.staff]
    junior = complete_skp(team.juniors[0], year=year)
    foreign = complete_skp(other.staff[1], year=year)
    client.force_login(team.user(team.chief))

    page = client.get(reverse("performance:team")).content.decode()

    for skp in mine:
        assert f'data-testid="team-skp-{skp.pk}"' in page
    assert f'data-testid="team-skp-{junior.pk}"' not in page  # evaluated by staff[0]
    assert client.get(detail(junior)).status_code == 200  # but visible down the chain
    assert client.get(detail(foreign)).status_code == 404


def test_team_page_filters_by_status_and_shows_an_empty_state(client, team, year):
    complete_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)
    complete_skp(team.staff[2], year=year)
    client.force_login(team.user(team.chief))

    submitted = client.get(reverse("performance:team"), {"status": "submitted"}).content.decode()
    approved = client.get(reverse("performance:team"), {"status": "approved"}).content.decode()

    assert submitted.count('data-testid="team-skp-') == 1
    assert 'data-testid="empty-state"' in approved


def test_the_auditor_sees_every_skp_and_every_write_is_refused(client, team, year, auditor):
    other = make_team("Lain ")
    submitted = complete_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)
    draft = complete_skp(other.staff[1], year=year)
    result = draft.results.get()
    indicator = Indicator.objects.get(result=result)
    value = BehaviourValue.objects.get(code="1")
    client.force_login(auditor)
    before = (counts(), statuses())

    for skp in (submitted, draft):
        assert client.get(detail(skp)).status_code == 200
        assert client.get(reverse("performance:skp-pdf", args=[skp.pk])).status_code == 200
    writes = [
        (reverse("performance:skp-create"), {"year": year.pk}),
        (reverse("performance:skp-result-add", args=[draft.pk]), {"kind": "utama", "text": "X"}),
        (reverse("performance:skp-result-edit", args=[draft.pk, result.pk]), {"text": "X"}),
        (reverse("performance:skp-result-delete", args=[draft.pk, result.pk]), {}),
        (
            reverse("performance:skp-indicator-add", args=[draft.pk, result.pk]),
            {
                f"indicator-{result.pk}-aspect": "kuantitas",
                f"indicator-{result.pk}-text": "X",
                f"indicator-{result.pk}-target": "1",
                f"indicator-{result.pk}-unit": "x",
            },
        ),
        (reverse("performance:skp-indicator-edit", args=[draft.pk, indicator.pk]), {}),
        (reverse("performance:skp-indicator-delete", args=[draft.pk, indicator.pk]), {}),
        (reverse("performance:skp-submit", args=[draft.pk]), {}),
        (reverse("performance:skp-approve", args=[submitted.pk]), {}),
        (reverse("performance:skp-return", args=[submitted.pk]), {"note": "X"}),
        (
            reverse("performance:skp-expectation", args=[submitted.pk, value.pk]),
            {f"expectation-{value.pk}-text": "X"},
        ),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert (counts(), statuses()) == before


def test_forms_are_shown_only_to_who_may_act(client, team, year):
    skp = complete_skp(team.staff[1], year=year, status=Skp.Status.SUBMITTED)

    client.force_login(team.user(team.staff[1]))
    owner_page = client.get(detail(skp)).content.decode()
    client.force_login(team.user(team.chief))
    evaluator_page = client.get(detail(skp)).content.decode()
    client.force_login(team.user(team.head))
    superior_page = client.get(detail(skp)).content.decode()

    assert "Tambah RHK" not in owner_page  # submitted: no longer editable
    assert 'data-testid="decide"' in evaluator_page
    assert "Simpan ekspektasi" in evaluator_page
    assert 'data-testid="decide"' not in superior_page
    assert "Simpan ekspektasi" not in superior_page
    assert superior_page.count('data-testid="value-') == 7


def test_my_skp_offers_to_create_for_an_open_year_only(client, team, year):
    PerformanceYearFactory.create(year=2024, status="closed")
    complete_skp(team.staff[1], year=planning_year(2025))
    client.force_login(team.user(team.staff[1]))

    page = client.get(reverse("performance:my-skp")).content.decode()

    assert 'data-testid="create-2026"' in page
    assert 'data-testid="create-2024"' not in page
    assert 'data-testid="create-2025"' not in page
    assert 'data-testid="skp-2025"' in page


def test_creating_an_skp_without_supervisor_shows_the_refusal(client, team, year):
    client.force_login(team.user(team.head))

    response = client.post(reverse("performance:skp-create"), {"year": year.pk}, follow=True)

    assert "belum memiliki atasan langsung" in response.content.decode()
    assert Skp.objects.count() == 0


def test_employee_history_lists_years_with_predikat(client, team, year):
    older = complete_skp(team.staff[1], year=planning_year(2025), status=Skp.Status.APPROVED)
    complete_skp(team.staff[1], year=year)
    Appraisal.objects.create(
        skp=older,
        result_rating=Rating.ABOVE,
        behaviour_rating=Rating.ABOVE,
        predikat=Predikat.SANGAT_BAIK,
        status=Appraisal.Status.DECIDED,
        decided_by=team.user(team.chief),
        decided_at=older.created_at,
    )
    url = reverse("performance:employee-history", args=[team.staff[1].pk])

    for viewer in (team.staff[1], team.chief, team.head):
        client.force_login(team.user(viewer))
        page = client.get(url).content.decode()
        assert page.index('data-testid="history-2026"') < page.index('data-testid="history-2025"')
        assert "Sangat Baik" in page
    client.force_login(team.user(team.staff[2]))
    assert client.get(url).status_code == 404


def test_skp_pdf_follows_the_layout_and_is_deterministic(client, team, year):
    chief_skp = complete_skp(team.chief, year=year, status=Skp.Status.APPROVED)
    skp = make_skp(team.staff[1], year=year)
    result_of(skp, "Cakupan imunisasi & gizi", parent=chief_skp.results.get())
    result_of(skp, "Tugas tambahan", kind=WorkResult.Kind.ADDITIONAL)
    Expectation.objects.create(
        skp=skp,
        value=BehaviourValue.objects.get(code="1"),
        text="Tanggap aduan warga",
        written_by=team.user(team.chief),
    )
    client.force_login(team.user(team.staff[1]))
    url = reverse("performance:skp-pdf", args=[skp.pk])

    first = client.get(url)
    second = client.get(url)

    assert first["Content-Type"] == "application/pdf"
    assert first.content == second.content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(first.content)).pages)
    for expected in (
        "Sasaran Kinerja Pegawai",
        "Pegawai yang dinilai",
        "Pejabat penilai kinerja",
        "RHK pimpinan yang diintervensi",
        "Cakupan imunisasi & gizi",
        "Layanan puskesmas terakreditasi",
        "Jumlah puskesmas terakreditasi",
        "12 puskesmas",
        "Hasil kerja tambahan",
        "Berorientasi Pelayanan",
        "Kolaboratif",
        "Tanggap aduan warga",
        team.staff[1].nip,
    ):
        assert expected in text, expected


def test_the_owner_edits_an_rhk_and_an_indicator_on_their_pages(client, team, year):
    skp = complete_skp(team.staff[1], year=year)
    result = skp.results.get()
    indicator = Indicator.objects.get(result=result)
    client.force_login(team.user(team.staff[1]))
    result_url = reverse("performance:skp-result-edit", args=[skp.pk, result.pk])
    indicator_url = reverse("performance:skp-indicator-edit", args=[skp.pk, indicator.pk])

    assert client.get(result_url).status_code == 200
    assert client.get(indicator_url).status_code == 200
    client.post(result_url, {"kind": "utama", "text": "Cakupan gizi"})
    refused = client.post(
        indicator_url, {"aspect": "kuantitas", "text": "Balita", "target": "-1", "unit": "anak"}
    )
    client.post(
        indicator_url, {"aspect": "kuantitas", "text": "Balita", "target": "250", "unit": "anak"}
    )

    result.refresh_from_db()
    indicator.refresh_from_db()
    assert refused.status_code == 422
    assert "Target tidak boleh negatif." in refused.content.decode()
    assert result.text == "Cakupan gizi"
    assert (indicator.text, indicator.target, indicator.unit) == ("Balita", Decimal(250), "anak")
