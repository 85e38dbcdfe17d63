"""Angka kredit of a jabatan fungsional from the appraisal (PermenPANRB 1/2023, Peraturan BKN
3/2023; §5.8): the months of the SKP's year in the position, the predikat and the jenjang's annual
coefficient (configuration: CreditCoefficient, kept by Admin BKPSDM), computed by
`rules.angka_kredit`."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from simerit.organization.models import Position
from simerit.performance import rules
from simerit.performance.models import Appraisal, CreditCoefficient, Predikat, Skp


@dataclass(frozen=True)
class CreditLine:
    """The angka kredit of one appraisal as the pages and the PDF show it. `amount` is None when
    the jenjang has no coefficient yet; `message` then says so."""

    level: str  # the jenjang's label, "Ahli Pertama"
    months: int
    predikat: str  # the predikat's label
    coefficient: Decimal | None
    amount: Decimal | None
    explanation: str  # "12/12 × 150 % × 12,500 = 18,750" ("" without a coefficient)
    message: str  # "" with a coefficient

    @property
    def amount_text(self) -> str:
        return "" if self.amount is None else _decimal3(self.amount)

    @property
    def text(self) -> str:
        """One line for a document: the amount and how it was computed, or the message."""
        if self.amount is None:
            return self.message
        return f"{self.amount_text} ({self.explanation}; {self.level}, {self.predikat})"


def _decimal3(value: Decimal) -> str:
    """12,500: three decimals with the Indonesian comma."""
    return f"{value:.3f}".replace(".", ",")


def months_in_position(skp: Skp) -> int:
    """The months of the SKP's year the employee held the position: from the month of the TMT
    jabatan to December, inclusive, when the TMT falls in that year; otherwise the whole year."""
    tmt: dt.date | None = skp.employee.tmt_position
    if tmt is not None and tmt.year == skp.year.year:
        return 13 - tmt.month
    return 12


def coefficients() -> dict[str, Decimal]:
    """Every configured coefficient by jenjang: one query."""
    return dict(CreditCoefficient.objects.values_list("functional_level", "coefficient"))


def credit_line(
    skp: Skp, *, predikat: str, coefficients: Mapping[str, Decimal] | None = None
) -> CreditLine | None:
    """The angka kredit of `skp` rated `predikat`; None unless its position is a jabatan
    fungsional with a jenjang. `coefficients` (from `coefficients()`) spares one query per SKP
    in a list; without it the jenjang's row is read."""
    position = skp.position
    if position.kind != Position.Kind.FUNGSIONAL or not position.functional_level:
        return None
    level = position.functional_level
    label = Position.FunctionalLevel(level).label
    if coefficients is None:
        row = CreditCoefficient.objects.filter(functional_level=level).first()
        coefficient = row.coefficient if row else None
    else:
        coefficient = coefficients.get(level)
    months = months_in_position(skp)
    rated = Predikat(predikat)
    if coefficient is None:
        return CreditLine(
            level=label,
            months=months,
            predikat=rated.label,
            coefficient=None,
            amount=None,
            explanation="",
            message=f"Koefisien angka kredit untuk jenjang {label} belum ditetapkan oleh Admin "
            "BKPSDM.",
        )
    amount = rules.angka_kredit(predikat=rated, months=months, coefficient=coefficient)
    percent = rules.PREDIKAT_AK_PERCENT[rated]
    return CreditLine(
        level=label,
        months=months,
        predikat=rated.label,
        coefficient=coefficient,
        amount=amount,
        explanation=(
            f"{months}/12 × {percent:f} % × {_decimal3(coefficient)} = {_decimal3(amount)}"
        ),
        message="",
    )


def credit_for(appraisal: Appraisal) -> CreditLine | None:
    """The angka kredit of the appraisal's SKP at its (final) predikat (§5.8)."""
    return credit_line(appraisal.skp, predikat=appraisal.predikat)


def history_with_credit(skps: Iterable[Skp]) -> list[tuple[Skp, CreditLine | None]]:
    """Each SKP with its angka kredit (None before the appraisal or outside a jabatan fungsional);
    the coefficients are read once. The SKPs should come with `appraisal`, `position`,
    `employee` and `year` selected."""
    configured = coefficients()
    rows: list[tuple[Skp, CreditLine | None]] = []
    for skp in skps:
        appraisal: Appraisal | None = getattr(skp, "appraisal", None)
        credit = (
            None
            if appraisal is None
            else credit_line(skp, predikat=appraisal.predikat, coefficients=configured)
        )
        rows.append((skp, credit))
    return rows
