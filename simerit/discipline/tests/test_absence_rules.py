"""The absence ladder of PP 94/2021 (reference §7.2): every boundary of every band, and the
10 consecutive working days."""

import pytest

from simerit.discipline.models import Level, SanctionType
from simerit.discipline.rules import absence, pp94
from simerit.discipline.rules.absence import proposal


@pytest.mark.parametrize(
    ("days", "level", "sanction_type", "band"),
    [
        (3, Level.RINGAN, SanctionType.TEGURAN_LISAN, "3 hari"),
        (4, Level.RINGAN, SanctionType.TEGURAN_TERTULIS, "4–6 hari"),
        (6, Level.RINGAN, SanctionType.TEGURAN_TERTULIS, "4–6 hari"),
        (7, Level.RINGAN, SanctionType.PERNYATAAN_TIDAK_PUAS, "7–10 hari"),
        (10, Level.RINGAN, SanctionType.PERNYATAAN_TIDAK_PUAS, "7–10 hari"),
        (11, Level.SEDANG, SanctionType.POTONG_6, "11–13 hari"),
        (13, Level.SEDANG, SanctionType.POTONG_6, "11–13 hari"),
        (14, Level.SEDANG, SanctionType.POTONG_9, "14–16 hari"),
        (16, Level.SEDANG, SanctionType.POTONG_9, "14–16 hari"),
        (17, Level.SEDANG, SanctionType.POTONG_12, "17–20 hari"),
        (20, Level.SEDANG, SanctionType.POTONG_12, "17–20 hari"),
        (21, Level.BERAT, SanctionType.PENURUNAN_JABATAN, "21–24 hari"),
        (24, Level.BERAT, SanctionType.PENURUNAN_JABATAN, "21–24 hari"),
        (25, Level.BERAT, SanctionType.PEMBEBASAN_JABATAN, "25–27 hari"),
        (27, Level.BERAT, SanctionType.PEMBEBASAN_JABATAN, "25–27 hari"),
        (28, Level.BERAT, SanctionType.PDHTAPS, "28 hari atau lebih"),
        (40, Level.BERAT, SanctionType.PDHTAPS, "28 hari atau lebih"),
    ],
)
def test_cumulative_days_reach_their_band(
    days: int, level: str, sanction_type: str, band: str
) -> None:
    step = proposal(days, 0)

    assert step is not None
    assert (step.level, step.sanction_type, step.band, step.consecutive) == (
        level,
        sanction_type,
        band,
        False,
    )


@pytest.mark.parametrize("days", [0, 1, 2])
def test_fewer_than_three_days_propose_nothing(days: int) -> None:
    assert proposal(days, days) is None


def test_nine_consecutive_days_follow_the_cumulative_count() -> None:
    step = proposal(9, 9)

    assert step is not None
    assert step.sanction_type == SanctionType.PERNYATAAN_TIDAK_PUAS
    assert step.consecutive is False


def test_ten_consecutive_days_lead_to_pdhtaps() -> None:
    step = proposal(10, 10)

    assert step is not None
    assert (step.level, step.sanction_type, step.band, step.consecutive) == (
        Level.BERAT,
        SanctionType.PDHTAPS,
        "10 hari kerja berturut-turut",
        True,
    )
    assert step.legal_basis == (
        "PP 94/2021 Pasal 11 ayat (2) huruf d angka 4; gaji dihentikan mulai bulan berikutnya "
        "(Pasal 15 ayat (2))"
    )


def test_ten_consecutive_days_outrank_a_lower_cumulative_band() -> None:
    step = proposal(22, 10)

    assert step is not None
    assert step.sanction_type == SanctionType.PDHTAPS
    assert step.consecutive is True


def test_cumulative_pdhtaps_is_named_when_both_reach_it() -> None:
    step = proposal(30, 12)

    assert step is not None
    assert step.band == "28 hari atau lebih"
    assert step.legal_basis == "PP 94/2021 Pasal 11 ayat (2) huruf d angka 3"


def test_labels_and_basis_of_a_step() -> None:
    step = proposal(12, 3)

    assert step is not None
    assert step.sanction_label == "Pemotongan tunjangan kinerja/TPP 25% selama 6 bulan"
    assert step.level_label == "Sedang"
    assert step.legal_basis == "PP 94/2021 Pasal 10 ayat (2) huruf d angka 1"


def test_every_step_agrees_with_the_sanction_table() -> None:
    for step in (*absence.LADDER, absence.CONSECUTIVE_STEP):
        assert pp94.spec_for(step.sanction_type, step.level).level == step.level


def test_bands_are_contiguous_from_three_days() -> None:
    expected_low = absence.THRESHOLD
    for step in absence.LADDER:
        assert step.low == expected_low
        expected_low = (step.high or 0) + 1
    assert absence.LADDER[-1].high is None


@pytest.mark.parametrize(("days", "longest"), [(-1, 0), (3, -1), (3, 4)])
def test_impossible_counts_are_refused(days: int, longest: int) -> None:
    with pytest.raises(ValueError, match="hari"):
        proposal(days, longest)


def test_a_step_needs_a_case_when_none_was_opened_in_the_year() -> None:
    step = proposal(3, 0)
    assert step is not None

    assert absence.needs_new_case(step, []) is True


def test_the_same_or_a_lighter_step_needs_no_new_case() -> None:
    step = proposal(6, 0)
    assert step is not None

    assert absence.needs_new_case(step, [(4, Level.RINGAN)]) is False
    assert absence.needs_new_case(step, [(11, Level.SEDANG)]) is False


def test_a_heavier_step_needs_a_new_case() -> None:
    step = proposal(11, 0)
    assert step is not None

    assert absence.needs_new_case(step, [(3, Level.RINGAN), (6, Level.RINGAN)]) is True


def test_a_berat_case_below_21_days_stands_for_ten_days_in_a_row() -> None:
    assert absence.covered_step(12, Level.BERAT) == absence.CONSECUTIVE_STEP
    step = proposal(28, 10)
    assert step is not None

    # PDHTAPS again, now from the cumulative count: the case for 10 days in a row covers it.
    assert absence.needs_new_case(step, [(12, Level.BERAT)]) is False


def test_a_case_below_the_ladder_covers_nothing() -> None:
    assert absence.covered_step(2, Level.RINGAN) is None
