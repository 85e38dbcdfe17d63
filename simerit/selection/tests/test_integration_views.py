"""The Pemeringkatan & Integrasi pages: who sees and who runs what; refusals change nothing."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.dates import format_datetime_wib
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.recruitment.models import SelectionPeriod
from simerit.recruitment.rules import mask_name
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import (
    ComponentResult,
    FinalResult,
    IntegrationRun,
    SelectionSetup,
    SkbCandidate,
)
from simerit.selection.selectors import ranking_digest as digest_selectors
from simerit.selection.services.integration import run_integration
from simerit.selection.tests.factories import SelectionSetupFactory
from simerit.selection.tests.factories_integration import (
    make_application,
    make_scored_formasi,
    skd_result,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period() -> SelectionPeriod:
    period = SelectionPeriodFactory.create(name="Seleksi CPNS 2026")
    SelectionSetupFactory.create(period=period)
    return period


@pytest.fixture
def scored(period):
    return make_scored_formasi(period, "PRW-01", quota=1)


def _state() -> tuple[int, int, int, int, int]:
    return (
        SkbCandidate.objects.count(),
        ComponentResult.objects.count(),
        IntegrationRun.objects.count(),
        FinalResult.objects.count(),
        AuditEvent.objects.count(),
    )


def test_hr_sees_the_steps_with_buttons_and_the_formasi_counts(client, hr_admin, scored, period):
    client.force_login(hr_admin)

    response = client.get(reverse("selection:ranking", args=[period.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pemeringkatan &amp; Integrasi: Seleksi CPNS 2026" in page
    assert reverse("selection:ranking-cat-import", args=[period.pk]) in page
    assert reverse("selection:ranking-integrate", args=[period.pk]) in page
    assert "Semua komponen lengkap: integrasi dapat dijalankan." in page
    assert 'data-testid="formasi-PRW-01"' in page
    assert response.context["rows"][0]["formasi"].candidates == 3
    assert response.context["rows"][0]["summary"] is None


def test_the_auditor_reads_the_page_without_any_button(client, auditor, scored, period):
    client.force_login(auditor)

    response = client.get(reverse("selection:ranking", args=[period.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    for name in ("ranking-cut", "ranking-cat-import", "ranking-integrate"):
        assert reverse(f"selection:{name}", args=[period.pk]) not in page


def test_the_page_says_what_is_missing_in_numbers(client, hr_admin, scored, period):
    ComponentResult.objects.filter(component__method="case_simulation").earliest("pk").delete()
    client.force_login(hr_admin)

    response = client.get(reverse("selection:ranking", args=[period.pk]))

    page = response.content.decode()
    assert response.context["readiness"].missing_assessed == 1
    assert "1 peserta</a> belum memiliki nilai komponen yang dinilai asesor." in page
    assert reverse("selection:ranking-integrate", args=[period.pk]) not in page


def test_the_formasi_list_is_searchable_and_paginated(client, hr_admin, period):
    for number in range(55):
        FormasiFactory.create(period=period, code=f"GURU-{number:02d}")
    FormasiFactory.create(period=period, code="PRW-01")
    client.force_login(hr_admin)

    first = client.get(reverse("selection:ranking", args=[period.pk]))
    found = client.get(reverse("selection:ranking", args=[period.pk]), {"q": "prw"})
    second = client.get(reverse("selection:ranking", args=[period.pk]), {"q": "guru", "page": 2})

    assert first.context["page_obj"].paginator.count == 56
    assert [row["formasi"].code for row in found.context["rows"]] == ["PRW-01"]
    assert [row["formasi"].code for row in second.context["rows"]] == [
        f"GURU-{n:02d}" for n in range(50, 55)
    ]
    assert "q=guru&amp;page=1" in second.content.decode()


def test_hr_runs_the_cut_from_the_page(client, hr_admin, period):
    formasi = FormasiFactory.create(period=period, quota=1)
    for name, tkp in [("A", 150), ("B", 140), ("C", 130), ("D", 120)]:
        skd_result(make_application(formasi, name), twk=100, tiu=100, tkp=tkp)
    client.force_login(hr_admin)

    response = client.post(reverse("selection:ranking-cut", args=[period.pk]), follow=True)

    assert response.redirect_chain == [(reverse("selection:ranking", args=[period.pk]), 302)]
    assert "Pemeringkatan SKD selesai: 3 peserta lolos ke SKB." in response.content.decode()
    assert SkbCandidate.objects.count() == 3


def test_a_refused_integration_shows_the_message_and_changes_nothing(client, hr_admin, period):
    FormasiFactory.create(period=period)
    client.force_login(hr_admin)
    before = _state()

    response = client.post(reverse("selection:ranking-integrate", args=[period.pk]), follow=True)

    assert (
        "Integrasi belum dapat dijalankan: pemeringkatan SKD (peserta SKB) belum dijalankan untuk "
        "periode ini." in response.content.decode()
    )
    assert _state() == before


def test_hr_runs_the_integration_and_reads_the_ranking_of_a_formasi(
    client, hr_admin, scored, period
):
    client.force_login(hr_admin)

    response = client.post(reverse("selection:ranking-integrate", args=[period.pk]), follow=True)

    assert (
        "Integrasi nilai selesai: 3 peserta di 1 formasi diperingkat." in response.content.decode()
    )
    run = IntegrationRun.objects.get()
    summary = response.context["rows"][0]["summary"]
    assert (summary["lulus"], summary["p_l"], summary["tidak_lulus"]) == (1, 2, 0)

    page = client.get(reverse("selection:ranking-formasi", args=[run.pk, scored.pk]))

    assert page.status_code == 200
    rows = page.context["rows"]
    assert [(r["result"].application.registration_number, r["result"].rank) for r in rows] == [
        ("R-1", 1),
        ("R-2", 2),
        ("R-3", 3),
    ]
    first = rows[0]
    assert first["components"] == ["90,00", "90,00"]
    assert (first["skb"], first["status"]) == ("90,00", "Lulus")
    # 40 % × 390/550 × 100 + 60 % × 90 = 28.3636… + 54 = 82.3636…
    assert first["explanation"] == (
        "peringkat 1 dari 3; kuota 1; nilai akhir 82,36 = 40 % × (390/550 × 100) + 60 % × 90,00"
    )
    name = first["result"].application.applicant.name
    assert first["masked_name"] == mask_name(name)
    assert name not in page.content.decode()
    assert reverse("selection:candidate-withdraw", args=[first["result"].candidate_id]) in (
        page.content.decode()
    )


def test_the_ranking_of_a_formasi_of_another_period_is_not_found(client, hr_admin, scored, period):
    run = run_integration(period=period, actor=hr_admin)
    elsewhere = FormasiFactory.create(period=SelectionPeriodFactory.create())
    client.force_login(hr_admin)

    response = client.get(reverse("selection:ranking-formasi", args=[run.pk, elsewhere.pk]))

    assert response.status_code == 404


def test_the_auditor_exports_a_run_to_excel(client, auditor, hr_admin, scored, period):
    run = run_integration(period=period, actor=hr_admin)
    client.force_login(auditor)

    response = client.get(
        reverse("selection:ranking-export", args=[run.pk]), {"formasi": scored.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="hasil-integrasi-{run.pk}-prw-01.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Formasi", "Peringkat", "Nomor pendaftaran", "Nama (disamarkan)")
    assert [(row[0], row[1], row[2], row[11]) for row in rows[1:]] == [
        ("PRW-01", 1, "R-1", "Lulus"),
        ("PRW-01", 2, "R-2", "P/L"),
        ("PRW-01", 3, "R-3", "P/L"),
    ]


def test_hr_records_a_withdrawal_with_a_reason(client, hr_admin, scored, period):
    candidate = SkbCandidate.objects.get(application__registration_number="R-1")
    client.force_login(hr_admin)
    url = reverse("selection:candidate-withdraw", args=[candidate.pk])

    events = AuditEvent.objects.count()

    short = client.post(url, {"reason": "pindah"})

    assert short.status_code == 200
    assert short.context["form"].errors == {
        "reason": [
            "Pastikan nilai ini mengandung paling sedikit 10 karakter (sekarang 6 karakter)."
        ]
    }
    assert ">\npindah</textarea>" in short.content.decode()
    candidate.refresh_from_db()
    assert (candidate.withdrawn_at, candidate.withdrawal_reason) == (None, "")
    assert AuditEvent.objects.count() == events

    done = client.post(url, {"reason": "Diterima bekerja di BUMN."}, follow=True)

    assert done.redirect_chain == [(reverse("selection:ranking", args=[period.pk]), 302)]
    assert "Peserta R-1 dicatat mengundurkan diri" in done.content.decode()
    candidate.refresh_from_db()
    assert candidate.withdrawal_reason == "Diterima bekerja di BUMN."
    assert candidate.withdrawn_at is not None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("ranking-cut", "period"),
        ("ranking-cat-import", "period"),
        ("ranking-integrate", "period"),
        ("candidate-withdraw", "candidate"),
    ],
)
@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant"])
def test_only_hr_writes_and_a_denied_request_changes_nothing(
    client, request, persona, name, kind, scored, period
):
    client.force_login(request.getfixturevalue(persona))
    target = period.pk if kind == "period" else SkbCandidate.objects.earliest("pk").pk
    before = _state()
    setup_before = SelectionSetup.objects.get(period=period).cut_at

    response = client.post(
        reverse(f"selection:{name}", args=[target]), {"reason": "Diterima bekerja di BUMN."}
    )

    assert response.status_code == 403
    assert _state() == before
    assert SelectionSetup.objects.get(period=period).cut_at == setup_before
    assert not SkbCandidate.objects.filter(withdrawn_at__isnull=False).exists()


@pytest.mark.parametrize("persona", ["assessor", "applicant"])
def test_only_hr_and_the_auditor_read(client, request, persona, hr_admin, scored, period):
    run = run_integration(period=period, actor=hr_admin)
    client.force_login(request.getfixturevalue(persona))

    for url in (
        reverse("selection:ranking", args=[period.pk]),
        reverse("selection:ranking-formasi", args=[run.pk, scored.pk]),
        reverse("selection:ranking-export", args=[run.pk]),
    ):
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, period):
    response = client.get(reverse("selection:ranking", args=[period.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_get_on_a_write_url_is_not_allowed(client, hr_admin, period):
    client.force_login(hr_admin)

    assert client.get(reverse("selection:ranking-cut", args=[period.pk])).status_code == 405
    assert SelectionSetup.objects.get(period=period).cut_at is None


def test_an_old_run_is_marked_as_not_the_latest(client, hr_admin, scored, period):
    first = run_integration(period=period, actor=hr_admin)
    SkbCandidate.objects.filter(application__registration_number="R-1").update(
        withdrawn_at=timezone.now()
    )
    run_integration(period=period, actor=hr_admin)
    client.force_login(hr_admin)

    response = client.get(reverse("selection:ranking-formasi", args=[first.pk, scored.pk]))

    assert response.context["is_latest"] is False
    assert 'data-testid="not-latest"' in response.content.decode()


def test_the_page_states_the_configured_cut_multiplier(client, hr_admin, period):
    SelectionSetup.objects.filter(period=period).update(cut_multiplier=2)
    client.force_login(hr_admin)

    response = client.get(reverse("selection:ranking", args=[period.pk]))

    page = response.content.decode()
    assert "Peserta yang lolos ke SKB (2 × kuota menurut pengaturan periode)" in page
    assert "2 × kuota lolos, ditambah semua yang sama persis dengan urutan terakhir." in page
    assert "3 ×" not in page


@pytest.mark.parametrize(
    ("by_formasi", "code", "sheets"),
    [(False, None, ["Hasil integrasi", "Optimalisasi"]), (True, "PRW-01", ["Hasil integrasi"])],
)
def test_each_ranking_export_is_audited(
    client, auditor, hr_admin, scored, period, by_formasi, code, sheets
):
    run = run_integration(period=period, actor=hr_admin)
    client.force_login(auditor)
    events = AuditEvent.objects.count()

    response = client.get(
        reverse("selection:ranking-export", args=[run.pk]),
        {"formasi": scored.pk} if by_formasi else {},
    )

    assert response.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames == sheets
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(action="selection.ranking.exported")
    assert (event.actor, event.target_type, event.target_id) == (
        auditor,
        "selection.integrationrun",
        str(run.pk),
    )
    assert event.changes == {"formasi": code, "rows": 3}


@pytest.mark.parametrize("persona", ["assessor", "applicant"])
def test_a_refused_export_is_not_audited(client, request, persona, hr_admin, scored, period):
    run = run_integration(period=period, actor=hr_admin)
    client.force_login(request.getfixturevalue(persona))
    events = AuditEvent.objects.count()

    response = client.get(reverse("selection:ranking-export", args=[run.pk]))

    assert response.status_code == 403
    assert AuditEvent.objects.count() == events


def test_an_export_of_a_formasi_of_another_period_is_not_found_nor_audited(
    client, hr_admin, scored, period
):
    run = run_integration(period=period, actor=hr_admin)
    elsewhere = FormasiFactory.create(period=SelectionPeriodFactory.create())
    client.force_login(hr_admin)
    events = AuditEvent.objects.count()

    response = client.get(
        reverse("selection:ranking-export", args=[run.pk]), {"formasi": elsewhere.pk}
    )

    assert response.status_code == 404
    assert AuditEvent.objects.count() == events


def test_the_page_shows_how_long_the_last_steps_took(client, hr_admin, scored, period):
    run = run_integration(period=period, actor=hr_admin)
    milliseconds = AuditEvent.objects.get(action="selection.integration.completed").changes[
        "duration_ms"
    ]
    client.force_login(hr_admin)

    response = client.get(reverse("selection:ranking", args=[period.pk]))

    seconds = f"{milliseconds / 1000:.1f}".replace(".", ",")
    assert response.context["durations"] == {"cut": None, "cat_import": None, "run": seconds}
    assert (
        f'<span data-testid="run-duration">#{run.pk} terakhir berjalan '
        f"{format_datetime_wib(run.run_at)} ({seconds} detik)</span>"
    ) in response.content.decode()


def test_the_seconds_are_shown_with_a_decimal_comma():
    assert [digest_selectors.seconds_text(ms) for ms in (0, 40, 1234, 61_050)] == [
        "0,0",
        "0,0",
        "1,2",
        "61,0",
    ]
