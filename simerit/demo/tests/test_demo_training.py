"""The demo's training story (simerit/demo/training.py), on a demo seeded once for the module."""

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Model, QuerySet
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.audit.services import verify_chain
from simerit.core.dates import format_date_id
from simerit.demo.selection import casn_period
from simerit.demo.tests.test_seed_demo import (
    TRAINING_AUDIT,
    TRAINING_NOTIFICATIONS,
    private_storage,
)
from simerit.demo.training import new_pengawas
from simerit.demo.training_data import DEMO_NOTE
from simerit.employees.models import Employee
from simerit.notifications.models import Notification
from simerit.recruitment.uploads import check_upload
from simerit.training.models import (
    Attendance,
    Certificate,
    Competency,
    EmployeeCompetency,
    Enrolment,
    ExternalTraining,
    InformationSession,
    Meeting,
    PositionCompetency,
    Programme,
    ReadingMaterial,
    SessionRegistration,
    SurveyResponse,
    SurveySubmission,
    TrainingClass,
    TrainingYear,
)
from simerit.training.rules.certificates import is_well_formed
from simerit.training.selectors.jp import jp_of
from simerit.training.selectors.leadership import leadership_flags
from simerit.training.selectors.needs import employee_needs


@pytest.fixture(scope="module")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-training-media")


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


def login(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def employee(username: str) -> Employee:
    return Employee.objects.get(user__username=username)


def done_class() -> TrainingClass:
    return TrainingClass.objects.get(status=TrainingClass.Status.COMPLETED)


def open_class() -> TrainingClass:
    return TrainingClass.objects.get(status=TrainingClass.Status.OPEN)


def test_the_year_and_the_competency_dictionary(seeded: str) -> None:
    year = TrainingYear.objects.get()
    today = timezone.localdate()
    assert (year.year, year.minimum_jp, year.max_jp_per_day, year.reminders_from) == (
        today.year,
        Decimal("20.0"),
        Decimal("10.0"),
        today.replace(month=10, day=1),
    )
    assert counts_by(Competency.objects.all(), "kind") == {
        "manajerial": 4,
        "sosial_kultural": 1,
        "teknis": 3,
    }
    assert counts_by(PositionCompetency.objects.all(), "position__name") == {
        "Administrator Kesehatan Ahli Pertama": 2,
        "Kepala Bidang Pelayanan Kesehatan": 5,
        "Kepala UPTD Puskesmas Dempo": 3,
        "Perawat Ahli Pertama": 2,
    }
    assessed = EmployeeCompetency.objects.all()
    assert assessed.count() == 16
    pengawas = new_pengawas()
    assert pengawas is not None
    assert counts_by(assessed, "employee__user__username") == {
        pengawas.nip: 3,  # the new pengawas: a login of the performance history
        "atasan": 5,
        "pegawai": 2,
        "rekan1": 2,
        "rekan2": 2,
        "rekan3": 2,
    }
    # Entered by the Admin OPD of Dinas Kesehatan, through the service (audited).
    entered = AuditEvent.objects.filter(action="training.employee_competency.created")
    assert set(entered.values_list("actor__username", flat=True)) == {"admin.dinkes"}


def test_the_catalogue_targets_competencies_and_behaviour(seeded: str) -> None:
    programmes = {item.code: item for item in Programme.objects.all()}
    assert {code: (item.kind, item.jp) for code, item in programmes.items()} == {
        "LATSAR-CPNS": ("latsar", Decimal("480.0")),
        "PKP": ("pkp", Decimal("300.0")),
        "PKA": ("pka", Decimal("350.0")),
        "PKN-II": ("pkn2", Decimal("400.0")),
        "TEKNIS-PERKESMAS": ("teknis", Decimal("24.0")),
        "SEM-INOVASI-PKM": ("seminar", Decimal("8.0")),
        "COACHING-KINERJA": ("coaching", Decimal("6.0")),
    }
    assert [code for code, item in programmes.items() if item.for_weak_predikat] == [
        "COACHING-KINERJA"
    ]
    perkesmas = programmes["TEKNIS-PERKESMAS"]
    assert set(perkesmas.competencies.values_list("code", flat=True)) == {
        "TKN.PERKESMAS",
        "MNJ.PP",
    }
    seminar = programmes["SEM-INOVASI-PKM"]
    assert set(seminar.indicators.values_list("code", flat=True)) == {"6b", "6c"}
    assert all(item.is_active for item in programmes.values())


def test_the_completed_class_has_attendance_results_certificates_and_surveys(
    seeded: str,
) -> None:
    training_class = done_class()
    today = timezone.localdate()
    assert (training_class.name, training_class.jp, training_class.work_unit.code) == (  # type: ignore[union-attr]
        "Angkatan I",
        Decimal("24.0"),
        "DINKES",
    )
    assert (today - training_class.starts_on).days == 12
    assert (training_class.ends_on - training_class.starts_on).days == 2
    assert training_class.meetings.filter(is_cancelled=False).count() == 6
    enrolments = {
        item.employee.user.username if item.employee.user else item.employee.nip: item
        for item in training_class.enrolments.select_related("employee__user")
    }
    assert len(enrolments) == 5
    routes = {key: (item.route, item.status) for key, item in enrolments.items()}
    assert {key: routes[key] for key in ("pegawai", "rekan1", "rekan3")} == {
        "pegawai": ("self", "completed"),
        "rekan1": ("nominated", "completed"),
        "rekan3": ("nominated", "not_completed"),
    }
    assert counts_by(training_class.enrolments.all(), "route") == {
        "assigned": 2,
        "nominated": 2,
        "self": 1,
    }
    assert enrolments["pegawai"].decided_by.username == "atasan"  # type: ignore[union-attr]
    pegawai = enrolments["pegawai"]
    assert (pegawai.pre_test_score, pegawai.post_test_score, pegawai.assessment_score) == (
        Decimal("62.50"),
        Decimal("86.00"),
        Decimal("88.00"),
    )
    assert Attendance.objects.filter(enrolment__training_class=training_class).count() == 25
    assert Attendance.objects.filter(enrolment=enrolments["rekan3"]).count() == 2
    certificates = Certificate.objects.filter(enrolment__training_class=training_class)
    assert certificates.count() == 4
    assert not certificates.filter(enrolment=enrolments["rekan3"]).exists()
    assert all(is_well_formed(number) for number in certificates.values_list("number", flat=True))
    # Two answers; pegawai's survey is left open to try. Who answered is kept apart from what.
    assert set(
        SurveySubmission.objects.values_list("enrolment__employee__user__username", flat=True)
    ) == {"rekan1", "rekan3"}
    assert SurveyResponse.objects.filter(training_class=training_class).count() == 2


def test_the_open_class_waits_for_the_atasan(seeded: str) -> None:
    training_class = open_class()
    today = timezone.localdate()
    assert (training_class.starts_on - today).days == 16
    assert (training_class.enrolment_closes_on - today).days == 12
    assert Meeting.objects.filter(training_class=training_class).count() == 6
    # The assigned nurse signs in with her NIP (a login of the performance history).
    statuses = {}
    for item in training_class.enrolments.select_related("employee__user"):
        user = item.employee.user
        assert user is not None
        name = "perawat" if user.username == item.employee.nip else user.username
        statuses[(name, item.route)] = item.status
    assert statuses == {
        ("rekan3", "nominated"): "enrolled",
        ("perawat", "assigned"): "enrolled",
        ("rekan4", "self"): "pending",
    }
    rekan4 = employee("rekan4")

    page = login("atasan").get(reverse("training:approvals"))

    assert page.status_code == 200
    assert rekan4.name in page.content.decode()
    assert (
        Notification.objects.filter(
            user__username="atasan", url=reverse("training:approvals")
        ).count()
        == 2
    )  # pegawai's request of Angkatan I, rekan4's of Angkatan II


def test_external_training_one_validated_one_waiting(seeded: str, media_root: Path) -> None:
    records = {item.employee.user.username: item for item in ExternalTraining.objects.all()}  # type: ignore[union-attr]
    assert {name: item.status for name, item in records.items()} == {
        "rekan2": "validated",
        "pegawai": "submitted",
    }
    validated = records["rekan2"]
    assert (validated.jp_claimed, validated.jp_validated, validated.reviewed_by.username) == (  # type: ignore[union-attr]
        Decimal("32.0"),
        Decimal("30.0"),
        "admin.bkpsdm",
    )
    for record in records.values():
        with record.certificate_file.open("rb") as handle:
            content = handle.read()
        check_upload(content, size=len(content), allowed_formats=("pdf",), max_kb=2048, label="x")
        text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
        assert "data demo SiMerit" in text


def test_jp_counts_classes_and_validated_external_training(seeded: str) -> None:
    year = done_class().ends_on.year
    assert {
        name: jp_of(employee(name), year=year)
        for name in ("pegawai", "rekan1", "rekan2", "rekan3", "rekan4")
    } == {
        "pegawai": Decimal("24.0"),  # the webinar waits for validation: not counted
        "rekan1": Decimal("24.0"),
        "rekan2": Decimal("30.0"),
        "rekan3": Decimal("0"),
        "rekan4": Decimal("0"),
    }


def test_the_new_pengawas_is_flagged_for_pkp(seeded: str) -> None:
    pengawas = new_pengawas()
    assert pengawas is not None
    assert (pengawas.position.name, pengawas.work_unit.code) == (
        "Kepala UPTD Puskesmas Dempo",
        "DINKES-PKM-DEMPO",
    )
    today = timezone.localdate()
    (flag,) = leadership_flags(Employee.objects.filter(pk=pengawas.pk), today=today)
    assert (flag.programme_kind, flag.deadline.overdue, flag.in_class) == ("pkp", False, False)
    assert flag.deadline.due_on == pengawas.tmt_position.replace(  # type: ignore[union-attr]
        year=pengawas.tmt_position.year + 1  # type: ignore[union-attr]
    )

    page = login("admin.bkpsdm").get(
        reverse("training:leadership"), {"unit": pengawas.work_unit_id}
    )

    assert page.status_code == 200
    assert pengawas.name in page.content.decode()


def test_the_needs_analysis_proposes_programmes_for_the_gaps(seeded: str) -> None:
    year = timezone.localdate().year + 1

    def proposed(person: Employee) -> list[str]:
        return [item.programme.code for item in employee_needs(person, year=year).needs.proposals]

    assert proposed(employee("rekan3")) == ["COACHING-KINERJA", "SEM-INOVASI-PKM"]
    assert proposed(employee("atasan")) == ["PKA"]
    assert proposed(employee("kadinkes")) == ["PKN-II"]
    pengawas = new_pengawas()
    assert pengawas is not None
    assert proposed(pengawas) == ["PKP"]
    assert proposed(employee("pegawai")) == []  # Perkesmas completed: addressed
    unmatched = employee_needs(employee("rekan2"), year=year).needs.unmatched
    assert [gap.label for gap in unmatched] == [
        "Kompetensi TKN.DATAKES Pengelolaan Data dan Informasi Kesehatan"
    ]


def test_the_public_session_and_reading_materials(seeded: str) -> None:
    session = InformationSession.objects.get()
    assert (session.status, session.kind, session.period) == (
        "published",
        "sosialisasi",
        casn_period(),
    )
    assert (timezone.localtime(session.starts_at).date() - timezone.localdate()).days == 7
    registrations = SessionRegistration.objects.filter(session=session)
    assert counts_by(registrations, "status") == {"registered": 2}
    assert [item.email.split("@")[1] for item in registrations] == ["demo.simerit.test"] * 2
    assert registrations.get(user__isnull=False).user.username == "pelamar@demo.simerit.test"  # type: ignore[union-attr]
    assert ReadingMaterial.objects.filter(is_published=True).count() == 2

    page = Client().get(reverse("preparation:home"))

    html = page.content.decode()
    assert page.status_code == 200
    assert session.title in html
    for material in ReadingMaterial.objects.all():
        assert material.title in html


def test_every_demo_text_says_it_is_demo_data(seeded: str) -> None:
    texts = [
        *Programme.objects.values_list("description", flat=True),
        *InformationSession.objects.values_list("description", flat=True),
        *ReadingMaterial.objects.values_list("summary", flat=True),
        *ReadingMaterial.objects.values_list("body", flat=True),
    ]
    assert len(texts) == 7 + 1 + 2 + 2
    assert all(DEMO_NOTE in text for text in texts)


def test_everything_went_through_the_services(seeded: str) -> None:
    training = AuditEvent.objects.filter(action__startswith="training.")
    assert counts_by(training, "action") == TRAINING_AUDIT
    assert verify_chain().intact is True
    story = Notification.objects.filter(url__startswith="/pelatihan/")
    assert story.count() == TRAINING_NOTIFICATIONS


def test_seed_demo_prints_the_story_and_where_to_look(seeded: str) -> None:
    year = timezone.localdate().year
    assert (
        f"Pelatihan {year}: 7 program, 8 kompetensi (12 standar jabatan, 16 hasil asesmen), 2 "
        "kelas (12 pertemuan, 8 peserta/pendaftar, 25 kehadiran, 4 lulus, 4 sertifikat, 2 "
        "survei, 1 permintaan menunggu atasan), 2 pelatihan eksternal (1 divalidasi), 1 "
        "sosialisasi (2 pendaftar), 2 bahan bacaan."
    ) in seeded
    rekan4 = employee("rekan4").display_name
    assert (
        f"- atasan: /pelatihan/persetujuan/: permintaan {rekan4} (Angkatan II) menunggu "
        "persetujuan."
    ) in seeded
    pengawas = new_pengawas()
    assert pengawas is not None
    assert f"  Pengawas baru: {pengawas.display_name}, Kepala UPTD Puskesmas Dempo" in seeded
    closes = format_date_id(done_class().ends_on + dt.timedelta(days=14))
    assert (
        "  /pelatihan/survei/: survei Pelatihan Asuhan Keperawatan Kesehatan Masyarakat "
        f"(Perkesmas) — Angkatan I terbuka sampai {closes};"
    ) in seeded
    number = Certificate.objects.get(enrolment__employee__user__username="pegawai").number
    assert f"/pelatihan/sertifikat/verifikasi/ (nomor {number})" in seeded
    # The exam hint stays the last line (test_seed_demo checks it).
    assert seeded.splitlines()[-1].startswith("Coba ujian sebagai ")


def certificate_of(username: str) -> Certificate:
    return Certificate.objects.get(enrolment__employee__user__username=username)


# What the printed hints send each login to: (login, url name, argument or None).
VISITS = (
    ("pegawai", "training:my-training", None),
    ("pegawai", "training:external-list", None),
    ("pegawai", "training:my-enrolments", None),
    ("pegawai", "training:my-needs", None),
    ("pegawai", "training:my-surveys", None),
    ("pegawai", "training:survey", "survey"),
    ("pegawai", "training:certificate-pdf", "certificate"),
    ("pegawai", "training:class-detail", "open"),
    ("atasan", "training:approvals", None),
    ("admin.bkpsdm", "training:class-list", None),
    ("admin.bkpsdm", "training:class-roster", "done"),
    ("admin.bkpsdm", "training:class-evaluation", "done"),
    ("admin.bkpsdm", "training:external-review", None),
    ("admin.bkpsdm", "training:needs", None),
    ("admin.bkpsdm", "training:leadership", None),
    ("admin.bkpsdm", "training:jp-dashboard", None),
    ("admin.bkpsdm", "training:session-admin-list", None),
    ("admin.bkpsdm", "training:competency-list", None),
    ("auditor", "training:needs", None),
    ("auditor", "training:leadership", None),
    ("auditor", "training:class-evaluation", "done"),
    (None, "preparation:home", None),
    (None, "training:certificate-verify-number", "number"),
)


@pytest.mark.parametrize(("username", "page", "argument"), VISITS)
def test_every_page_the_hints_name_opens(
    seeded: str, username: str | None, page: str, argument: str | None
) -> None:
    target: dict[str | None, Any] = {
        None: None,
        "done": done_class().pk,
        "open": open_class().pk,
        "certificate": certificate_of("pegawai").pk,
        "number": certificate_of("pegawai").number,
        "survey": done_class().enrolments.get(employee__user__username="pegawai").pk,
    }
    args = [] if argument is None else [target[argument]]
    client = Client() if username is None else login(username)

    response = client.get(reverse(page, args=args))

    assert response.status_code == 200


TRAINING_MODELS: tuple[type[Model], ...] = (
    TrainingYear,
    Competency,
    PositionCompetency,
    EmployeeCompetency,
    Programme,
    TrainingClass,
    Meeting,
    Enrolment,
    Attendance,
    Certificate,
    SurveySubmission,
    SurveyResponse,
    ExternalTraining,
    InformationSession,
    SessionRegistration,
    ReadingMaterial,
)


def test_seed_demo_twice_adds_no_training_data(seeded: str, media_root: Path) -> None:
    first = [model._default_manager.count() for model in TRAINING_MODELS]
    events = AuditEvent.objects.count()
    files = sorted(path.name for path in media_root.rglob("*") if path.is_file())

    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert out.getvalue().startswith("Data demo sudah ada; tidak ada yang diubah.")
    assert f"Pelatihan {timezone.localdate().year} (akun yang sama):" in out.getvalue()
    assert first == [1, 8, 12, 16, 7, 2, 12, 8, 25, 4, 2, 2, 2, 1, 2, 2]
    assert [model._default_manager.count() for model in TRAINING_MODELS] == first
    assert AuditEvent.objects.count() == events
    assert sorted(path.name for path in media_root.rglob("*") if path.is_file()) == files
