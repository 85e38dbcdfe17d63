"""Satyalancana Karya Satya eligibility rules (UU 20/2009; PP 35/2010 Pasal 22; §7.5–7.6)."""

import datetime as dt

import pytest

from simerit.discipline.models import Level
from simerit.employees.models import EmployeeKind
from simerit.rewards.rules import satyalancana as rules
from simerit.rewards.rules.conditions import SanctionFact, service_length, shown_eligibility


def check(**changes: object) -> rules.Verdict:
    facts: dict[str, object] = {
        "kind": EmployeeKind.PNS,
        "is_active": True,
        "tmt_cpns": dt.date(2016, 1, 1),
        "year": 2026,
        "sanctions": [],
        "granted": {},
    }
    facts.update(changes)
    return rules.check(**facts)  # type: ignore[arg-type]


def sedang(decided_on: dt.date, *, annulled: bool = False) -> SanctionFact:
    return SanctionFact(
        case_number="HD-2026-0001", level=Level.SEDANG, decided_on=decided_on, annulled=annulled
    )


@pytest.mark.parametrize(
    ("start", "on", "years", "months"),
    [
        (dt.date(2017, 1, 1), dt.date(2026, 12, 31), 9, 11),
        (dt.date(2017, 1, 1), dt.date(2027, 1, 1), 10, 0),
        (dt.date(2016, 12, 31), dt.date(2026, 12, 31), 10, 0),
        (dt.date(2017, 1, 2), dt.date(2027, 1, 1), 9, 11),
        (dt.date(2026, 12, 1), dt.date(2026, 11, 28), 0, 0),
    ],
)
def test_service_length_counts_whole_months(start, on, years, months):
    length = service_length(start, on)
    assert (length.years, length.months) == (years, months)


def test_nine_years_eleven_months_on_31_december_is_not_yet_ten():
    verdict = check(tmt_cpns=dt.date(2017, 1, 1))

    assert verdict.eligible is False
    assert verdict.service_years == 9
    assert verdict.class_years is None
    assert verdict.reasons == ["Masa kerja pada 31/12/2026: 9 tahun 11 bulan; minimal 10 tahun."]


def test_exactly_ten_years_on_31_december_reaches_class_x():
    verdict = check(tmt_cpns=dt.date(2016, 12, 31))

    assert verdict.eligible is True
    assert verdict.service_years == 10
    assert verdict.class_years == 10
    assert verdict.reasons == []


@pytest.mark.parametrize(
    ("tmt_cpns", "expected"),
    [
        (dt.date(2016, 1, 1), 10),
        (dt.date(2007, 1, 1), 10),
        (dt.date(2006, 1, 1), 20),
        (dt.date(1997, 1, 1), 20),
        (dt.date(1996, 1, 1), 30),
        (dt.date(1990, 1, 1), 30),
    ],
)
def test_class_reached_is_the_highest_of_10_20_30(tmt_cpns, expected):
    assert check(tmt_cpns=tmt_cpns).class_years == expected


def test_a_sedang_sanction_in_the_period_excludes_with_case_and_date():
    verdict = check(sanctions=[sedang(dt.date(2026, 2, 1))])

    assert verdict.eligible is False
    assert verdict.class_years == 10
    assert verdict.reasons == [
        "Pernah dijatuhi hukuman disiplin tingkat sedang (HD-2026-0001, 01/02/2026)."
    ]
    assert verdict.public_reasons == [
        "Pernah dijatuhi hukuman disiplin tingkat sedang (01/02/2026)."
    ]


def test_a_berat_sanction_excludes():
    berat = SanctionFact("HD-2020-0003", Level.BERAT, dt.date(2020, 5, 4))

    assert check(sanctions=[berat]).reasons == [
        "Pernah dijatuhi hukuman disiplin tingkat berat (HD-2020-0003, 04/05/2020)."
    ]


def test_a_ringan_sanction_does_not_exclude():
    ringan = SanctionFact("HD-2026-0002", Level.RINGAN, dt.date(2026, 2, 1))

    assert check(sanctions=[ringan]).eligible is True


def test_an_annulled_sedang_sanction_does_not_exclude():
    assert check(sanctions=[sedang(dt.date(2026, 2, 1), annulled=True)]).eligible is True


def test_a_sanction_before_tmt_cpns_or_after_the_year_does_not_count():
    before = sedang(dt.date(2015, 12, 31))
    after = sedang(dt.date(2027, 1, 1))

    assert check(sanctions=[before, after]).eligible is True


def test_for_class_xx_the_whole_service_period_must_be_clean():
    verdict = check(tmt_cpns=dt.date(2006, 1, 1), sanctions=[sedang(dt.date(2008, 3, 3))])

    assert verdict.class_years == 20
    assert verdict.reasons == [
        "Pernah dijatuhi hukuman disiplin tingkat sedang (HD-2026-0001, 03/03/2008)."
    ]


def test_a_pppk_is_excluded():
    verdict = check(kind=EmployeeKind.PPPK)

    assert verdict.eligible is False
    assert verdict.reasons == [
        "PPPK tidak termasuk penerima Satyalancana Karya Satya; hanya PNS dan CPNS."
    ]


def test_no_tmt_cpns_gives_the_reason():
    verdict = check(tmt_cpns=None)

    assert verdict.eligible is False
    assert (verdict.service_years, verdict.class_years) == (0, None)
    assert verdict.reasons == ["TMT CPNS belum dicatat; masa kerja tidak dapat dihitung."]


def test_an_inactive_employee_is_excluded():
    assert check(is_active=False).reasons == ["Pegawai tidak aktif."]


def test_xx_without_x_granted_in_simerit_is_eligible():
    assert check(tmt_cpns=dt.date(2006, 1, 1), granted={}).eligible is True


def test_a_class_already_granted_excludes_it():
    verdict = check(tmt_cpns=dt.date(2006, 1, 1), granted={10: 2016, 20: 2026})

    assert verdict.eligible is False
    assert verdict.already_granted is True
    assert verdict.reasons == ["Sudah menerima Satyalancana Karya Satya XX Tahun (2026)."]


def test_a_lower_class_than_reached_is_refused_when_asked_for():
    verdict = check(tmt_cpns=dt.date(2006, 1, 1), target=10)

    assert verdict.eligible is False
    assert verdict.reasons == [
        "Masa kerja pada 31/12/2026: 20 tahun 11 bulan; kelas yang dicapai adalah Satyalancana Karya "
        "Satya XX Tahun."
    ]


def test_a_higher_class_than_reached_is_refused_when_asked_for():
    verdict = check(tmt_cpns=dt.date(2006, 1, 1), target=30)

    assert verdict.reasons == ["Masa kerja pada 31/12/2026: 20 tahun 11 bulan; minimal 30 tahun."]


def test_conditions_list_every_requirement_in_order():
    verdict = check()

    assert [item.requirement for item in verdict.conditions] == [
        "Pegawai aktif",
        "Berstatus PNS atau CPNS",
        "Masa kerja terus-menerus sejak TMT CPNS minimal 10 tahun pada 31/12/2026",
        "Tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat sejak TMT CPNS",
        "Belum pernah menerima Satyalancana Karya Satya X Tahun",
    ]
    assert all(item.met for item in verdict.conditions)
    assert verdict.conditions[2].as_json() == {
        "syarat": "Masa kerja terus-menerus sejak TMT CPNS minimal 10 tahun pada 31/12/2026",
        "terpenuhi": True,
        "keterangan": "Masa kerja pada 31/12/2026: 10 tahun 11 bulan.",
    }


def test_a_broken_clean_record_is_kept_with_its_public_sentence():
    verdict = check(sanctions=[sedang(dt.date(2026, 2, 1))])
    kept = [item.as_json() for item in verdict.conditions]

    assert kept[3] == {
        "syarat": "Tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat sejak TMT CPNS",
        "terpenuhi": False,
        "keterangan": "Pernah dijatuhi hukuman disiplin tingkat sedang (HD-2026-0001, 01/02/2026).",
        "keterangan_publik": "Pernah dijatuhi hukuman disiplin tingkat sedang (01/02/2026).",
    }
    assert shown_eligibility(kept, public=True)[3] == {
        "syarat": "Tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat sejak TMT CPNS",
        "terpenuhi": False,
        "keterangan": "Pernah dijatuhi hukuman disiplin tingkat sedang (01/02/2026).",
    }
    assert shown_eligibility(kept, public=False)[3]["keterangan"] == kept[3]["keterangan"]
    # The other conditions read the same for everyone.
    assert shown_eligibility(kept, public=True)[:3] == shown_eligibility(kept, public=False)[:3]
