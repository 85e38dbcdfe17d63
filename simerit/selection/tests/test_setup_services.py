"""services/setup.py: the period's configuration (weights summing to 100, ranges, the freeze after an
integration) and selectors.get_setup (read, no write) / ensure_setup (the stored row)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment.tests.factories import SelectionPeriodFactory
from simerit.selection.models import SelectionSetup
from simerit.selection.selectors.setup import ensure_setup, get_setup
from simerit.selection.services.setup import SetupInput, update_setup
from simerit.selection.tests.factories import SelectionSetupFactory
from simerit.selection.tests.factories_setup import integrate, setup_input, state

WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create(name="Seleksi CASN 2026")


def test_get_setup_gives_unsaved_national_defaults_and_writes_nothing(period):
    setup = get_setup(period)

    assert setup.pk is None
    assert setup.period == period
    assert (
        setup.skd_max,
        setup.cut_multiplier,
        str(setup.skd_weight),
        str(setup.skb_weight),
        str(setup.min_cat_weight),
        setup.max_additional_components,
        setup.allow_interview,
        str(setup.max_interview_weight),
        setup.result_sanggah_days,
        setup.cut_at,
    ) == (550, 3, "40.00", "60.00", "60.00", 1, False, "10.00", 3, None)
    assert not SelectionSetup.objects.exists()
    assert not AuditEvent.objects.exists()


def test_get_setup_reads_the_stored_row(period):
    stored = SelectionSetupFactory.create(period=period, cut_multiplier=2)

    setup = get_setup(period)

    assert (setup.pk, setup.cut_multiplier) == (stored.pk, 2)
    assert SelectionSetup.objects.count() == 1


def test_ensure_setup_creates_the_national_defaults_once_without_audit(period):
    setup = ensure_setup(period)

    assert ensure_setup(period).pk == setup.pk
    assert get_setup(period).pk == setup.pk
    assert (
        setup.skd_max,
        setup.cut_multiplier,
        str(setup.skd_weight),
        str(setup.skb_weight),
        str(setup.min_cat_weight),
        setup.max_additional_components,
        setup.allow_interview,
        str(setup.max_interview_weight),
        setup.result_sanggah_days,
    ) == (550, 3, "40.00", "60.00", "60.00", 1, False, "10.00", 3)
    assert SelectionSetup.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_the_first_update_of_a_period_without_a_row_creates_it(period, hr_admin):
    update_setup(period=period, data=setup_input(result_sanggah_days=5), actor=hr_admin)

    assert SelectionSetup.objects.get(period=period).result_sanggah_days == 5
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["selection.setup.updated"]


def test_update_saves_every_field_and_audits_before_and_after(period, hr_admin):
    ensure_setup(period)
    data = setup_input(
        skd_max=500,
        cut_multiplier=2,
        skd_weight=Decimal("37.5"),
        skb_weight=Decimal("62.5"),
        min_cat_weight=Decimal(50),
        max_additional_components=2,
        allow_interview=True,
        max_interview_weight=Decimal("12.5"),
        result_sanggah_days=5,
    )

    update_setup(period=period, data=data, actor=hr_admin)

    setup = SelectionSetup.objects.get(period=period)
    assert SetupInput.of(setup) == setup_input(
        skd_max=500,
        cut_multiplier=2,
        skd_weight=Decimal("37.50"),
        skb_weight=Decimal("62.50"),
        min_cat_weight=Decimal("50.00"),
        max_additional_components=2,
        allow_interview=True,
        max_interview_weight=Decimal("12.50"),
        result_sanggah_days=5,
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_id) == (
        "selection.setup.updated",
        hr_admin,
        str(setup.pk),
    )
    assert event.changes == {
        "skd_max": [550, 500],
        "cut_multiplier": [3, 2],
        "skd_weight": ["40.00", "37.50"],
        "skb_weight": ["60.00", "62.50"],
        "min_cat_weight": ["60.00", "50.00"],
        "max_additional_components": [1, 2],
        "allow_interview": [False, True],
        "max_interview_weight": ["10.00", "12.50"],
        "result_sanggah_days": [3, 5],
    }


def test_update_creates_the_row_when_the_period_had_none(period, hr_admin):
    update_setup(period=period, data=setup_input(result_sanggah_days=4), actor=hr_admin)

    assert SelectionSetup.objects.get(period=period).result_sanggah_days == 4
    assert AuditEvent.objects.get().changes == {"result_sanggah_days": [3, 4]}


def test_saving_the_same_values_writes_no_audit_row(period, hr_admin):
    update_setup(period=period, data=setup_input(), actor=hr_admin)

    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("skd", "skb", "message"),
    [
        ("40", "50", "Jumlah bobot SKD dan SKB harus tepat 100 %; sekarang 90 %."),
        ("40", "60.01", "Jumlah bobot SKD dan SKB harus tepat 100 %; sekarang 100,01 %."),
        ("50.5", "50", "Jumlah bobot SKD dan SKB harus tepat 100 %; sekarang 100,5 %."),
    ],
)
def test_weights_that_do_not_sum_to_100_are_refused_and_nothing_changes(
    period, hr_admin, skd, skb, message
):
    ensure_setup(period)
    before = state()

    with pytest.raises(InvalidInputError) as caught:
        update_setup(
            period=period,
            data=setup_input(skd_weight=Decimal(skd), skb_weight=Decimal(skb)),
            actor=hr_admin,
        )

    assert caught.value.errors == {"weights": [message]}
    assert state() == before


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"skd_max": 0}, {"skd_max": ["Nilai maksimum SKD harus antara 1 dan 1000."]}),
        ({"cut_multiplier": 0}, {"cut_multiplier": ["Pengali kuota harus antara 1 dan 10."]}),
        (
            {"skd_weight": Decimal(0), "skb_weight": Decimal(100)},
            {"skd_weight": ["Bobot SKD harus lebih dari 0 dan paling besar 100."]},
        ),
        (
            {"skd_weight": Decimal("40.005"), "skb_weight": Decimal("59.995")},
            {
                "skd_weight": [
                    "Bobot SKD harus berupa angka dengan paling banyak dua angka di belakang koma."
                ],
                "skb_weight": [
                    "Bobot SKB harus berupa angka dengan paling banyak dua angka di belakang koma."
                ],
            },
        ),
        (
            {"min_cat_weight": Decimal("100.01")},
            {"min_cat_weight": ["Bobot minimal SKB-CAT harus antara 0 dan 100."]},
        ),
        (
            {"max_additional_components": 11},
            {"max_additional_components": ["Jumlah maksimal SKB tambahan harus antara 0 dan 10."]},
        ),
        (
            {"max_interview_weight": Decimal("100.01")},
            {"max_interview_weight": ["Bobot maksimal wawancara harus antara 0 dan 100."]},
        ),
        (
            {"max_interview_weight": Decimal(-1)},
            {"max_interview_weight": ["Bobot maksimal wawancara harus antara 0 dan 100."]},
        ),
        (
            {"max_interview_weight": Decimal("10.001")},
            {
                "max_interview_weight": [
                    "Bobot maksimal wawancara harus berupa angka dengan paling banyak dua angka "
                    "di belakang koma."
                ]
            },
        ),
        (
            {"result_sanggah_days": 0},
            {"result_sanggah_days": ["Lama masa sanggah hasil akhir harus antara 1 dan 30 hari."]},
        ),
        (
            {"result_sanggah_days": 31},
            {"result_sanggah_days": ["Lama masa sanggah hasil akhir harus antara 1 dan 30 hari."]},
        ),
    ],
)
def test_out_of_range_values_are_refused_with_their_field(period, hr_admin, changes, errors):
    ensure_setup(period)
    before = state()

    with pytest.raises(InvalidInputError) as caught:
        update_setup(period=period, data=setup_input(**changes), actor=hr_admin)

    assert caught.value.errors == errors
    assert state() == before


def test_bounds_are_accepted(period, hr_admin):
    data = setup_input(
        skd_max=1000,
        cut_multiplier=10,
        skd_weight=Decimal("0.5"),
        skb_weight=Decimal("99.5"),
        min_cat_weight=Decimal(0),
        max_additional_components=0,
        max_interview_weight=Decimal(100),
        result_sanggah_days=30,
    )

    setup = update_setup(period=period, data=data, actor=hr_admin)

    assert (
        setup.skd_weight,
        setup.min_cat_weight,
        setup.max_interview_weight,
        setup.result_sanggah_days,
    ) == (Decimal("0.50"), Decimal(0), Decimal(100), 30)


@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant"])
def test_only_hr_may_change_the_setup(request, period, persona):
    ensure_setup(period)
    before = state()

    with pytest.raises(PermissionDenied):
        update_setup(
            period=period,
            data=setup_input(result_sanggah_days=9),
            actor=request.getfixturevalue(persona),
        )

    assert state() == before


def test_after_an_integration_the_numbers_it_used_are_frozen(period, hr_admin):
    ensure_setup(period)
    integrate(period, at=dt.datetime(2026, 9, 1, 10, 5, tzinfo=WIB))
    before = state()

    with pytest.raises(ConflictError) as caught:
        update_setup(
            period=period,
            data=setup_input(skd_weight=Decimal(30), skb_weight=Decimal(70), skd_max=500),
            actor=hr_admin,
        )

    assert caught.value.message == (
        "Pengaturan ini sudah dipakai pada integrasi nilai 1 September 2026 pukul 10.05 WIB; "
        "nilai maksimum SKD, bobot SKD, bobot SKB tidak dapat diubah lagi. Hanya lama masa "
        "sanggah hasil akhir yang masih dapat diubah."
    )
    assert state() == before


@pytest.mark.parametrize(
    "changes",
    [
        {"cut_multiplier": 2},
        {"min_cat_weight": Decimal(70)},
        {"max_additional_components": 2},
        {"allow_interview": True},
        {"max_interview_weight": Decimal(5)},
    ],
)
def test_after_an_integration_the_cut_and_skb_limits_are_frozen_too(period, hr_admin, changes):
    integrate(period)
    ensure_setup(period)
    before = state()

    with pytest.raises(ConflictError):
        update_setup(period=period, data=setup_input(**changes), actor=hr_admin)

    assert state() == before


def test_after_an_integration_the_sanggah_length_may_still_change(period, hr_admin):
    integrate(period)

    setup = update_setup(period=period, data=setup_input(result_sanggah_days=7), actor=hr_admin)

    assert setup.result_sanggah_days == 7
    assert AuditEvent.objects.get().changes == {"result_sanggah_days": [3, 7]}


def test_an_integration_of_another_period_freezes_nothing(period, hr_admin):
    integrate(SelectionPeriodFactory.create())

    setup = update_setup(period=period, data=setup_input(skd_max=500), actor=hr_admin)

    assert setup.skd_max == 500
