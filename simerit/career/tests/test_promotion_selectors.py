"""selectors.promotion: the contract `eligibility(ids, period=)` read from the records (predikat
final on the period date, the sanction running on it, education, ceiling, angka kredit), set-based;
the period list per account; the periods offered."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from simerit.career.models import PromotionRule
from simerit.career.selectors import promotion as selectors
from simerit.career.selectors.promotion import PromotionCheck
from simerit.career.tests.factories import (
    CareerEmployeeFactory,
    CreditOpeningFactory,
    CreditRequirementFactory,
    appeal,
    appraise,
    appraise_years,
    ceiling,
    functional_position,
    give_education,
    make_office,
    sanction,
)
from simerit.employees.models import EmployeeKind
from simerit.organization.models import Position
from simerit.organization.tests.factories import PositionFactory, golongan
from simerit.performance.models import Appraisal

pytestmark = pytest.mark.django_db

PERIOD = dt.date(2026, 12, 1)
NO_EDUCATION = "Pendidikan belum tercatat; batas pangkat menurut pendidikan tidak diperiksa."
GOOD = {2025: "baik", 2024: "sangat_baik"}


@pytest.fixture
def office():
    return make_office()


def test_eligibility_of_a_unit(office):
    first, second, third = office.staff
    appraise_years(first, GOOD)
    appraise_years(second, {2025: "butuh_perbaikan", 2024: "baik"})

    found = selectors.eligibility([first.pk, second.pk, third.pk, 999_999], period=PERIOD)

    assert found == {
        first.pk: PromotionCheck(first.pk, True, [], [NO_EDUCATION], "III/c"),
        second.pk: PromotionCheck(
            second.pk,
            False,
            ["Predikat 2025: Butuh Perbaikan; minimal Baik."],
            [NO_EDUCATION],
            "III/c",
        ),
        third.pk: PromotionCheck(
            third.pk,
            False,
            ["Predikat 2025 belum final.", "Predikat 2024 belum final."],
            [NO_EDUCATION],
            "III/c",
        ),
    }


def test_years_in_rank_counted_to_the_period_date(office):
    short = office.staff[0]
    short.tmt_golongan = dt.date(2022, 12, 2)
    short.save()
    appraise_years(short, GOOD)

    assert selectors.eligibility([short.pk], period=PERIOD)[short.pk].reasons == [
        "Masa kerja dalam pangkat 3 tahun 11 bulan; minimal 4 tahun."
    ]
    assert selectors.eligibility([short.pk], period=dt.date(2027, 1, 1))[short.pk].reasons == [
        "Predikat 2026 belum final."
    ]


def test_sanction_running_on_the_period_date(office):
    running, ended, annulled = office.staff
    for person in office.staff:
        appraise_years(person, GOOD)
    # potong_tpp_6 from 1 July 2026 runs to 31 December 2026; from 1 June it ended 30 November.
    sanction(running, starts_on=dt.date(2026, 7, 1), number="HD-2026-0007")
    sanction(ended, starts_on=dt.date(2026, 6, 1), number="HD-2026-0006")
    sanction(annulled, starts_on=dt.date(2026, 7, 1), number="HD-2026-0008", annulled=True)

    found = selectors.eligibility([p.pk for p in office.staff], period=PERIOD)

    assert found[running.pk].reasons == [
        "Sedang menjalani hukuman disiplin (HD-2026-0007) sampai 31/12/2026."
    ]
    assert (found[ended.pk].eligible, found[annulled.pk].eligible) == (True, True)
    # The first period after the sanction ends.
    after = selectors.eligibility([running.pk], period=dt.date(2027, 1, 1))[running.pk]
    assert after.reasons == ["Predikat 2026 belum final."]


def test_the_case_number_and_dates_only_for_readers_of_the_case(office):
    person = office.staff[0]
    appraise_years(person, GOOD)
    sanction(person, starts_on=dt.date(2026, 7, 1), number="HD-2026-0007")
    shown = ["Sedang menjalani hukuman disiplin (HD-2026-0007) sampai 31/12/2026."]
    hidden = ["Sedang menjalani hukuman disiplin."]

    def reasons(user):
        listing = selectors.period_list(user, period=PERIOD)
        return next(r.check.reasons for r in listing.ineligible if r.employee == person)

    # Readers of the case: HR, the Auditor, the supervisor chain, the employee (self-service).
    assert reasons(office.hr) == shown
    assert reasons(office.auditor) == shown
    assert reasons(office.user(office.chief)) == shown
    assert selectors.eligibility([person.pk], period=PERIOD)[person.pk].reasons == shown
    own = selectors.eligibility([person.pk], period=PERIOD, viewer=office.user(person))
    assert own[person.pk].reasons == shown
    # An Admin OPD sees no discipline case (discipline.permissions).
    assert reasons(office.admin) == hidden
    by_admin = selectors.eligibility([person.pk], period=PERIOD, viewer=office.admin)
    assert by_admin[person.pk] == PromotionCheck(person.pk, False, hidden, [NO_EDUCATION], "III/c")


def test_a_permanent_sanction_is_hidden_from_an_admin_opd(office):
    person = office.staff[0]
    appraise_years(person, GOOD)
    sanction(person, sanction_type="pdhtaps", starts_on=dt.date(2026, 9, 1), number="HD-2026-0009")

    by_admin = selectors.eligibility([person.pk], period=PERIOD, viewer=office.admin)
    by_hr = selectors.eligibility([person.pk], period=PERIOD, viewer=office.hr)

    assert by_admin[person.pk].reasons == ["Sedang menjalani hukuman disiplin."]
    assert by_hr[person.pk].reasons == [
        "Dijatuhi hukuman disiplin pemberhentian (HD-2026-0009) sejak 01/09/2026."
    ]


PENDING = (
    "Sedang menempuh upaya administratif atas hukuman disiplin; kenaikan pangkat menunggu putusan."
)


def _appeals(office):
    """Staf A: a teguran (no block by itself) under a pending keberatan; Staf B: one decided on
    20 November 2026; Staf C: a pending keberatan against an annulled sanction."""
    pending, decided, annulled = office.staff
    for person in office.staff:
        appraise_years(person, GOOD)
    appeal(sanction(pending, sanction_type="teguran_tertulis", starts_on=dt.date(2026, 11, 2)))
    appeal(
        sanction(decided, sanction_type="teguran_tertulis", starts_on=dt.date(2026, 10, 1)),
        filed_on=dt.date(2026, 10, 15),
        decided_on=dt.date(2026, 11, 20),
        outcome="upheld",
    )
    appeal(sanction(annulled, sanction_type="teguran_lisan", annulled=True))
    return pending, decided, annulled


def test_a_pending_appeal_does_not_block_by_default(office):
    pending, decided, annulled = _appeals(office)

    found = selectors.eligibility([p.pk for p in office.staff], period=PERIOD)

    assert PromotionRule.objects.filter(pending_appeal_blocks=True).count() == 0
    assert [found[p.pk].eligible for p in (pending, decided, annulled)] == [True, True, True]


def test_a_pending_appeal_blocks_when_the_rule_in_force_says_so(office):
    pending, decided, annulled = _appeals(office)
    PromotionRule.objects.filter(effective_from=dt.date(2025, 10, 1)).update(
        pending_appeal_blocks=True
    )

    found = selectors.eligibility([p.pk for p in office.staff], period=PERIOD)
    # On 1 November 2026 the keberatan decided on 20 November was still pending.
    earlier = selectors.eligibility([decided.pk], period=dt.date(2026, 11, 1))

    assert found[pending.pk] == PromotionCheck(
        pending.pk, False, [PENDING], [NO_EDUCATION], "III/c"
    )
    assert (found[decided.pk].eligible, found[annulled.pk].eligible) == (True, True)
    assert earlier[decided.pk].reasons == [PENDING]
    assert selectors.period_list(office.hr, period=PERIOD).pending_appeal_blocks


STRUCTURAL = "Pejabat struktural: kenaikan pangkat pilihan menurut jabatan (bukan reguler)."


def test_a_structural_official_is_listed_with_a_note(office):
    person = office.staff[2]
    appraise_years(person, GOOD)
    person.position = PositionFactory.create(name="Kepala Seksi", kind=Position.Kind.PENGAWAS)
    person.save()

    found = selectors.eligibility([person.pk], period=PERIOD)

    assert found[person.pk] == PromotionCheck(
        person.pk, True, [], [STRUCTURAL, NO_EDUCATION], "III/c"
    )


def test_kp_reguler_does_not_exceed_the_direct_superior(office):
    above, equal, _third = office.staff  # the chief is IV/a
    above.golongan, equal.golongan = golongan("IV/a"), golongan("III/d")
    above.save()
    equal.save()
    for person in (above, equal):
        appraise_years(person, GOOD)

    found = selectors.eligibility([above.pk, equal.pk], period=PERIOD)

    assert found[above.pk] == PromotionCheck(
        above.pk,
        False,
        ["Kenaikan pangkat reguler tidak boleh melebihi pangkat atasan langsung (IV/a)."],
        [NO_EDUCATION],
        "IV/b",
    )
    assert found[equal.pk] == PromotionCheck(equal.pk, True, [], [NO_EDUCATION], "IV/a")


def test_a_ringan_sanction_does_not_block(office):
    person = office.staff[0]
    appraise_years(person, GOOD)
    sanction(person, sanction_type="teguran_tertulis", starts_on=dt.date(2026, 11, 2))

    assert selectors.eligibility([person.pk], period=PERIOD)[person.pk].eligible


def test_predikat_must_be_final_on_the_period_date(office):
    person = office.staff[0]
    appraise(person, year=2024, predikat="baik")
    # Received today (28 November 2026): the keberatan window runs to 12 December.
    appraise(person, year=2025, predikat="baik", status=Appraisal.Status.DELIVERED)

    assert selectors.eligibility([person.pk], period=PERIOD)[person.pk].reasons == [
        "Predikat 2025 belum final."
    ]
    # On 1 January 2027 the 2025 result is final (and 2024 no longer counts).
    assert selectors.eligibility([person.pk], period=dt.date(2027, 1, 1))[person.pk].reasons == [
        "Predikat 2026 belum final."
    ]


def test_ceiling_by_the_highest_education(office):
    capped, above = office.staff[:2]
    for person in (capped, above):
        appraise_years(person, GOOD)
        give_education(person, "SMA", year=1995)
    give_education(above, "S1", year=2000)
    ceiling("SMA", "III/b")

    found = selectors.eligibility([capped.pk, above.pk], period=PERIOD)

    assert found[capped.pk] == PromotionCheck(
        capped.pk,
        False,
        ["Sudah mencapai batas pangkat untuk pendidikan SMA (III/b)."],
        [],
        "III/c",
    )
    assert found[above.pk] == PromotionCheck(
        above.pk, True, [], ["Batas pangkat menurut pendidikan belum diatur."], "III/c"
    )


def test_highest_golongan(office):
    person = office.staff[0]
    person.golongan = golongan("IV/e")
    person.save()
    appraise_years(person, GOOD)

    assert selectors.eligibility([person.pk], period=PERIOD)[person.pk] == PromotionCheck(
        person.pk, False, ["Sudah golongan tertinggi (IV/e)."], [], ""
    )


def test_cpns_and_pppk(office):
    cpns = CareerEmployeeFactory.create(kind=EmployeeKind.CPNS, supervisor=office.chief)
    pppk = CareerEmployeeFactory.create(kind=EmployeeKind.PPPK, supervisor=office.chief)

    found = selectors.eligibility([cpns.pk, pppk.pk], period=PERIOD)

    assert found[cpns.pk] == PromotionCheck(
        cpns.pk,
        False,
        ["Kenaikan pangkat reguler hanya untuk PNS; pegawai ini masih CPNS."],
        [],
        "",
    )
    assert found[pppk.pk].reasons == [
        "Kenaikan pangkat reguler hanya untuk PNS; PPPK tidak memiliki pangkat."
    ]


def test_jabatan_fungsional_needs_its_angka_kredit(office):
    short, enough = office.staff[:2]
    position = functional_position("ahli_pertama")
    CreditRequirementFactory.create(functional_level="ahli_pertama", for_next_rank=Decimal("50"))
    for person, amount in ((short, "30.000"), (enough, "37.500")):
        person.position = position
        person.save()
        appraise_years(person, GOOD)  # 2024 lies in the opening balance; 2025 Baik adds 12.500
        CreditOpeningFactory.create(employee=person, amount=Decimal(amount))

    found = selectors.eligibility([short.pk, enough.pk], period=PERIOD)

    assert found[short.pk].reasons == [
        "Angka kredit 42,500; dibutuhkan 50,000 untuk kenaikan pangkat (kurang 7,500)."
    ]
    assert found[enough.pk].eligible


def test_eligibility_is_set_based(office):
    def queries(ids):
        with CaptureQueriesContext(connection) as captured:
            selectors.eligibility(ids, period=PERIOD)
        return len(captured)

    position = functional_position("ahli_muda")
    for person in office.staff:
        appraise_years(person, GOOD)
        sanction(person, starts_on=dt.date(2026, 7, 1))
        give_education(person, "S1")
    office.staff[0].position = position
    office.staff[0].save()
    few = queries([office.staff[0].pk])

    many = queries([person.pk for person in office.staff] + [office.other.pk])

    assert many == few


# --- the period list -----------------------------------------------------------------------------


def names(rows):
    return [row.employee.name for row in rows]


def test_period_list_for_each_account(office):
    for person in (office.staff[0], office.other):
        appraise_years(person, GOOD)
    CareerEmployeeFactory.create(
        name="Pensiunan", work_unit=office.division, is_active=False, supervisor=office.chief
    )
    CareerEmployeeFactory.create(
        name="Calon", work_unit=office.division, kind=EmployeeKind.CPNS, supervisor=office.chief
    )

    everyone = selectors.period_list(office.hr, period=PERIOD)
    by_opd = selectors.period_list(office.admin, period=PERIOD)
    by_chief = selectors.period_list(office.user(office.chief), period=PERIOD)
    by_other = selectors.period_list(office.other_admin, period=PERIOD)

    assert names(everyone.eligible) == ["Pegawai Lain", "Staf A"]
    assert names(everyone.ineligible) == ["Kabid Bina", "Kabid Hubung", "Staf B", "Staf C"]
    assert (names(by_opd.eligible), names(by_opd.ineligible)) == (
        ["Staf A"],
        ["Kabid Bina", "Staf B", "Staf C"],
    )
    assert (names(by_chief.eligible), names(by_chief.ineligible)) == (
        ["Staf A"],
        ["Kabid Bina", "Staf B", "Staf C"],
    )
    assert (names(by_other.eligible), names(by_other.ineligible)) == (
        ["Pegawai Lain"],
        ["Kabid Hubung"],
    )
    auditor = selectors.period_list(office.auditor, period=PERIOD)
    assert names(auditor.eligible) == names(everyone.eligible)


def test_period_list_of_a_unit(office):
    division = selectors.period_list(office.hr, period=PERIOD, unit=office.division)

    assert names(division.ineligible) == ["Kabid Bina", "Staf A", "Staf B", "Staf C"]


def test_unit_choices(office):
    assert selectors.unit_choices(office.admin) == [office.unit, office.division]
    assert selectors.unit_choices(office.user(office.chief)) == [office.division]
    assert office.other_unit in selectors.unit_choices(office.hr)
    assert selectors.unit_choices(office.user(office.staff[0])) == [office.division]


def test_periods_offered_around_today():
    today = timezone.localdate()

    choices = selectors.period_choices()

    assert today == dt.date(2026, 11, 28)
    assert (choices[0], choices[-1], len(choices)) == (
        dt.date(2025, 12, 1),
        dt.date(2027, 11, 1),
        24,
    )
    assert selectors.default_period() == PERIOD
    assert selectors.is_period(dt.date(2024, 6, 1))
    assert not selectors.is_period(dt.date(2024, 7, 1))
    assert not selectors.is_period(dt.date(2026, 12, 2))
