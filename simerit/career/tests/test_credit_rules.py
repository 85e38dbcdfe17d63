"""rules.credit: the accumulated angka kredit against the requirement, and which years add to an
opening balance."""

import datetime as dt
from decimal import Decimal

from simerit.career.rules import credit as rules


def test_sufficient():
    standing = rules.standing(
        opening=Decimal("31.250"),
        earned=[Decimal("12.500"), Decimal("6.250")],
        required=Decimal("50.000"),
    )

    assert standing == rules.Standing(
        opening=Decimal("31.250"),
        earned=Decimal("18.750"),
        accumulated=Decimal("50.000"),
        required=Decimal("50.000"),
        shortfall=Decimal("0.000"),
        sufficient=True,
        message="Angka kredit mencukupi untuk kenaikan pangkat.",
    )


def test_short():
    standing = rules.standing(
        opening=Decimal("30.000"), earned=[Decimal("12.500")], required=Decimal("50.000")
    )

    assert (standing.accumulated, standing.shortfall, standing.sufficient) == (
        Decimal("42.500"),
        Decimal("7.500"),
        False,
    )
    assert standing.message == (
        "Kurang 7,500 angka kredit untuk kenaikan pangkat (terkumpul 42,500 dari 50,000)."
    )


def test_requirement_missing():
    standing = rules.standing(opening=Decimal("5.000"), earned=[], required=None)

    assert (standing.accumulated, standing.shortfall, standing.sufficient) == (
        Decimal("5.000"),
        None,
        None,
    )
    assert standing.message == "Kebutuhan angka kredit jenjang ini belum diatur."


def test_nothing_yet():
    standing = rules.standing(opening=rules.ZERO, earned=[], required=Decimal("100.000"))

    assert standing.message == (
        "Kurang 100,000 angka kredit untuk kenaikan pangkat (terkumpul 0,000 dari 100,000)."
    )


def test_years_after_the_opening_count():
    assert not rules.counts_year(2024, dt.date(2024, 12, 31))
    assert rules.counts_year(2025, dt.date(2024, 12, 31))
    assert not rules.counts_year(2025, dt.date(2025, 6, 30))
    assert rules.counts_year(2019, None)


def test_format_credit():
    assert rules.format_credit(Decimal("42.5")) == "42,500"
    assert rules.format_credit(Decimal("0")) == "0,000"
