"""manage.py selection_cut, selection_import_cat and selection_integrate: the services of the
ranking page for large periods, run from a shell or cron as a named Admin BKPSDM."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.recruitment.models import SelectionPeriod
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import (
    ComponentResult,
    FinalResult,
    IntegrationRun,
    SelectionSetup,
    SkbCandidate,
)
from simerit.selection.tests.factories import SelectionSetupFactory, make_components
from simerit.selection.tests.factories_integration import (
    component_result,
    make_application,
    skb_result,
    skd_result,
)

pytestmark = pytest.mark.django_db

SECONDS = r"\(\d+,\d detik\)\.\n"


@pytest.fixture
def period() -> SelectionPeriod:
    period = SelectionPeriodFactory.create(name="Seleksi CPNS 2026")
    SelectionSetupFactory.create(period=period)
    formasi = FormasiFactory.create(period=period, quota=1, code="PRW-01")
    for name, tkp in [("A", 150), ("B", 140), ("C", 130), ("D", 120)]:
        application = make_application(formasi, name)
        skd_result(application, twk=100, tiu=100, tkp=tkp)
        skb_result(application, {"A": 400, "B": 450, "C": 300, "D": 480}[name])
    return period


def _state() -> tuple[object, ...]:
    return (
        list(SkbCandidate.objects.order_by("pk").values()),
        list(ComponentResult.objects.order_by("pk").values()),
        IntegrationRun.objects.count(),
        FinalResult.objects.count(),
        list(SelectionSetup.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


def _call(name: str, period_id: int, actor: str) -> str:
    out = io.StringIO()
    call_command(name, "--period", str(period_id), "--actor", actor, stdout=out)
    return out.getvalue()


def _assessed(period) -> None:
    """The simulation scores the assessors would give A, B and C."""
    formasi = period.formasi.get()
    _cat, simulation = make_components(formasi)
    for candidate, score in zip(
        SkbCandidate.objects.order_by("application__registration_number"),
        ("80", "70", "90"),
        strict=True,
    ):
        component_result(simulation, candidate, Decimal(score))


def test_the_three_commands_run_the_pipeline_as_the_named_admin(period, hr_admin):
    cut = _call("selection_cut", period.pk, "admin.bkpsdm")
    _assessed(period)
    cat = _call("selection_import_cat", period.pk, "admin.bkpsdm")
    integrated = _call("selection_integrate", period.pk, "admin.bkpsdm")

    assert re.fullmatch(
        r"Seleksi CPNS 2026: pemeringkatan SKD selesai, 3 peserta lolos ke SKB " + SECONDS, cut
    )
    assert re.fullmatch(
        r"Seleksi CPNS 2026: nilai SKB-CAT diimpor, 3 nilai komponen " + SECONDS, cat
    )
    run = IntegrationRun.objects.get()
    assert re.fullmatch(
        rf"Seleksi CPNS 2026: integrasi #{run.pk} selesai, 3 peserta di 1 formasi diperingkat: "
        r"Lulus 1, P/L 2, Tidak Lulus 0, Mengundurkan diri 0 " + SECONDS,
        integrated,
    )
    # B: SKD 390, CAT 450/500 = 90, simulation 70: the best final score
    assert list(
        FinalResult.objects.order_by("rank").values_list(
            "application__registration_number", "rank", "status"
        )
    ) == [("B", 1, "lulus"), ("A", 2, "p_l"), ("C", 3, "p_l")]
    events = AuditEvent.objects.filter(action__startswith="selection.").order_by("seq")
    assert [(e.action, e.actor) for e in events] == [
        ("selection.cut.materialised", hr_admin),
        ("selection.cat_scores.imported", hr_admin),
        ("selection.integration.completed", hr_admin),
    ]
    assert all(isinstance(e.changes["duration_ms"], int) for e in events)


def test_a_refusal_exits_with_the_message_and_changes_nothing(period, hr_admin):
    before = _state()

    with pytest.raises(CommandError) as error:
        _call("selection_integrate", period.pk, "admin.bkpsdm")

    assert str(error.value) == (
        "Integrasi belum dapat dijalankan: pemeringkatan SKD (peserta SKB) belum dijalankan "
        "untuk periode ini."
    )
    assert _state() == before


def test_a_refusal_exits_the_shell_with_code_1(period, hr_admin):
    # Django's run_from_argv writes "CommandError: <message>" to stderr and exits with the
    # error's returncode
    before = _state()

    with pytest.raises(CommandError) as error:
        _call("selection_import_cat", period.pk, "admin.bkpsdm")

    assert (error.value.returncode, str(error.value)) == (
        1,
        "Nilai SKB-CAT belum dapat diimpor: pemeringkatan SKD (peserta SKB) belum dijalankan.",
    )
    assert _state() == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("selection_cut", "Hanya Admin BKPSDM yang dapat menjalankan pemeringkatan SKD."),
        ("selection_import_cat", "Hanya Admin BKPSDM yang dapat mengimpor nilai SKB-CAT."),
        ("selection_integrate", "Hanya Admin BKPSDM yang dapat menjalankan integrasi nilai."),
    ],
)
def test_an_account_that_is_not_admin_bkpsdm_is_refused(period, hr_admin, auditor, name, message):
    _call("selection_cut", period.pk, "admin.bkpsdm")
    before = _state()

    with pytest.raises(CommandError) as error:
        _call(name, period.pk, "auditor")

    assert str(error.value) == message
    assert _state() == before


def test_an_unknown_period_is_refused(period, hr_admin):
    before = _state()

    with pytest.raises(CommandError) as error:
        _call("selection_cut", period.pk + 1000, "admin.bkpsdm")

    assert str(error.value) == f"Periode seleksi dengan ID {period.pk + 1000} tidak ditemukan."
    assert _state() == before


def test_an_unknown_or_inactive_account_is_refused(period):
    UserFactory.create(username="admin.lama", roles=[Role.ADMIN_BKPSDM], is_active=False)
    before = _state()

    with pytest.raises(CommandError) as unknown:
        _call("selection_cut", period.pk, "tidak.ada")
    with pytest.raises(CommandError) as inactive:
        _call("selection_cut", period.pk, "admin.lama")

    assert str(unknown.value) == "Akun dengan nama pengguna 'tidak.ada' tidak ditemukan."
    assert str(inactive.value) == "Akun admin.lama tidak aktif."
    assert _state() == before
