import random

import pytest
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError
from simerit.core.roles import Role
from simerit.recruitment.models import Application, SelectionPeriod
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection import rules
from simerit.selection.models import AssessorAssignment, SelectionSetup, SkbCandidate
from simerit.selection.selectors import cut as cut_selectors
from simerit.selection.services.cut import run_cut
from simerit.selection.tests.factories import SelectionSetupFactory, make_components
from simerit.selection.tests.factories_integration import (
    component_result,
    make_application,
    skd_result,
)

pytestmark = pytest.mark.django_db

BKN_EXAMPLE = [  # domain reference §2.3: (name, TKP, TIU, TWK); C wins the 367 tie on TKP
    ("A", 150, 110, 135),
    ("B", 148, 125, 115),
    ("D", 145, 105, 117),
    ("C", 147, 115, 105),
    ("E", 146, 112, 109),
]


@pytest.fixture
def period() -> SelectionPeriod:
    period = SelectionPeriodFactory.create()
    SelectionSetupFactory.create(period=period)
    return period


@pytest.fixture
def bkn_formasi(period):
    formasi = FormasiFactory.create(period=period, quota=1, code="PRW-01")
    for name, tkp, tiu, twk in BKN_EXAMPLE:
        skd_result(make_application(formasi, name), twk=twk, tiu=tiu, tkp=tkp)
    return formasi


def _candidates(period) -> list[tuple[str, str, int, int, int, int, int]]:
    return list(
        SkbCandidate.objects.filter(period=period)
        .order_by("formasi__code", "cut_rank", "application__registration_number")
        .values_list(
            "formasi__code",
            "application__registration_number",
            "skd_total",
            "tkp",
            "tiu",
            "twk",
            "cut_rank",
        )
    )


def test_run_cut_materialises_the_bkn_worked_example(period, bkn_formasi, hr_admin):
    written = run_cut(period=period, actor=hr_admin)

    assert written == 3
    assert _candidates(period) == [
        ("PRW-01", "A", 395, 150, 110, 135, 1),
        ("PRW-01", "B", 388, 148, 125, 115, 2),
        ("PRW-01", "C", 367, 147, 115, 105, 3),
    ]
    candidate = SkbCandidate.objects.get(application__registration_number="A")
    assert (candidate.period_id, candidate.formasi_id) == (period.pk, bkn_formasi.pk)
    assert (candidate.code, candidate.withdrawn_at, candidate.withdrawal_reason) == (None, None, "")
    assert candidate.created_at == candidate.updated_at
    cut_at = SelectionSetup.objects.get(period=period).cut_at
    assert cut_at is not None
    assert candidate.created_at <= cut_at


def test_run_cut_writes_exactly_the_rows_of_the_cut_selector(period, hr_admin):
    # given: three formasi with ties at the last slot, a failed grade and a TMS application
    first = FormasiFactory.create(period=period, quota=1, code="F-1")
    second = FormasiFactory.create(period=period, quota=2, code="F-2")
    for number, (formasi, tkp, tiu, twk) in enumerate(
        [
            (first, 160, 100, 100),
            (first, 150, 100, 100),
            (first, 150, 100, 100),
            (first, 150, 100, 100),
            (first, 140, 100, 100),
            (second, 160, 110, 90),
            (second, 160, 110, 90),
            (second, 155, 100, 100),
        ]
    ):
        skd_result(make_application(formasi, f"R-{number:02d}"), twk=twk, tiu=tiu, tkp=tkp)
    skd_result(make_application(first, "FAILED"), twk=200, tiu=200, tkp=200, passed=False)
    skd_result(
        make_application(first, "TMS", status=Application.Status.TMS), twk=200, tiu=200, tkp=200
    )
    setup = SelectionSetup.objects.get(period=period)
    setup.cut_multiplier = 2
    setup.save()

    # when
    written = run_cut(period=period, actor=hr_admin)

    # then: F-1 has 2 slots and 3 tied on the 2nd; F-2 has 4 slots and only 3 applicants
    expected = sorted(
        (r.application.registration_number, r.cut_rank)
        for r in cut_selectors.skd_cut(period=period, multiplier=2)
    )
    assert written == 7
    assert sorted((row[1], row[6]) for row in _candidates(period)) == expected
    assert expected == [
        ("R-00", 1),
        ("R-01", 2),
        ("R-02", 2),
        ("R-03", 2),
        ("R-05", 1),
        ("R-06", 1),
        ("R-07", 3),
    ]


def test_run_cut_records_the_time_and_one_audit_row_with_counts(period, bkn_formasi, hr_admin):
    run_cut(period=period, actor=hr_admin)

    setup = SelectionSetup.objects.get(period=period)
    assert setup.cut_at is not None
    event = AuditEvent.objects.get(action="selection.cut.materialised")
    assert (event.actor, event.target_type, event.target_id) == (
        hr_admin,
        "selection.selectionsetup",
        str(setup.pk),
    )
    changes = dict(event.changes)
    duration = changes.pop("duration_ms")
    assert isinstance(duration, int)
    assert duration >= 0
    assert changes == {
        "period": period.pk,
        "multiplier": 3,
        "candidates": 3,
        "formasi": 1,
        "replaced": 0,
        "previous_cut_at": None,
        "cut_at": DjangoJSONEncoder().default(setup.cut_at),
    }


def test_run_cut_again_before_the_assessment_replaces_the_rows(period, bkn_formasi, hr_admin):
    # given: the cut was run, then D's score file was corrected upwards
    run_cut(period=period, actor=hr_admin)
    first_ids = set(SkbCandidate.objects.values_list("pk", flat=True))
    d = bkn_formasi.applications.get(registration_number="D").exam_results.get()
    d.scores = {"TWK": 150, "TIU": 150, "TKP": 150}
    d.total = 450
    d.save()

    # when
    written = run_cut(period=period, actor=hr_admin)

    # then
    assert written == 3
    assert [row[1] for row in _candidates(period)] == ["D", "A", "B"]
    assert not first_ids & set(SkbCandidate.objects.values_list("pk", flat=True))
    events = AuditEvent.objects.filter(action="selection.cut.materialised").order_by("seq")
    assert [event.changes["replaced"] for event in events] == [0, 3]


def _assessment_started(period, formasi) -> None:
    _cat, simulation = make_components(formasi)
    AssessorAssignment.objects.create(
        component=simulation,
        candidate=SkbCandidate.objects.filter(period=period).earliest("pk"),
        assessor=UserFactory.create(roles=[Role.ASESOR]),
    )


def _cat_scored(period, formasi) -> None:
    cat, _simulation = make_components(formasi)
    component_result(cat, SkbCandidate.objects.filter(period=period).earliest("pk"), None)


@pytest.mark.parametrize(
    ("started", "message"),
    [
        (
            _assessment_started,
            "Pemeringkatan SKD tidak dapat diulang: penilaian SKB sudah dimulai (asesor sudah "
            "ditugaskan).",
        ),
        (
            _cat_scored,
            "Pemeringkatan SKD tidak dapat diulang: nilai komponen SKB sudah tercatat untuk "
            "periode ini.",
        ),
    ],
)
def test_run_cut_is_refused_once_the_assessment_started_and_nothing_changes(
    period, bkn_formasi, hr_admin, started, message
):
    # given
    run_cut(period=period, actor=hr_admin)
    started(period, bkn_formasi)
    before = _candidates(period)
    cut_at = SelectionSetup.objects.get(period=period).cut_at
    events = AuditEvent.objects.count()

    # when
    with pytest.raises(ConflictError) as error:
        run_cut(period=period, actor=hr_admin)

    # then
    assert error.value.message == message
    assert _candidates(period) == before
    assert SelectionSetup.objects.get(period=period).cut_at == cut_at
    assert AuditEvent.objects.count() == events


def test_run_cut_without_skd_results_is_refused(period, hr_admin):
    FormasiFactory.create(period=period)

    with pytest.raises(ConflictError) as error:
        run_cut(period=period, actor=hr_admin)

    assert error.value.message == (
        "Belum ada hasil SKD yang memenuhi nilai ambang batas dari pelamar MS pada periode ini: "
        "umumkan atau impor hasil SKD terlebih dahulu."
    )
    assert SelectionSetup.objects.get(period=period).cut_at is None
    assert not AuditEvent.objects.filter(action="selection.cut.materialised").exists()


def test_run_cut_uses_the_multiplier_of_the_period(period, bkn_formasi, hr_admin):
    SelectionSetup.objects.filter(period=period).update(cut_multiplier=1)

    assert run_cut(period=period, actor=hr_admin) == 1
    assert [row[1] for row in _candidates(period)] == ["A"]


def test_run_cut_leaves_other_periods_alone(period, bkn_formasi, hr_admin):
    other = SelectionPeriodFactory.create()
    formasi = FormasiFactory.create(period=other, quota=1)
    skd_result(make_application(formasi, "OTHER"), twk=100, tiu=100, tkp=100)
    run_cut(period=other, actor=hr_admin)

    run_cut(period=period, actor=hr_admin)
    run_cut(period=period, actor=hr_admin)

    assert [row[1] for row in _candidates(other)] == ["OTHER"]
    assert len(_candidates(period)) == 3


@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant"])
def test_only_hr_runs_the_cut(period, bkn_formasi, persona, request, hr_admin):
    # given: an earlier cut, then D's SKD result was corrected (a re-run would replace the rows)
    run_cut(period=period, actor=hr_admin)
    d = bkn_formasi.applications.get(registration_number="D").exam_results.get()
    d.scores = {"TWK": 150, "TIU": 150, "TKP": 150}
    d.total = 450
    d.save()
    rows = list(SkbCandidate.objects.order_by("pk").values())
    cut_at = SelectionSetup.objects.get(period=period).cut_at
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied) as error:
        run_cut(period=period, actor=request.getfixturevalue(persona))

    assert str(error.value) == "Hanya Admin BKPSDM yang dapat menjalankan pemeringkatan SKD."
    assert [row["application_id"] for row in rows] == list(
        bkn_formasi.applications.filter(registration_number__in=("A", "B", "C"))
        .order_by("registration_number")
        .values_list("pk", flat=True)
    )
    assert list(SkbCandidate.objects.order_by("pk").values()) == rows
    assert SelectionSetup.objects.get(period=period).cut_at == cut_at
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("seed", [1, 2])
def test_run_cut_equals_the_cut_selector_and_the_rule_on_random_data(period, hr_admin, seed):
    # given: scores from small pools (ties on the total and on every sub-test), three quotas
    draw = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    formasi = [FormasiFactory.create(period=period, quota=quota) for quota in (1, 2, 3)]
    expected: dict[int, list[rules.SkdCandidate[str]]] = {f.pk: [] for f in formasi}
    for number in range(45):
        target = draw.choice(formasi)
        tkp, tiu, twk = draw.choice([150, 160]), draw.choice([100, 110]), draw.choice([90, 100])
        name = f"R{seed}-{number:02d}"
        skd_result(make_application(target, name), twk=twk, tiu=tiu, tkp=tkp)
        expected[target.pk].append(
            rules.SkdCandidate(name, rules.SkdScore(twk=twk, tiu=tiu, tkp=tkp))
        )

    # when
    run_cut(period=period, actor=hr_admin)

    # then: the same rows, ranks and scores as the ORM selector, the same people as the rule
    stored = {(row[1], row[6], row[2], row[3], row[4], row[5]) for row in _candidates(period)}
    selected = set(
        cut_selectors.skd_cut(period=period, multiplier=3).values_list(
            "application__registration_number", "cut_rank", "total", "tkp", "tiu", "twk"
        )
    )
    assert stored == selected
    assert {row[0] for row in stored} == {
        key for f in formasi for key in rules.skd_cut(expected[f.pk], quota=f.quota, multiplier=3)
    }
