"""Identifier rules: property tests (generated NIK/NIP/NI PPPK) and exact-message examples."""

import calendar
import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from simerit.employees import rules

TODAY = dt.date(2026, 6, 15)

genders = st.sampled_from([rules.MALE, rules.FEMALE])
provinces = st.sampled_from(sorted(rules.PROVINCE_CODES))
two_digits = st.integers(min_value=1, max_value=99).map(lambda n: f"{n:02d}")


@st.composite
def regions(draw: st.DrawFn) -> str:
    """Six region digits that validate: Palembang districts only 01–18."""
    province = draw(provinces)
    regency = draw(two_digits)
    if province + regency == rules.PALEMBANG_CODE:
        district = draw(st.sampled_from(sorted(rules.PALEMBANG_DISTRICTS)))
    else:
        district = draw(two_digits)
    return province + regency + district


def nik_for(region: str, birth: dt.date, gender: str, serial: int) -> str:
    day = birth.day + (40 if gender == rules.FEMALE else 0)
    return f"{region}{day:02d}{birth:%m}{birth.year % 100:02d}{serial:04d}"


def nip_for(birth: dt.date, tmt_year: int, tmt_month: int, gender: str, serial: int) -> str:
    digit = "2" if gender == rules.FEMALE else "1"
    return f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{digit}{serial:03d}"


@st.composite
def niks(draw: st.DrawFn) -> tuple[str, dt.date, str]:
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
    gender = draw(genders)
    serial = draw(st.integers(min_value=1, max_value=9999))
    return nik_for(draw(regions()), birth, gender, serial), birth, gender


@st.composite
def nips(draw: st.DrawFn) -> tuple[str, dt.date, int, int, str, int]:
    """A NIP whose TMT CPNS lies between the 15th birthday and TODAY."""
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2008, 12, 31)))
    tmt_year = draw(st.integers(min_value=birth.year + 15, max_value=TODAY.year))
    last_month = TODAY.month if tmt_year == TODAY.year else 12
    tmt_month = draw(st.integers(min_value=1, max_value=last_month))
    gender = draw(genders)
    serial = draw(st.integers(min_value=1, max_value=999))
    nip = nip_for(birth, tmt_year, tmt_month, gender, serial)
    return nip, birth, tmt_year, tmt_month, gender, serial


def replace(value: str, position: int, digits: str) -> str:
    """`value` with `digits` written from 1-based `position` (the way the regulations count)."""
    start = position - 1
    return value[:start] + digits + value[start + len(digits) :]


def error_of(check: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(rules.IdentifierError) as caught:
        check(*args, **kwargs)  # type: ignore[operator]
    return str(caught.value)


# --- NIK: generated numbers


@given(niks())
def test_generated_nik_validates_and_decodes_birth_date_and_gender(case):
    nik, birth, gender = case
    info = rules.validate_nik(nik)
    assert (info.day, info.month, info.year_2d) == (birth.day, birth.month, birth.year % 100)
    assert info.gender == gender
    assert info.matches_birth_date(birth) is True
    assert (info.province, info.regency, info.district) == (nik[0:2], nik[2:4], nik[4:6])
    assert info.serial == nik[12:16]


@given(niks(), st.integers(min_value=1, max_value=15))
def test_nik_with_spaces_is_read_as_the_same_number(case, cut):
    nik, _, _ = case
    assert rules.validate_nik(f" {nik[:cut]} {nik[cut:]} ") == rules.validate_nik(nik)


@given(niks(), st.sampled_from(["00", "13", "14", "20", "45", "99"]))
def test_nik_with_impossible_month_is_rejected(case, month):
    nik = replace(case[0], 9, month)
    assert error_of(rules.validate_nik, nik) == (
        f"Bulan lahir pada NIK '{month}' (digit 9–10) tidak valid."
    )


@given(niks(), st.sampled_from(["00", "32", "39", "40", "72", "80", "99"]))
def test_nik_with_impossible_day_is_rejected(case, day):
    nik = replace(case[0], 7, day)
    assert error_of(rules.validate_nik, nik) == (
        f"Tanggal lahir pada NIK '{day}' (digit 7–8) tidak valid: laki-laki 01–31, perempuan 41–71."
    )


@given(niks(), st.sampled_from([4, 6, 9, 11]), st.booleans())
def test_nik_with_31st_of_a_30_day_month_is_rejected(case, month, female):
    nik, birth, _ = case
    nik = replace(nik, 7, "71" if female else "31")
    nik = replace(nik, 9, f"{month:02d}")
    assert error_of(rules.validate_nik, nik) == (
        f"Tanggal lahir pada NIK (31-{month:02d}-{birth.year % 100:02d}) tidak ada di kalender."
    )


@given(niks(), st.integers(min_value=0, max_value=99))
def test_nik_29_february_is_valid_when_either_century_is_a_leap_year(case, year_2d):
    nik = replace(replace(replace(case[0], 7, "29"), 9, "02"), 11, f"{year_2d:02d}")
    leap = calendar.isleap(1900 + year_2d) or calendar.isleap(2000 + year_2d)
    if leap:
        assert rules.validate_nik(nik).day == 29
    else:
        assert error_of(rules.validate_nik, nik) == (
            f"Tanggal lahir pada NIK (29-02-{year_2d:02d}) tidak ada di kalender."
        )


@given(niks(), st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}"))
def test_nik_with_unknown_province_is_rejected(case, province):
    assume(province not in rules.PROVINCE_CODES)
    nik = replace(case[0], 1, province)
    assert error_of(rules.validate_nik, nik) == (
        f"Kode provinsi NIK '{province}' (digit 1–2) tidak dikenal."
    )


@given(niks())
def test_nik_with_regency_00_is_rejected(case):
    assert error_of(rules.validate_nik, replace(case[0], 3, "00")) == (
        "Kode kabupaten/kota NIK (digit 3–4) tidak boleh 00."
    )


@given(niks())
def test_nik_with_district_00_is_rejected(case):
    assert error_of(rules.validate_nik, replace(case[0], 5, "00")) == (
        "Kode kecamatan NIK (digit 5–6) tidak boleh 00."
    )


@given(niks(), st.integers(min_value=19, max_value=99))
def test_palembang_nik_with_district_outside_01_18_is_rejected(case, district):
    nik = replace(case[0], 1, f"1671{district:02d}")
    assert error_of(rules.validate_nik, nik) == (
        f"Kode kecamatan NIK '{district:02d}' (digit 5–6) tidak ada di Kota Palembang (01–18)."
    )


@given(niks())
def test_nik_with_serial_0000_is_rejected(case):
    assert error_of(rules.validate_nik, replace(case[0], 13, "0000")) == (
        "Nomor urut NIK (digit 13–16) tidak boleh 0000."
    )


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_nik_of_wrong_length_is_rejected_with_both_lengths(digits):
    assume(len(digits) != 16)
    assert error_of(rules.validate_nik, digits) == (
        f"NIK harus 16 digit; yang diisi {len(digits)} digit."
    )


@given(niks(), st.integers(min_value=0, max_value=15), st.sampled_from("aZ-./xO"))
def test_nik_with_a_non_digit_is_rejected(case, position, char):
    nik = case[0][:position] + char + case[0][position + 1 :]
    assert error_of(rules.validate_nik, nik) == "NIK hanya boleh berisi angka."


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_nik_is_required(value):
    assert error_of(rules.validate_nik, value) == "NIK wajib diisi."


def test_nik_example_of_a_woman_born_5_january_1990():
    info = rules.validate_nik("1671014501900001")
    assert info == rules.NikInfo("16", "71", "01", 5, 1, 90, rules.FEMALE, "0001")


def test_nik_example_of_a_man_born_31_december_1975():
    info = rules.validate_nik("1671183112750123")
    assert info == rules.NikInfo("16", "71", "18", 31, 12, 75, rules.MALE, "0123")


# --- NIP PNS: generated numbers


@given(nips())
def test_generated_nip_validates_and_decodes_its_parts(case):
    nip, birth, tmt_year, tmt_month, gender, serial = case
    info = rules.validate_nip(nip, today=TODAY)
    assert info == rules.NipInfo(birth, tmt_year, tmt_month, gender, f"{serial:03d}")


@given(nips(), st.sampled_from("03456789"))
def test_nip_with_gender_digit_other_than_1_or_2_is_rejected(case, digit):
    nip = replace(case[0], 15, digit)
    assert error_of(rules.validate_nip, nip, today=TODAY) == (
        "Digit jenis kelamin pada NIP (digit 15) harus 1 (laki-laki) atau 2 (perempuan); "
        f"yang diisi {digit}."
    )


@given(nips(), st.sampled_from(["00", "13", "19", "99"]))
def test_nip_with_impossible_tmt_month_is_rejected(case, month):
    nip = replace(case[0], 13, month)
    assert error_of(rules.validate_nip, nip, today=TODAY) == (
        f"Bulan TMT CPNS pada NIP '{month}' (digit 13–14) tidak valid."
    )


@given(nips(), st.sampled_from([(5, "00"), (5, "13"), (7, "00"), (7, "32"), (7, "72")]))
def test_nip_with_impossible_birth_date_is_rejected(case, corruption):
    position, digits = corruption
    nip = replace(case[0], position, digits)
    assert error_of(rules.validate_nip, nip, today=TODAY) == (
        f"Tanggal lahir pada NIP '{nip[:8]}' (digit 1–8, TTTTBBHH) tidak valid."
    )


@given(nips())
def test_nip_with_serial_000_is_rejected(case):
    assert error_of(rules.validate_nip, replace(case[0], 16, "000"), today=TODAY) == (
        "Nomor urut NIP (digit 16–18) dimulai dari 001."
    )


@given(nips(), st.integers(min_value=1, max_value=14))
def test_nip_with_appointment_before_age_15_is_rejected(case, years_after_birth):
    nip, birth = case[0], case[1]
    tmt_year = birth.year + years_after_birth
    nip = replace(nip, 9, f"{tmt_year:04d}")
    assert error_of(rules.validate_nip, nip, today=TODAY) == (
        f"TMT CPNS pada NIP ({tmt_year}) terlalu dekat dengan tahun lahir ({birth.year}): "
        "usia saat pengangkatan kurang dari 15 tahun."
    )


@given(nips(), st.integers(min_value=1, max_value=30))
def test_nip_with_appointment_in_the_future_is_rejected(case, months_ahead):
    future = TODAY.year * 12 + TODAY.month - 1 + months_ahead
    year, month = divmod(future, 12)
    nip = replace(case[0], 9, f"{year:04d}{month + 1:02d}")
    assert error_of(rules.validate_nip, nip, today=TODAY) == (
        f"TMT CPNS pada NIP ({month + 1:02d}-{year}) berada di masa depan."
    )


@given(nips(), st.dates(min_value=TODAY, max_value=dt.date(2099, 12, 31)))
def test_nip_with_birth_date_today_or_later_is_rejected(case, birth):
    nip = replace(case[0], 1, f"{birth:%Y%m%d}")
    assert error_of(rules.validate_nip, nip, today=TODAY) == (
        "Tanggal lahir pada NIP berada di masa depan."
    )


@given(nips(), st.integers(min_value=1000, max_value=1899))
def test_nip_with_birth_year_before_1900_is_rejected(case, year):
    nip = replace(case[0], 1, f"{year:04d}")
    assume(nip[4:8] != "0229" or calendar.isleap(year))
    assert error_of(rules.validate_nip, nip, today=TODAY) == (
        f"Tahun lahir pada NIP ({year}) tidak masuk akal."
    )


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_nip_of_wrong_length_is_rejected_with_both_lengths(digits):
    assume(len(digits) != 18)
    assert error_of(rules.validate_nip, digits, today=TODAY) == (
        f"NIP harus 18 digit; yang diisi {len(digits)} digit."
    )


@given(nips(), st.integers(min_value=0, max_value=17), st.sampled_from("aZ-./xO"))
def test_nip_with_a_non_digit_is_rejected(case, position, char):
    nip = case[0][:position] + char + case[0][position + 1 :]
    assert error_of(rules.validate_nip, nip, today=TODAY) == "NIP hanya boleh berisi angka."


def test_nip_example_from_the_regulation_layout():
    # Perka BKN 22/2007: 19860926 201505 1 001
    info = rules.validate_nip("19860926 201505 1 001", today=TODAY)
    assert info == rules.NipInfo(dt.date(1986, 9, 26), 2015, 5, rules.MALE, "001")


def test_nip_does_not_apply_the_nik_plus_40_rule_to_women():
    # Day 66 would be the NIK way of writing the 26th for a woman; in a NIP it is simply invalid.
    assert error_of(rules.validate_nip, "198609662015052001", today=TODAY) == (
        "Tanggal lahir pada NIP '19860966' (digit 1–8, TTTTBBHH) tidak valid."
    )


def test_empty_nip_is_required():
    assert error_of(rules.validate_nip, "", today=TODAY) == "NIP wajib diisi."


# --- NI PPPK: positions 9–14 are opaque


@given(nips(), st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_generated_ni_pppk_validates_whatever_positions_9_to_14_hold(case, middle):
    nip, birth, _, _, gender, serial = case
    ni_pppk = replace(nip, 9, middle)
    info = rules.validate_ni_pppk(ni_pppk, today=TODAY)
    assert info == rules.NipInfo(birth, int(middle[:4]), None, gender, f"{serial:03d}")


@given(nips(), st.sampled_from("03456789"))
def test_ni_pppk_with_gender_digit_other_than_1_or_2_is_rejected(case, digit):
    ni_pppk = replace(case[0], 15, digit)
    assert error_of(rules.validate_ni_pppk, ni_pppk, today=TODAY) == (
        "Digit jenis kelamin pada NI PPPK (digit 15) harus 1 (laki-laki) atau 2 (perempuan); "
        f"yang diisi {digit}."
    )


@given(nips(), st.sampled_from([(5, "13"), (7, "32")]))
def test_ni_pppk_with_impossible_birth_date_is_rejected(case, corruption):
    ni_pppk = replace(case[0], *corruption)
    assert error_of(rules.validate_ni_pppk, ni_pppk, today=TODAY) == (
        f"Tanggal lahir pada NI PPPK '{ni_pppk[:8]}' (digit 1–8, TTTTBBHH) tidak valid."
    )


def test_ni_pppk_example_of_a_part_time_pppk():
    # Domain reference §4.3: 19900913 2025 24 2 014 (PPPK Paruh Waktu).
    info = rules.validate_ni_pppk("199009132025242014", today=TODAY)
    assert info == rules.NipInfo(dt.date(1990, 9, 13), 2025, None, rules.FEMALE, "014")


def test_ni_pppk_born_in_the_future_is_rejected():
    assert error_of(rules.validate_ni_pppk, "202701012025241001", today=TODAY) == (
        "Tanggal lahir pada NI PPPK berada di masa depan."
    )


def test_ni_pppk_of_wrong_length_names_the_ni_pppk():
    assert error_of(rules.validate_ni_pppk, "1990", today=TODAY) == (
        "NI PPPK harus 18 digit; yang diisi 4 digit."
    )


# --- Cross-check of NIK against NIP / NI PPPK


@given(niks(), st.integers(min_value=15, max_value=40), st.integers(min_value=1, max_value=999))
def test_nik_and_nip_of_the_same_person_agree(nik_case, age_at_appointment, serial):
    nik, birth, gender = nik_case
    tmt_year = birth.year + age_at_appointment
    assume(tmt_year < TODAY.year)
    nip = nip_for(birth, tmt_year, 1, gender, serial)
    nik_info = rules.validate_nik(nik)
    assert rules.cross_check(nik=nik_info, asn_number=rules.validate_nip(nip, today=TODAY)) == []
    assert (
        rules.cross_check(nik=nik_info, asn_number=rules.validate_ni_pppk(nip, today=TODAY)) == []
    )


@given(niks(), nips())
def test_cross_check_reports_each_disagreement(nik_case, nip_case):
    nik_info = rules.validate_nik(nik_case[0])
    nip_info = rules.validate_nip(nip_case[0], today=TODAY)
    problems = rules.cross_check(nik=nik_info, asn_number=nip_info, label="NI PPPK")
    expected = []
    if not nik_info.matches_birth_date(nip_info.birth_date):
        expected.append(
            f"Tanggal lahir pada NIK ({nik_info.day:02d}-{nik_info.month:02d}-"
            f"{nik_info.year_2d:02d}) berbeda dengan tanggal lahir pada NI PPPK "
            f"({nip_info.birth_date:%d-%m-%Y})."
        )
    if nik_info.gender != nip_info.gender:
        expected.append(
            f"Jenis kelamin pada NIK ({'perempuan' if nik_info.gender == 'P' else 'laki-laki'}) "
            "berbeda dengan jenis kelamin pada NI PPPK "
            f"({'perempuan' if nip_info.gender == 'P' else 'laki-laki'})."
        )
    assert problems == expected


def test_cross_check_example_with_both_disagreements():
    nik = rules.validate_nik("1671014501900001")  # woman, 05-01-1990
    nip = rules.validate_nip("199001062015031001", today=TODAY)
    assert rules.cross_check(nik=nik, asn_number=nip) == [
        "Tanggal lahir pada NIK (05-01-90) berbeda dengan tanggal lahir pada NIP (06-01-1990).",
        "Jenis kelamin pada NIK (perempuan) berbeda dengan jenis kelamin pada NIP (laki-laki).",
    ]


def test_cross_check_ignores_the_century_of_the_nik():
    nik = rules.validate_nik("1671010501050001")  # 05-01-05: 1905 or 2005
    nip = rules.validate_nip("190501051925011001", today=TODAY)
    assert rules.cross_check(nik=nik, asn_number=nip) == []


def test_nik_review_reasons_name_each_disagreement_without_the_nik_digits():
    nik = rules.validate_nik("1671014501900001")  # woman, 05-01-1990
    nip = rules.validate_nip("199001062015031001", today=TODAY)
    assert rules.nik_review_reasons(nik=nik, asn_number=nip, label="NI PPPK") == [
        "Tanggal lahir pada NIK berbeda dengan tanggal lahir pada NI PPPK.",
        "Jenis kelamin pada NIK berbeda dengan jenis kelamin pada NI PPPK.",
    ]


@given(niks(), nips())
def test_nik_review_reasons_agree_with_cross_check(nik_case, nip_case):
    nik_info = rules.validate_nik(nik_case[0])
    nip_info = rules.validate_nip(nip_case[0], today=TODAY)
    reasons = rules.nik_review_reasons(nik=nik_info, asn_number=nip_info)
    assert len(reasons) == len(rules.cross_check(nik=nik_info, asn_number=nip_info))


# --- Masking


@given(niks())
def test_mask_nik_keeps_region_and_serial_only(case):
    nik = case[0]
    masked = rules.mask_nik(nik)
    assert masked == nik[:4] + "********" + nik[12:]
    assert len(masked) == 16


@given(st.text(alphabet="0123456789", max_size=30))
def test_mask_nik_hides_everything_when_the_length_is_wrong(value):
    assume(len(value) != 16)
    assert rules.mask_nik(value) == "*" * len(value)


def test_mask_nik_example():
    assert rules.mask_nik("1671014501900001") == "1671********0001"
