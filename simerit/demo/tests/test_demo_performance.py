"""The demo's performance story (simerit/demo/performance.py), on a demo seeded once for the module."""

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, QuerySet
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.audit.services import verify_chain
from simerit.demo.data import DEMO_PASSWORD
from simerit.demo.performance import story_year
from simerit.demo.tests.test_seed_demo import added, history_audit, private_storage
from simerit.employees.models import Employee
from simerit.notifications.models import Notification
from simerit.organization.models import WorkUnit
from simerit.performance.models import (
    Appraisal,
    CoachingFeedback,
    CoachingNote,
    Evidence,
    Expectation,
    Objection,
    PerformanceYear,
    RaterAssignment,
    Realisation,
    ResultFeedback,
    Skp,
    TrainingNeed,
    UnitPredikat,
    WorkResult,
)
from simerit.performance.selectors.appraisal import objections_waiting
from simerit.performance.selectors.distribution import unit_distribution
from simerit.performance.selectors.feedback360 import evidence_summary
from simerit.recruitment.uploads import check_upload

STAFF = ("pegawai", "rekan1", "rekan2", "rekan3", "rekan4")


@pytest.fixture(scope="module")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-performance-media")


@pytest.fixture(scope="module")
def seeded_module(django_db_setup: None, django_db_blocker: Any, media_root: Path) -> Iterator[str]:
    with (
        override_settings(STORAGES=private_storage(media_root)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_module: str, db: None) -> str:
    return seeded_module


def counts_by(queryset: QuerySet[Any], field: str) -> dict[Any, int]:
    rows = queryset.values(field).annotate(n=Count("pk")).order_by(field)
    return {row[field]: row["n"] for row in rows}


def this_year() -> int:
    """The story's year; the two before it are the performance history (test_demo_merit.py)."""
    return story_year(timezone.localdate())


def skp_of(username: str) -> Skp:
    return Skp.objects.select_related("year", "employee").get(
        employee__user__username=username, year__year=this_year()
    )


def login(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_year_runs_with_every_skp_approved_and_cascaded(seeded: str) -> None:
    year = PerformanceYear.objects.get(year=this_year())
    assert (year.year, year.status, year.frequency) == (
        story_year(timezone.localdate()),
        "running",
        "quarterly",
    )
    assert year.feedback_closed_at is not None  # the 360 collection is over: aggregates shown
    assert counts_by(Skp.objects.filter(year=year), "status") == {"approved": 6}
    kabid = skp_of("atasan")
    kadinkes = User.objects.get(username="kadinkes")
    assert (kabid.evaluator.user, kabid.approved_by) == (kadinkes, kadinkes)
    assert kabid.results.count() == 3
    assert WorkResult.objects.filter(skp__year=year, parent__isnull=True).count() == 3
    for username in STAFF:
        skp = skp_of(username)
        assert (skp.evaluator.user.username, skp.evaluator_superior.user.username) == (  # type: ignore[union-attr]
            "atasan",
            "kadinkes",
        )
        assert set(skp.results.values_list("parent__skp", flat=True)) == {kabid.pk}
    pegawai = skp_of("pegawai")
    assert counts_by(
        Realisation.objects.filter(indicator__result__skp=pegawai), "period_index"
    ) == {
        1: 7,
        2: 7,
        3: 7,
    }
    assert set(pegawai.results.values_list("indicators__aspect", flat=True).distinct()) == {
        "kuantitas",
        "kualitas",
        "waktu",
    }
    assert Realisation.objects.count() == 21 + 9 + 9 + 9 + 6


def test_the_pegawai_has_evidence_feedback_expectations_and_coaching(
    seeded: str, media_root: Path
) -> None:
    pegawai = skp_of("pegawai")
    evidence = Evidence.objects.get()
    assert evidence.realisation.indicator.result.skp == pegawai
    assert (evidence.realisation.period_index, evidence.file_format) == (3, "pdf")
    with evidence.file.open("rb") as handle:
        content = handle.read()
    check_upload(content, size=len(content), allowed_formats=("pdf",), max_kb=2048, label="bukti")
    assert counts_by(ResultFeedback.objects.all(), "result__skp__employee__user__username") == {
        "pegawai": 3
    }
    assert Expectation.objects.filter(skp=pegawai, written_by__username="atasan").count() == 7
    assert Expectation.objects.count() == 7
    note = CoachingNote.objects.get(skp=pegawai)
    assert (note.kind, note.author.username) == ("bimbingan", "atasan")
    assert note.feedback.answers["bermanfaat"] == 5
    assert CoachingFeedback.objects.count() == 1
    assert CoachingNote.objects.get(skp=skp_of("rekan3")).kind == "konseling"


def test_the_360_input_shows_the_pegawai_aggregated_peers(seeded: str) -> None:
    pegawai = skp_of("pegawai")
    statuses = counts_by(RaterAssignment.objects.filter(skp=pegawai), "status")
    assert statuses == {"answered": 5, "invited": 1}
    summary = evidence_summary(pegawai)
    groups = {item.group: (item.answers, item.mean) for item in summary.groups}
    assert groups == {
        "self": (1, Decimal("4.38")),
        "supervisor": (1, Decimal("3.67")),
        "peer": (3, Decimal("3.78")),
    }
    # The evidence the pejabat penilai decides on can be computed (its exact rule is the 360
    # part's); the peers' mean is shown, not withheld.
    assert summary.overall_mean is not None

    page = login("pegawai").get(reverse("performance:skp-feedback360", args=[pegawai.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="mean-peer">3,78<' in html
    assert "withheld-peer" not in html


def test_a_peer_group_below_the_threshold_stays_withheld(seeded: str) -> None:
    rekan4 = skp_of("rekan4")
    assert counts_by(RaterAssignment.objects.filter(skp=rekan4), "status") == {
        "answered": 3,
        "invited": 3,
    }
    waiting = RaterAssignment.objects.filter(skp=rekan4, status="invited")
    assert set(waiting.values_list("rater__user__username", flat=True)) == {
        "atasan",
        "pegawai",
        "rekan3",
    }

    page = login("rekan4").get(reverse("performance:skp-feedback360", args=[rekan4.pk]))

    assert 'data-testid="withheld-peer"' in page.content.decode()
    assert RaterAssignment.objects.filter(status="answered").count() == 26


def test_the_decisions_the_justification_and_the_training_needs(seeded: str) -> None:
    appraisals = Appraisal.objects.filter(skp__year__year=this_year())
    assert counts_by(appraisals, "predikat") == {"baik": 2, "butuh_perbaikan": 1}
    decided = {
        appraisal.skp.employee.user.username: appraisal  # type: ignore[union-attr]
        for appraisal in appraisals.select_related("skp__employee__user")
    }
    assert {name: item.status for name, item in decided.items()} == {
        "rekan1": "delivered",
        "rekan2": "delivered",
        "rekan3": "objected",
    }
    assert decided["rekan1"].justification == ""
    justified = decided["rekan2"]
    assert justified.justification.startswith("Rekan kerja memberi nilai hampir sempurna")
    assert Decimal(justified.evidence["overall_mean"]) > Decimal(4)
    needs = TrainingNeed.objects.filter(skp__year__year=this_year())
    assert counts_by(needs, "source") == {"indicator": 1, "predikat": 1}
    assert set(needs.values_list("skp__employee__user__username", flat=True)) == {"rekan3"}
    assert needs.get(source="indicator").indicator.code == "6c"  # type: ignore[union-attr]


def test_the_keberatan_waits_for_the_kepala_dinas(seeded: str) -> None:
    objection = Objection.objects.get(appraisal__skp__year__year=this_year())
    assert objection.status == "filed"
    assert objection.filed_by.username == "rekan3"
    assert objection.evaluator_statement.startswith("Penugasan membantu PIN Polio")
    assert objection.employee_statement.startswith("Surat tugas PIN Polio")
    kadinkes = User.objects.get(username="kadinkes")
    assert list(objections_waiting(kadinkes)) == [objection]
    assert Employee.objects.get(user=kadinkes).position.name == "Kepala Dinas Kesehatan"
    # The kepala dinas's inbox points to the keberatan.
    appraisal_url = reverse("performance:skp-appraisal", args=[objection.appraisal.skp_id])
    assert Notification.objects.filter(user=kadinkes, url=appraisal_url).count() == 1

    page = login("kadinkes").get(reverse("performance:objections"))

    assert page.status_code == 200
    assert objection.appraisal.skp.employee.name in page.content.decode()


def test_the_unit_predikat_and_the_distribution_check(seeded: str) -> None:
    unit = WorkUnit.objects.get(code="DINKES-YANKES")
    predikat = UnitPredikat.objects.get()
    assert (predikat.work_unit, predikat.predikat, predikat.set_by.username) == (
        unit,
        "baik",
        "admin.bkpsdm",
    )
    distribution = unit_distribution(year=predikat.year, unit=unit)
    assert distribution.counts == {
        "sangat_baik": 0,
        "baik": 2,
        "butuh_perbaikan": 1,
        "kurang": 0,
        "sangat_kurang": 0,
    }
    assert distribution.findings == []

    page = login("atasan").get(reverse("performance:unit-dashboard"))

    assert page.status_code == 200


def test_everything_went_through_the_services(seeded: str) -> None:
    performance = AuditEvent.objects.filter(action__startswith="performance.")
    story = {
        "performance.appraisal.decided": 3,
        "performance.coaching_feedback.given": 1,
        "performance.coaching_note.added": 2,
        "performance.evidence.added": 1,
        "performance.expectation.written": 7,
        "performance.indicator.added": 6 + 7 + 3 + 3 + 3 + 2,
        "performance.objection.employee_stated": 1,
        "performance.objection.evaluator_stated": 1,
        "performance.objection.filed": 1,
        "performance.raters.proposed": 5,
        "performance.rater.answered": 26,
        "performance.realisation.recorded": 54,
        "performance.result.added": 3 + 3 + 2 * 4,
        "performance.result_feedback.added": 3,
        "performance.skp.approved": 6,
        "performance.skp.created": 6,
        "performance.skp.submitted": 6,
        "performance.unit_predikat.set": 1,
        "performance.year.opened": 1,
        "performance.year.started": 1,
        "performance.year.feedback_closed": 1,
    }
    # With the rows of the performance history (test_demo_merit.py).
    assert counts_by(performance, "action") == added(story, history_audit())
    assert verify_chain().intact is True


def test_seed_demo_prints_the_story_and_its_logins(seeded: str) -> None:
    year = story_year(timezone.localdate())
    assert (
        f"Kinerja {year}: 6 SKP disetujui (14 RHK), 54 realisasi, 1 bukti dukung, 26 jawaban "
        "penilaian perilaku 360, 3 penilaian ditetapkan, 1 keberatan menunggu keputusan; 2 "
        "pegawai dan 5 akun ditambahkan."
    ) in seeded
    rekan3 = Employee.objects.get(user__username="rekan3").display_name
    assert f"- kadinkes: putuskan keberatan {rekan3} (/kinerja/keberatan/)." in seeded
    for username in ("kadinkes", *STAFF[1:]):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)


# What the printed hints send each login to: (login, page, SKP of whom or None).
VISITS = (
    ("pegawai", "my-skp", None),
    ("pegawai", "skp-detail", "pegawai"),
    ("pegawai", "skp-realisation", "pegawai"),
    ("pegawai", "skp-feedback360", "pegawai"),
    ("pegawai", "skp-appraisal", "pegawai"),
    ("atasan", "team", None),
    ("atasan", "skp-appraisal", "pegawai"),
    ("atasan", "skp-appraisal", "rekan2"),
    ("atasan", "unit-dashboard", None),
    ("kadinkes", "objections", None),
    ("kadinkes", "skp-appraisal", "rekan3"),
    ("rekan3", "skp-appraisal", "rekan3"),
    ("admin.bkpsdm", "training-needs", None),
    ("admin.bkpsdm", "calibration", None),
    ("auditor", "training-needs", None),
    ("auditor", "calibration", None),
)


@pytest.mark.parametrize(("username", "page", "owner"), VISITS)
def test_every_page_the_hints_name_opens(
    seeded: str, username: str, page: str, owner: str | None
) -> None:
    args = [] if owner is None else [skp_of(owner).pk]

    response = login(username).get(reverse(f"performance:{page}", args=args))

    assert response.status_code == 200


def test_a_peer_does_not_see_the_pegawai_skp(seeded: str) -> None:
    pegawai = skp_of("pegawai")

    response = login("rekan1").get(reverse("performance:skp-feedback360", args=[pegawai.pk]))

    assert response.status_code == 404
