import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simerit.core.dates import format_date_id
from simerit.recruitment.rules import (
    Age,
    ApplicantProfile,
    EducationRule,
    FormasiRequirements,
    age_on,
    birth_date_bounds,
    check_eligibility,
)

REFERENCE = dt.date(2026, 8, 1)
NURSE = FormasiRequirements(
    min_age=18,
    max_age=35,
    age_reference_date=REFERENCE,
    education=(
        EducationRule("S1", "Sarjana (S-1)", ("Keperawatan", "Ilmu Keperawatan")),
        EducationRule("D3", "Diploma III", ()),
    ),
)


def profile(birth=dt.date(1995, 5, 17), level="S1", major="Keperawatan", **extra):
    return ApplicantProfile(
        birth_date=birth, education_level_code=level, education_major=major, **extra
    )


def messages(result):
    return [failure.message for failure in result.failures]


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (dt.date(1991, 4, 1), REFERENCE, Age(35, 4, 0)),
        (dt.date(1991, 8, 1), REFERENCE, Age(35, 0, 0)),
        (dt.date(1991, 8, 2), REFERENCE, Age(34, 11, 30)),
        (dt.date(2000, 2, 29), dt.date(2026, 2, 27), Age(25, 11, 29)),
        (dt.date(2000, 2, 29), dt.date(2026, 2, 28), Age(26, 0, 0)),
        (dt.date(2000, 2, 29), dt.date(2026, 3, 1), Age(26, 0, 1)),
        (dt.date(2008, 8, 1), REFERENCE, Age(18, 0, 0)),
    ],
)
def test_age_on_counts_calendar_years_months_and_days(birth, on, expected):
    assert age_on(birth_date=birth, on=on) == expected


def test_age_is_written_in_words():
    assert str(Age(35, 4, 0)) == "35 tahun 4 bulan"
    assert str(Age(18, 0, 0)) == "18 tahun"
    assert str(Age(34, 11, 30)) == "34 tahun 11 bulan 30 hari"


def test_format_date_id_uses_indonesian_month_names():
    assert format_date_id(REFERENCE) == "1 Agustus 2026"
    assert format_date_id(dt.date(2026, 12, 31)) == "31 Desember 2026"


def test_eligible_nurse_has_no_failures():
    result = check_eligibility(profile(), NURSE)
    assert result.eligible is True
    assert result.as_json() == {"eligible": True, "failures": []}


def test_over_age_message_names_the_exact_age():
    result = check_eligibility(profile(birth=dt.date(1991, 4, 1)), NURSE)
    assert messages(result) == [
        "Usia Anda pada 1 Agustus 2026 adalah 35 tahun 4 bulan; batas usia 35 tahun."
    ]
    assert result.failures[0].code == "age_max"


def test_exactly_the_maximum_age_on_the_reference_date_is_allowed():
    assert check_eligibility(profile(birth=dt.date(1991, 8, 1)), NURSE).eligible is True


def test_one_day_past_the_maximum_age_is_refused():
    result = check_eligibility(profile(birth=dt.date(1991, 7, 31)), NURSE)
    assert messages(result) == [
        "Usia Anda pada 1 Agustus 2026 adalah 35 tahun 1 hari; batas usia 35 tahun."
    ]


def test_under_age_is_refused():
    result = check_eligibility(profile(birth=dt.date(2008, 8, 2)), NURSE)
    assert messages(result) == [
        "Usia Anda pada 1 Agustus 2026 adalah 17 tahun 11 bulan 30 hari; usia minimal 18 tahun."
    ]


def test_birth_after_the_reference_date_is_refused():
    result = check_eligibility(profile(birth=dt.date(2026, 9, 1)), NURSE)
    assert result.failures[0].code == "age"


def test_wrong_level_lists_the_accepted_levels():
    result = check_eligibility(profile(level="SMA", major="IPA"), NURSE)
    assert messages(result) == [
        "Pendidikan Anda tidak sesuai: formasi ini menerima jenjang Sarjana (S-1), Diploma III."
    ]


def test_major_is_matched_without_case_or_hyphen_differences():
    assert check_eligibility(profile(major="  ilmu-KEPERAWATAN "), NURSE).eligible is True


def test_wrong_major_names_the_accepted_majors():
    result = check_eligibility(profile(major="Kebidanan"), NURSE)
    assert messages(result) == [
        "Program studi Anda (Kebidanan) tidak termasuk yang diterima untuk Sarjana (S-1): "
        "Keperawatan, Ilmu Keperawatan."
    ]


def test_level_without_majors_accepts_any_major():
    assert check_eligibility(profile(level="D3", major="Kebidanan"), NURSE).eligible is True


def test_disability_track_requires_a_disability():
    req = FormasiRequirements(18, 35, REFERENCE, NURSE.education, track="disabilitas")
    assert messages(check_eligibility(profile(), req)) == [
        "Formasi ini khusus untuk pelamar penyandang disabilitas."
    ]
    assert check_eligibility(profile(is_disabled=True), req).eligible is True


def test_minimum_gpa():
    req = FormasiRequirements(18, 35, REFERENCE, NURSE.education, min_gpa=Decimal("3.50"))
    assert messages(check_eligibility(profile(gpa=Decimal("3.49")), req)) == [
        "IPK Anda 3.49; formasi ini mensyaratkan IPK minimal 3.50."
    ]
    assert messages(check_eligibility(profile(), req)) == [
        "Formasi ini mensyaratkan IPK minimal 3.50; IPK Anda belum diisi."
    ]
    assert check_eligibility(profile(gpa=Decimal("3.50")), req).eligible is True


def test_every_failure_is_reported_not_only_the_first():
    result = check_eligibility(profile(birth=dt.date(1980, 1, 1), level="SMA"), NURSE)
    assert [failure.code for failure in result.failures] == ["age_max", "education_level"]


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=REFERENCE))
def test_age_rule_agrees_with_the_birthday_definition(birth):
    """Eligible on age exactly when the 18th birthday has come and the 35th has not been passed."""
    try:
        turns_18 = birth.replace(year=birth.year + 18)
        turns_35 = birth.replace(year=birth.year + 35)
    except ValueError:  # 29 February: the birthday counts on 28 February in a common year
        turns_18 = dt.date(birth.year + 18, 2, 28)
        turns_35 = dt.date(birth.year + 35, 2, 28)
    expected = turns_18 <= REFERENCE and turns_35 >= REFERENCE
    result = check_eligibility(profile(birth=birth), NURSE)
    assert result.eligible is expected


CUMLAUDE = FormasiRequirements(
    18, 35, REFERENCE, NURSE.education, track="cumlaude", track_name="Lulusan cumlaude"
)


def test_special_track_refuses_a_visitor_of_another_track():
    assert messages(check_eligibility(profile(track="umum"), CUMLAUDE)) == [
        "Formasi ini khusus untuk pelamar jalur Lulusan cumlaude."
    ]


def test_special_track_accepts_its_own_track_and_an_unstated_one():
    assert check_eligibility(profile(track="cumlaude"), CUMLAUDE).eligible is True
    # An applicant's record states no track: the verifier checks the track's documents.
    assert check_eligibility(profile(), CUMLAUDE).eligible is True


@pytest.mark.parametrize("track", ["umum", "disabilitas"])
def test_general_and_disability_formasi_ignore_the_stated_track(track):
    req = FormasiRequirements(18, 35, REFERENCE, NURSE.education, track=track)
    result = check_eligibility(profile(track="cumlaude", is_disabled=True), req)
    assert result.eligible is True


def test_birth_date_bounds_of_the_usual_limits():
    assert birth_date_bounds(min_age=18, max_age=35, on=REFERENCE) == (
        dt.date(1991, 8, 1),
        dt.date(2008, 8, 1),
    )


def test_birth_date_bounds_on_a_leap_day():
    # Born 28 February 1993: on 29 February 2028 that is 35 years and 1 day, one day too old.
    assert birth_date_bounds(min_age=18, max_age=35, on=dt.date(2028, 2, 29)) == (
        dt.date(1993, 3, 1),
        dt.date(2010, 2, 28),
    )


@given(
    birth=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2030, 12, 31)),
    on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
    min_age=st.integers(min_value=0, max_value=40),
    span=st.integers(min_value=0, max_value=30),
)
def test_birth_date_bounds_agree_with_the_age_check(birth, on, min_age, span):
    req = FormasiRequirements(min_age, min_age + span, on, ())
    earliest, latest = birth_date_bounds(min_age=min_age, max_age=min_age + span, on=on)
    passes = check_eligibility(profile(birth=birth, level="SD"), req).eligible
    assert passes is (earliest <= birth <= latest)
