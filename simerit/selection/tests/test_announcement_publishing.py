"""Publishing the final result: frozen entries with the breakdown, three hashes in the audit chain,
versions that supersede, and every refusal leaving nothing changed."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.models import Notification
from simerit.recruitment.models import Stage, StageWindow
from simerit.recruitment.tests.factories import (
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
)
from simerit.selection import rules
from simerit.selection.models import (
    FinalResult,
    ResultAnnouncement,
    ResultAnnouncementEntry,
    ResultSanggah,
    SelectionSetup,
    SkbCandidate,
)
from simerit.selection.selectors import announcement_explanations as explanation_selectors
from simerit.selection.selectors import announcements as selectors
from simerit.selection.services import announcements as services
from simerit.selection.services.integration import run_integration
from simerit.selection.tests.factories import SelectionSetupFactory, make_components
from simerit.selection.tests.factories_announcements import (
    LINES,
    Line,
    integrate,
    scenario,
    set_score,
)
from simerit.selection.tests.factories_integration import (
    component_result,
    make_candidate,
    make_scored_formasi,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return scenario()


def state():
    """Everything a publication writes."""
    return (
        ResultAnnouncement.objects.count(),
        ResultAnnouncementEntry.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def version_of(formasi):
    latest = selectors.latest_announcement(formasi)
    return latest.version if latest is not None else None


def test_publishing_freezes_the_ranking_with_its_breakdown(world):
    integrate(world.period, by=world.hr)

    announcement = services.publish_results(formasi=world.formasi, actor=world.hr)

    rows = [
        (e.rank, e.registration_number, e.masked_name, e.status, e.skb_score, e.final_score)
        for e in selectors.entries_of(announcement)
    ]
    assert rows == [
        (1, "2026-HSL-000101", "S*** A*****", "lulus", Decimal("70.0000"), Decimal("70.7273")),
        (2, "2026-HSL-000102", "B*** S******", "p_l", Decimal("64.0000"), Decimal("66.7636")),
        (3, "2026-HSL-000103", "R*** W***", "p_l", Decimal("53.0000"), Decimal("57.9818")),
        (None, "2026-HSL-000104", "D*** I*****", "tidak_lulus", None, None),
    ]
    absent = selectors.entries_of(announcement)[3]
    assert absent.skb_components == [
        {
            "name": "SKB-CAT",
            "method": "cat",
            "weight": "60.0000",
            "score": "80.0000",
            "status": "final",
        },
        {
            "name": "Simulasi kasus klinis",
            "method": "case_simulation",
            "weight": "40.0000",
            "score": None,
            "status": "absent",
        },
    ]
    assert announcement.formula == {
        "skd_weight": "40.0000",
        "skb_weight": "60.0000",
        "skd_max": 550,
        "components": [
            {
                "order": 1,
                "name": "SKB-CAT",
                "method": "cat",
                "weight": "60.0000",
                "aggregation": "",
                "cat_max_score": 500,
            },
            {
                "order": 2,
                "name": "Simulasi kasus klinis",
                "method": "case_simulation",
                "weight": "40.0000",
                "aggregation": "mean",
                "cat_max_score": None,
            },
        ],
    }
    assert (announcement.version, announcement.supersedes, announcement.quota) == (1, None, 1)
    assert (announcement.formasi_code, announcement.unit_name) == ("F-PERAWAT", "RSUD Bari")
    assert announcement.sanggah_closes_at == announcement.published_at + dt.timedelta(days=3)
    assert announcement.published_at.microsecond == 0


def test_the_three_hashes_are_of_the_served_bytes_and_in_the_audit_chain(world):
    integrate(world.period, by=world.hr)

    announcement = services.publish_results(formasi=world.formasi, actor=world.hr)

    announcement.refresh_from_db()
    json_bytes = selectors.canonical_json_of(announcement)
    assert announcement.sha256 == hashlib.sha256(json_bytes).hexdigest()
    assert announcement.csv_sha256 == hashlib.sha256(selectors.csv_of(announcement)).hexdigest()
    assert announcement.pdf_sha256 == hashlib.sha256(bytes(announcement.pdf)).hexdigest()
    assert bytes(announcement.pdf).startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="selection.announcement.published")
    assert (event.target_type, event.target_id) == (
        "selection.resultannouncement",
        str(announcement.pk),
    )
    assert event.changes == {
        "formasi": "F-PERAWAT",
        "version": 1,
        "sha256": announcement.sha256,
        "csv_sha256": announcement.csv_sha256,
        "pdf_sha256": announcement.pdf_sha256,
        "supersedes_version": None,
        "run": announcement.run_id,
        "entries": 4,
        "statuses": {"lulus": 1, "p_l": 2, "tidak_lulus": 1, "mengundurkan_diri": 0},
        "note": "",
        "sanggah_closes_at": event.changes["sanggah_closes_at"],
    }
    assert selectors.integrity_problems(announcement) == []


def test_each_listed_applicant_is_notified_with_a_link_to_their_result(world):
    integrate(world.period, by=world.hr)

    services.publish_results(formasi=world.formasi, actor=world.hr)

    notes = Notification.objects.order_by("pk")
    assert notes.count() == 4
    first = notes.get(user=world.candidates["2026-HSL-000101"].application.applicant.user)
    assert first.title == "Pengumuman hasil akhir seleksi"
    assert first.body == (
        "Hasil akhir formasi F-PERAWAT versi 1 telah diumumkan. Lamaran 2026-HSL-000101: Lulus. "
        "Lihat rincian nilai, alasannya dan masa sanggah pada halaman hasil akhir Anda."
    )
    assert first.url == "/seleksi-kompetensi/hasil-akhir-saya/"


def test_a_correction_from_a_new_run_supersedes_the_previous_version(world):
    integrate(world.period, by=world.hr)
    first = services.publish_results(formasi=world.formasi, actor=world.hr)
    # given: the simulation of 000102 was re-scored by a panel, and the integration run again
    set_score(world.candidates["2026-HSL-000102"], world.components[1], Decimal(95))
    integrate(world.period, by=world.hr)

    second = services.publish_results(
        formasi=world.formasi, actor=world.hr, note="  Koreksi   nilai simulasi 000102 "
    )

    assert (second.version, second.supersedes, second.note) == (
        2,
        first,
        "Koreksi nilai simulasi 000102",
    )
    first.refresh_from_db()
    assert first.superseded_by == second
    assert [e.registration_number for e in selectors.entries_of(second)][:2] == [
        "2026-HSL-000102",
        "2026-HSL-000101",
    ]
    # the first version is untouched and still intact
    assert selectors.integrity_problems(first) == []
    assert [e.rank for e in selectors.entries_of(first)] == [1, 2, 3, None]
    events = AuditEvent.objects.filter(action="selection.announcement.published").order_by("seq")
    assert [(e.changes["version"], e.changes["supersedes_version"]) for e in events] == [
        (1, None),
        (2, 1),
    ]
    body = Notification.objects.order_by("pk").values_list("body", flat=True)[7]
    assert body.startswith("Hasil akhir formasi F-PERAWAT versi 2 (koreksi) telah diumumkan.")


def test_refused_without_an_integration_run(world):
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr)

    assert error.value.message == (
        "Integrasi nilai Seleksi CASN Kota Palembang 2026 belum dijalankan; hasil akhir belum "
        "dapat diumumkan."
    )
    assert state() == before


def test_refused_for_a_formasi_without_results_in_the_latest_run(world):
    integrate(world.period, by=world.hr)
    empty = FormasiFactory.create(period=world.period, code="F-BIDAN")
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=empty, actor=world.hr)

    assert error.value.message == (
        "Formasi F-BIDAN tidak memiliki hasil akhir pada integrasi terakhir; tidak ada yang dapat "
        "diumumkan."
    )
    assert state() == before


def test_no_new_version_without_a_new_run(world):
    integrate(world.period, by=world.hr)
    services.publish_results(formasi=world.formasi, actor=world.hr)
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr, note="Ulang")

    assert error.value.message == (
        "Hasil akhir formasi F-PERAWAT dari integrasi terakhir sudah diumumkan sebagai versi 1. "
        "Versi baru hanya dapat diterbitkan dari integrasi baru (misalnya sesudah sanggah "
        "dikabulkan atau peserta mengundurkan diri)."
    )
    assert state() == before


def test_no_new_version_when_the_new_run_changed_nothing(world):
    integrate(world.period, by=world.hr)
    services.publish_results(formasi=world.formasi, actor=world.hr)
    integrate(world.period, by=world.hr)
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr, note="Ulang")

    assert error.value.message == (
        "Integrasi terakhir tidak mengubah hasil akhir formasi F-PERAWAT dibanding versi 1; "
        "tidak ada yang perlu diumumkan ulang."
    )
    assert state() == before


def test_a_correction_needs_a_note(world):
    integrate(world.period, by=world.hr)
    services.publish_results(formasi=world.formasi, actor=world.hr)
    set_score(world.candidates["2026-HSL-000103"], world.components[1], Decimal(51))
    integrate(world.period, by=world.hr)
    before = state()

    with pytest.raises(InvalidInputError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr, note="   ")

    assert error.value.errors == {
        "note": ["Versi 2 hasil akhir F-PERAWAT adalah koreksi: tulis catatan perubahannya."]
    }
    assert state() == before


def test_refused_while_a_sanggah_on_the_result_waits(world):
    integrate(world.period, by=world.hr)
    first = services.publish_results(formasi=world.formasi, actor=world.hr)
    ResultSanggah.objects.create(
        application=world.candidates["2026-HSL-000102"].application,
        announcement=first,
        reason="Nilai simulasi saya keliru dijumlahkan.",
    )
    set_score(world.candidates["2026-HSL-000102"], world.components[1], Decimal(95))
    integrate(world.period, by=world.hr)
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr, note="Koreksi")

    assert error.value.message == (
        "Hasil akhir formasi F-PERAWAT belum dapat diumumkan: 1 sanggah hasil akhir formasi ini "
        "belum diputuskan."
    )
    assert state() == before


def test_refused_outside_the_result_announcement_window(world):
    integrate(world.period, by=world.hr)
    StageWindow.objects.create(
        period=world.period,
        stage=Stage.RESULT_ANNOUNCEMENT,
        opens_at=dt.datetime(2030, 1, 10, 1, 0, tzinfo=dt.UTC),
        closes_at=dt.datetime(2030, 1, 12, 1, 0, tzinfo=dt.UTC),
    )
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr)

    assert error.value.message == (
        "Masa pengumuman hasil akhir belum dibuka; dibuka pada 10 Januari 2030 08.00 WIB."
    )
    assert state() == before


def test_allowed_inside_the_result_announcement_window(world):
    integrate(world.period, by=world.hr)
    now = dt.datetime.now(dt.UTC)
    StageWindow.objects.create(
        period=world.period,
        stage=Stage.RESULT_ANNOUNCEMENT,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=1),
    )

    announcement = services.publish_results(formasi=world.formasi, actor=world.hr)

    assert announcement.version == 1


def test_refused_when_scores_changed_after_the_run(world):
    integrate(world.period, by=world.hr)
    set_score(world.candidates["2026-HSL-000101"], world.components[0], Decimal(10))
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr)

    assert error.value.message == (
        "Hasil akhir formasi F-PERAWAT pada integrasi terakhir tidak sesuai dengan nilai "
        "komponen dan bobot yang berlaku sekarang (lamaran 2026-HSL-000101); jalankan integrasi "
        "ulang sebelum mengumumkan."
    )
    assert state() == before


def test_the_setup_sets_the_sanggah_days(world):
    SelectionSetup.objects.filter(period=world.period).update(result_sanggah_days=5)
    integrate(world.period, by=world.hr)

    announcement = services.publish_results(formasi=world.formasi, actor=world.hr)

    assert announcement.sanggah_closes_at - announcement.published_at == dt.timedelta(days=5)


@pytest.mark.parametrize("persona", ["auditor", "applicant", "assessor"])
def test_only_admin_bkpsdm_publishes(world, persona, request):
    integrate(world.period, by=world.hr)
    user = request.getfixturevalue(persona)
    before = state()

    with pytest.raises(PermissionDenied):
        services.publish_results(formasi=world.formasi, actor=user)
    with pytest.raises(PermissionDenied):
        services.publish_period(period=world.period, actor=user)

    assert state() == before


def test_publish_period_publishes_each_formasi_of_the_run_once(world):
    other = scenario(
        code="F-BIDAN",
        period=world.period,
        hr=world.hr,
        lines=(Line("2026-HSL-000201", "Ani Lestari", 100, 100, 170, Decimal(70), Decimal(70)),),
    )
    integrate(world.period, by=world.hr)

    assert services.publish_period(period=world.period, actor=world.hr) == 2
    assert services.publish_period(period=world.period, actor=world.hr) == 0

    published = ResultAnnouncement.objects.order_by("formasi_code")
    assert [(a.formasi_code, a.version) for a in published] == [("F-BIDAN", 1), ("F-PERAWAT", 1)]
    assert version_of(other.formasi) == 1


def test_publish_period_corrects_only_changed_formasi_and_needs_the_note(world):
    other = scenario(
        code="F-BIDAN",
        period=world.period,
        hr=world.hr,
        lines=(Line("2026-HSL-000201", "Ani Lestari", 100, 100, 170, Decimal(70), Decimal(70)),),
    )
    integrate(world.period, by=world.hr)
    services.publish_period(period=world.period, actor=world.hr)
    set_score(other.candidates["2026-HSL-000201"], other.components[1], Decimal(72))
    integrate(world.period, by=world.hr)
    before = state()

    with pytest.raises(InvalidInputError):
        services.publish_period(period=world.period, actor=world.hr)
    assert state() == before

    assert services.publish_period(period=world.period, actor=world.hr, note="Koreksi") == 1
    assert version_of(other.formasi) == 2
    assert version_of(world.formasi) == 1


def test_publish_period_is_all_or_nothing(world):
    other = scenario(
        code="F-BIDAN",
        period=world.period,
        hr=world.hr,
        lines=(Line("2026-HSL-000201", "Ani Lestari", 100, 100, 170, Decimal(70), Decimal(70)),),
    )
    integrate(world.period, by=world.hr)
    # F-BIDAN's CAT score changed after the run: that formasi is refused, so F-PERAWAT waits too
    set_score(other.candidates["2026-HSL-000201"], other.components[0], Decimal(71))
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_period(period=world.period, actor=world.hr)

    assert "F-BIDAN" in error.value.message
    assert state() == before


def test_explanations_say_why(db):
    lines = (*LINES, Line("2026-HSL-000105", "Eka Putri", 100, 100, 100, Decimal(50), None, True))
    world = scenario(code="F-GIZI", lines=lines)
    integrate(world.period, by=world.hr)
    announcement = services.publish_results(formasi=world.formasi, actor=world.hr)
    entries = {e.registration_number: e for e in selectors.entries_of(announcement)}

    assert explanation_selectors.explanation(entries["2026-HSL-000101"]) == (
        "peringkat 1 dari 3; kuota 1; nilai akhir 70,73 = 40 % × (395/550 × 100) + 60 % × 70,00"
    )
    assert explanation_selectors.explanation(entries["2026-HSL-000103"]) == (
        "peringkat 3 dari 3; kuota 1; nilai akhir 57,98 = 40 % × (360/550 × 100) + 60 % × 53,00"
    )
    assert explanation_selectors.explanation(entries["2026-HSL-000104"]) == (
        "Tidak Lulus: nilai komponen Simulasi kasus klinis tidak ada (tidak hadir)"
    )
    assert explanation_selectors.explanation(entries["2026-HSL-000105"]) == (
        "Mengundurkan diri: tidak diperingkat; peringkat berikutnya naik."
    )


def test_entry_for_is_the_line_in_the_newest_version(world):
    integrate(world.period, by=world.hr)
    services.publish_results(formasi=world.formasi, actor=world.hr)
    application = world.candidates["2026-HSL-000102"].application
    set_score(world.candidates["2026-HSL-000102"], world.components[1], Decimal(95))
    integrate(world.period, by=world.hr)
    services.publish_results(formasi=world.formasi, actor=world.hr, note="Koreksi")

    entry = selectors.entry_for(application)

    assert entry is not None
    assert (entry.announcement.version, entry.rank, entry.status) == (2, 1, "lulus")
    assert selectors.entry_for(ApplicationFactory.create()) is None


def test_the_public_list_reads_every_version_in_one_query(world, django_assert_num_queries):
    integrate(world.period, by=world.hr)
    services.publish_results(formasi=world.formasi, actor=world.hr)
    set_score(world.candidates["2026-HSL-000103"], world.components[1], Decimal(51))
    integrate(world.period, by=world.hr)
    services.publish_results(formasi=world.formasi, actor=world.hr, note="Koreksi")

    with django_assert_num_queries(1):
        rows = [
            (
                a.version,
                a.n_entries,  # type: ignore[attr-defined]  # annotated by the selector
                getattr(a, "superseded_by", None),
                a.formasi.period.name,
            )
            for a in selectors.list_announcements(period=world.period)
        ]

    assert [(version, n, successor is None) for version, n, successor, _ in rows] == [
        (2, 4, True),
        (1, 4, False),
    ]


# --- The run's rows are re-verified at publication: the digest of the run (in its audit row),
# the SKD scores and withdrawals of the SKB candidates, and the ranking rule.


def _real_run(quota: int = 1):
    """A formasi ranked by the real integration (which seals the run's rows with a digest):
    R-1 (CAT 90, simulation 90) Lulus, R-2 (80, 80) and R-3 (70, 70) P/L; SKD 390 each."""
    period = SelectionPeriodFactory.create(name="Seleksi CPNS 2026")
    SelectionSetupFactory.create(period=period)
    formasi = make_scored_formasi(period, "PRW-01", quota=quota)
    hr = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    return formasi, run_integration(period=period, actor=hr), hr


def _sql(statement: str, params: list[int | str]) -> None:
    """A change made in the database behind the services' back."""
    table = connection.ops.quote_name(FinalResult._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(statement.format(table=table), params)


def _swap_first_two(run) -> None:
    first, second = FinalResult.objects.filter(run=run, rank__in=(1, 2)).order_by("rank")
    update = "UPDATE {table} SET rank = %s, status = %s WHERE id = %s"
    _sql(update, [2, "p_l", first.pk])
    _sql(update, [1, "lulus", second.pk])


def test_a_run_sealed_by_the_integration_publishes(db):
    formasi, run, hr = _real_run()

    announcement = services.publish_results(formasi=formasi, actor=hr)

    assert [(e.registration_number, e.rank, e.status) for e in announcement.entries.all()] == [
        ("R-1", 1, "lulus"),
        ("R-2", 2, "p_l"),
        ("R-3", 3, "p_l"),
    ]
    assert announcement.run == run


def test_a_rank_and_status_swapped_in_the_database_after_the_run_is_refused(db):
    formasi, run, hr = _real_run()
    _swap_first_two(run)
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=formasi, actor=hr)
    with pytest.raises(ConflictError) as whole:
        services.publish_period(period=formasi.period, actor=hr)

    assert (
        error.value.message
        == whole.value.message
        == (
            f"Hasil integrasi berubah sesudah dijalankan (integrasi #{run.pk}): baris hasil akhir "
            "tidak lagi sama dengan sidik SHA-256 yang tercatat di log audit. Jangan umumkan; periksa "
            "log audit dan jalankan integrasi ulang."
        )
    )
    assert state() == before


def test_a_skd_total_changed_in_the_database_after_the_run_is_refused(db):
    formasi, run, hr = _real_run()
    _sql("UPDATE {table} SET skd_total = %s WHERE run_id = %s AND rank = 3", [391, run.pk])
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=formasi, actor=hr)

    assert error.value.message.startswith(
        f"Hasil integrasi berubah sesudah dijalankan (integrasi #{run.pk}): "
    )
    assert state() == before


def test_a_swap_in_a_run_without_a_digest_is_refused_by_the_ranking_rule(world):
    # given: a run written without its audit row (so without a digest), then ranks 1 and 2
    # swapped with their statuses
    run = integrate(world.period, by=world.hr)
    _swap_first_two(run)
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr)

    assert error.value.message == (
        "Peringkat hasil akhir formasi F-PERAWAT pada integrasi terakhir tidak sesuai dengan "
        "aturan pemeringkatan (lamaran 2026-HSL-000101: tercatat peringkat 2 P/L, seharusnya "
        "peringkat 1 Lulus); jalankan integrasi ulang sebelum mengumumkan."
    )
    assert state() == before


def test_a_status_alone_changed_is_refused_by_the_ranking_rule(world):
    run = integrate(world.period, by=world.hr)
    FinalResult.objects.filter(run=run, rank=3).update(status="lulus")
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr)

    assert error.value.message == (
        "Peringkat hasil akhir formasi F-PERAWAT pada integrasi terakhir tidak sesuai dengan "
        "aturan pemeringkatan (lamaran 2026-HSL-000103: tercatat peringkat 3 Lulus, seharusnya "
        "peringkat 3 P/L); jalankan integrasi ulang sebelum mengumumkan."
    )
    assert state() == before


def test_a_skd_total_unlike_the_skb_candidate_is_refused(world):
    # given: 000101's SKD total raised from 395 to 450 with a final score that fits it (40 % ×
    # 450/550 × 100 + 60 % × 70 = 74.7273), so the breakdown check alone would pass
    run = integrate(world.period, by=world.hr)
    FinalResult.objects.filter(run=run, application__registration_number="2026-HSL-000101").update(
        skd_total=450, final_score=Decimal("74.7273")
    )
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr)

    assert error.value.message == (
        "Hasil akhir formasi F-PERAWAT pada integrasi terakhir tidak sesuai dengan data peserta "
        "SKB (lamaran 2026-HSL-000101: SKD tercatat 450 (TWK 120, TIU 100, TKP 175), peserta SKB "
        "395 (TWK 120, TIU 100, TKP 175)); jalankan integrasi ulang sebelum mengumumkan."
    )
    assert state() == before


def test_a_withdrawal_recorded_after_the_run_needs_a_new_run(world):
    integrate(world.period, by=world.hr)
    SkbCandidate.objects.filter(pk=world.candidates["2026-HSL-000102"].pk).update(
        withdrawn_at=timezone.now()
    )
    before = state()

    with pytest.raises(ConflictError) as error:
        services.publish_results(formasi=world.formasi, actor=world.hr)

    assert error.value.message == (
        "Hasil akhir formasi F-PERAWAT pada integrasi terakhir tidak sesuai dengan data peserta "
        "SKB (lamaran 2026-HSL-000102: status P/L, peserta SKB tercatat mengundurkan diri); "
        "jalankan integrasi ulang sebelum mengumumkan."
    )
    assert state() == before
    integrate(world.period, by=world.hr)
    assert services.publish_results(formasi=world.formasi, actor=world.hr).version == 1


def test_scores_equal_at_four_decimals_keep_the_order_of_the_exact_scores(db):
    # given: A's exact final score is above B's by 0.0000287 and both are stored as 70.8000;
    # B has the higher SKD total, so ranking the stored scores would put B first
    period = SelectionPeriodFactory.create()
    SelectionSetupFactory.create(period=period, cut_at=timezone.now())
    formasi = FormasiFactory.create(period=period, code="F-TIPIS", quota=1)
    cat, simulation = make_components(formasi)
    # A: 40 % × 395/550 × 100 + 60 % × (60 % × 70.2021 + 40 % × 70) = 70.80002872…
    a = make_candidate(formasi, "A", twk=100, tiu=115, tkp=180)
    component_result(cat, a, Decimal("70.2021"))
    component_result(simulation, a, Decimal(70))
    # B: 40 % × 396/550 × 100 + 60 % × 70 = 70.8 exactly
    b = make_candidate(formasi, "B", twk=100, tiu=116, tkp=180)
    component_result(cat, b, Decimal(70))
    component_result(simulation, b, Decimal(70))
    hr = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    run = run_integration(period=period, actor=hr)
    stored = list(FinalResult.objects.filter(run=run).order_by("rank"))
    assert [(r.application.registration_number, r.rank, r.final_score) for r in stored] == [
        ("A", 1, Decimal("70.8000")),
        ("B", 2, Decimal("70.8000")),
    ]
    by_stored_scores = rules.rank_final(
        [
            rules.FinalCandidate(
                key=r.application.registration_number,
                skd=rules.SkdScore(twk=r.twk, tiu=r.tiu, tkp=r.tkp),
                final=r.final_score,
                education_score=r.education_score,
                birth_date=r.birth_date,
            )
            for r in stored
        ],
        quota=1,
    )
    assert [p.key for p in by_stored_scores] == ["B", "A"]

    announcement = services.publish_results(formasi=formasi, actor=hr)

    assert [(e.registration_number, e.rank, e.status) for e in announcement.entries.all()] == [
        ("A", 1, "lulus"),
        ("B", 2, "p_l"),
    ]
