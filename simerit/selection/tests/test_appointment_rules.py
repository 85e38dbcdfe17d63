"""The NIP proposal (domain reference §4.2): birth date, TMT year and month, gender digit, and the
first free serial from 001 under the same 15 digits."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simerit.employees.rules import validate_ni_pppk, validate_nip
from simerit.selection.rules.appointments import NipProposalError, nip_prefix, propose_nip

BORN = dt.date(1996, 9, 26)
TMT = dt.date(2027, 3, 1)


def test_the_reference_example_layout():
    # §4.2: 19860926 201505 1 001.
    nip = propose_nip(
        birth_date=dt.date(1986, 9, 26), tmt=dt.date(2015, 5, 1), gender="L", taken=()
    )
    assert nip == "198609262015051001"


def test_a_woman_gets_gender_digit_2_and_no_nik_plus_40():
    nip = propose_nip(birth_date=BORN, tmt=TMT, gender="P", taken=())
    assert nip == "199609262027032001"


def test_the_serial_is_001_when_the_first_15_digits_are_unique():
    taken = {"199609262027031001"}  # the same person's digits, other gender
    assert propose_nip(birth_date=BORN, tmt=TMT, gender="P", taken=taken) == "199609262027032001"


def test_the_serial_is_incremented_while_it_collides():
    taken = {"199609262027031001", "199609262027031002"}
    assert propose_nip(birth_date=BORN, tmt=TMT, gender="L", taken=taken) == "199609262027031003"


def test_the_first_free_serial_is_taken_even_after_a_gap():
    taken = {"199609262027031001", "199609262027031003"}
    assert propose_nip(birth_date=BORN, tmt=TMT, gender="L", taken=taken) == "199609262027031002"


def test_numbers_under_other_prefixes_do_not_count():
    taken = {"199609262027041001", "199609272027031001", "199609262027032001"}
    assert propose_nip(birth_date=BORN, tmt=TMT, gender="L", taken=taken) == "199609262027031001"


def test_only_the_year_and_month_of_the_tmt_count():
    late = propose_nip(birth_date=BORN, tmt=dt.date(2027, 3, 31), gender="L", taken=())
    assert late == "199609262027031001"


def test_all_999_serials_taken_is_refused():
    taken = {f"199609262027031{serial:03d}" for serial in range(1, 1000)}
    with pytest.raises(NipProposalError) as error:
        propose_nip(birth_date=BORN, tmt=TMT, gender="L", taken=taken)
    assert str(error.value) == (
        "Nomor urut NIP untuk 199609262027031 sudah terpakai semua (001–999); "
        "NIP tidak dapat diusulkan."
    )


def test_serial_999_is_the_last_one_given():
    taken = {f"199609262027031{serial:03d}" for serial in range(1, 999)}
    assert propose_nip(birth_date=BORN, tmt=TMT, gender="L", taken=taken) == "199609262027031999"


@pytest.mark.parametrize("gender", ["", "X", "1", "l", "Laki-laki"])
def test_an_unknown_gender_is_refused(gender):
    with pytest.raises(NipProposalError) as error:
        propose_nip(birth_date=BORN, tmt=TMT, gender=gender, taken=())
    assert str(error.value) == (
        f"Jenis kelamin harus L (laki-laki) atau P (perempuan); yang tercatat '{gender}'."
    )


def test_a_birth_date_not_before_the_tmt_is_refused():
    with pytest.raises(NipProposalError) as error:
        propose_nip(birth_date=TMT, tmt=TMT, gender="L", taken=())
    assert str(error.value) == "Tanggal lahir (01-03-2027) harus sebelum TMT (01-03-2027)."


def test_an_appointment_before_age_15_fails_the_nip_rules():
    with pytest.raises(NipProposalError) as error:
        propose_nip(birth_date=dt.date(2015, 1, 1), tmt=TMT, gender="L", taken=())
    assert str(error.value) == (
        "TMT CPNS pada NIP (2027) terlalu dekat dengan tahun lahir (2015): usia saat "
        "pengangkatan kurang dari 15 tahun."
    )


def test_the_prefix_is_the_first_15_digits():
    assert nip_prefix(birth_date=BORN, tmt=TMT, gender="P") == "199609262027032"


@given(
    birth_date=st.dates(dt.date(1950, 1, 1), dt.date(2005, 12, 31)),
    months_after=st.integers(18 * 12, 50 * 12),
    gender=st.sampled_from(["L", "P"]),
    used=st.sets(st.integers(1, 40), max_size=20),
)
def test_a_proposal_is_a_valid_nip_and_pppk_number_that_is_not_taken(
    birth_date, months_after, gender, used
):
    month_index = birth_date.year * 12 + birth_date.month - 1 + months_after
    tmt = dt.date(month_index // 12, month_index % 12 + 1, 1)
    prefix = nip_prefix(birth_date=birth_date, tmt=tmt, gender=gender)
    taken = {f"{prefix}{serial:03d}" for serial in used}
    nip = propose_nip(birth_date=birth_date, tmt=tmt, gender=gender, taken=taken)
    assert nip not in taken
    assert nip.startswith(prefix)
    assert int(nip[15:]) == min(set(range(1, 1000)) - used)
    info = validate_nip(nip, today=tmt)
    assert (info.birth_date, info.gender) == (birth_date, gender)
    assert (info.appointment_year, info.appointment_month) == (tmt.year, tmt.month)
    # §4.3: a PPPK proposal has the same layout and passes the NI PPPK check as well.
    assert validate_ni_pppk(nip, today=tmt).birth_date == birth_date
