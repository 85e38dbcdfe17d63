"""Performance rules as pure functions (no ORM), each citing the section of the domain reference
(shared/domain/asn-reference.md §5) it implements: the predikat matrix (PermenPANRB 6/2022, §5.4),
capped achievement (PP 30/2019, §5.3), the anonymity of 360 input and the justification margin (the
issue; §5.7), the distribution curve (SE MenPANRB 03/2023, §5.5), angka kredit (PermenPANRB 1/2023,
§5.8), rater-bias classification (§5.7) and the evaluation → training thresholds (the issue's
item 8)."""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from simerit.performance.models.appraisal import Predikat, Rating
from simerit.performance.models.feedback360 import RaterGroup
from simerit.performance.models.years import OrganisationPredikat

# §5.4: (rating hasil kerja, rating perilaku kerja) → predikat. Poor behaviour with acceptable or
# excellent results is Kurang/Misconduct; poor results with acceptable or excellent behaviour is
# Butuh Perbaikan.
PREDIKAT_MATRIX: dict[tuple[Rating, Rating], Predikat] = {
    (Rating.ABOVE, Rating.BELOW): Predikat.KURANG,
    (Rating.ABOVE, Rating.AS_EXPECTED): Predikat.BAIK,
    (Rating.ABOVE, Rating.ABOVE): Predikat.SANGAT_BAIK,
    (Rating.AS_EXPECTED, Rating.BELOW): Predikat.KURANG,
    (Rating.AS_EXPECTED, Rating.AS_EXPECTED): Predikat.BAIK,
    (Rating.AS_EXPECTED, Rating.ABOVE): Predikat.BAIK,
    (Rating.BELOW, Rating.BELOW): Predikat.SANGAT_KURANG,
    (Rating.BELOW, Rating.AS_EXPECTED): Predikat.BUTUH_PERBAIKAN,
    (Rating.BELOW, Rating.ABOVE): Predikat.BUTUH_PERBAIKAN,
}


def predikat(*, result: Rating, behaviour: Rating) -> Predikat:
    """The predikat kinerja of a rating hasil kerja and a rating perilaku kerja (§5.4)."""
    return PREDIKAT_MATRIX[(Rating(result), Rating(behaviour))]


# --- Achievement of one indicator (capaian; PP 30/2019: capped, §5.3)


def achievement(
    *, target: Decimal, realised: Decimal, lower_is_better: bool, cap: int
) -> Decimal | None:
    """Capaian in percent, 2 decimals, rounded half up, at most `cap`: realised ÷ target × 100,
    or target ÷ realised × 100 when less is better (days, money). None when it cannot be
    computed (a zero target or, when less is better, a zero realisation)."""
    if target < 0 or realised < 0:
        raise ValueError("Target dan realisasi tidak boleh negatif.")
    numerator, denominator = (target, realised) if lower_is_better else (realised, target)
    if denominator == 0:
        return None
    percent = (numerator * 100 / denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(percent, Decimal(cap))


# --- Anonymity of 360 input (§5.7; the issue: at least 3 answers per group)

# Groups whose answers are shown to the employee only aggregated and only from `min_raters`.
PROTECTED_GROUPS: tuple[RaterGroup, ...] = (RaterGroup.PEER, RaterGroup.SUBORDINATE)


@dataclass(frozen=True)
class GroupVisibility:
    """How one rater group's answers may be shown: `shown` as its own group, or `merged` with the
    other protected group, or neither (withheld); `reason` says why in Indonesian (shown on the
    page)."""

    shown: bool
    merged: bool
    reason: str


def group_visibility(counts: Mapping[str, int], *, min_raters: int) -> dict[str, GroupVisibility]:
    """For each rater group with answers, how it may be shown (§5.7).

    Self and the supervisor are shown (their authors are known anyway). Peers and subordinates
    are shown as a group from `min_raters` answers. A smaller group is merged with the other
    protected group only when that one is small too and together they reach `min_raters`;
    merging it into a group that is also shown on its own would let anyone subtract the two and
    read the small group's answers, so then it is withheld."""
    protected = {group.value for group in PROTECTED_GROUPS}
    small = {
        group for group, count in counts.items() if group in protected and 0 < count < min_raters
    }
    large = {group for group, count in counts.items() if group in protected and count >= min_raters}
    merge = len(small) > 1 and not large and sum(counts[g] for g in small) >= min_raters
    result: dict[str, GroupVisibility] = {}
    for group, count in counts.items():
        if count <= 0:
            continue
        if group not in protected or group in large:
            result[group] = GroupVisibility(shown=True, merged=False, reason="")
        elif merge:
            result[group] = GroupVisibility(
                shown=False,
                merged=True,
                reason=(
                    f"Jawaban kelompok ini kurang dari {min_raters} sehingga digabung dengan "
                    "kelompok lain (rekan kerja dan bawahan) agar penilai tidak dapat dikenali."
                ),
            )
        else:
            result[group] = GroupVisibility(
                shown=False,
                merged=False,
                reason=(
                    f"Baru {count} jawaban dari kelompok ini; hasilnya ditampilkan setelah paling "
                    f"sedikit {min_raters} penilai menjawab agar penilai tidak dapat dikenali."
                ),
            )
    return result


# --- The employee's feedback on a coaching session (Format B.1.8 Lampiran PermenPANRB 6/2022;
# §5.7): (code, statement); each answered with an agreement level 1–5.
COACHING_FEEDBACK_ITEMS: tuple[tuple[str, str], ...] = (
    ("didengar", "Saya merasa didengarkan selama bimbingan."),
    ("data_akurat", "Pandangan pimpinan didasarkan pada data kinerja yang akurat."),
    ("bertanya", "Pimpinan lebih banyak bertanya daripada menceramahi."),
    ("langkah", "Saya tahu langkah yang harus saya ambil berikutnya."),
    ("bermanfaat", "Bimbingan ini bermanfaat bagi pengembangan kinerja saya."),
)


# --- The decision against the 360 evidence (the item 3; §5.7: the 360 input is evidence,
# the pejabat penilai decides)

# A rating placed on the 1–5 scale of the 360 answers (3 = as expected).
RATING_SCALE_VALUE: dict[Rating, Decimal] = {
    Rating.BELOW: Decimal(2),
    Rating.AS_EXPECTED: Decimal(3),
    Rating.ABOVE: Decimal(4),
}


def needs_justification(
    *, decision: Rating, evidence_mean: Decimal | None, margin: Decimal
) -> bool:
    """Whether the pejabat penilai must justify `decision` (the issue's item 3): True when there is
    360 evidence (`evidence_mean`, 1–5) and the decision's value on that scale (below 2, as
    expected 3, above 4) departs from it by more than `margin` (the year's justification_margin).
    Exactly at the margin needs no justification; no evidence needs none."""
    if evidence_mean is None:
        return False
    return abs(RATING_SCALE_VALUE[Rating(decision)] - evidence_mean) > margin


# --- The distribution curve (SE MenPANRB 03/2023; §5.5): a warning, not forced ranking


@dataclass(frozen=True)
class ShareLimit:
    """A bound on the share of employees whose predikat is one of `predikat` (together), in
    percent of the unit's employees."""

    predikat: frozenset[Predikat]
    percent: Decimal


@dataclass(frozen=True)
class DistributionRule:
    """The curve for one organisation predikat: `maximum` and `minimum` shares (bounds inclusive),
    `must_include` (at least one employee with one of these), `excluded` (none with these)."""

    maximum: tuple[ShareLimit, ...] = ()
    minimum: tuple[ShareLimit, ...] = ()
    must_include: frozenset[Predikat] = frozenset()
    excluded: frozenset[Predikat] = frozenset()


def _limit(percent: int, *predikat: Predikat) -> ShareLimit:
    return ShareLimit(predikat=frozenset(predikat), percent=Decimal(percent))


# §5.5 table, row by row. "Others may be ..." is no rule: any other predikat is allowed.
DISTRIBUTION_RULES: dict[OrganisationPredikat, DistributionRule] = {
    OrganisationPredikat.ISTIMEWA: DistributionRule(maximum=(_limit(70, Predikat.SANGAT_BAIK),)),
    OrganisationPredikat.BAIK: DistributionRule(
        maximum=(_limit(70, Predikat.BAIK),),
        must_include=frozenset({Predikat.BUTUH_PERBAIKAN, Predikat.KURANG}),
    ),
    OrganisationPredikat.BUTUH_PERBAIKAN: DistributionRule(
        maximum=(_limit(10, Predikat.SANGAT_BAIK),), minimum=(_limit(60, Predikat.BUTUH_PERBAIKAN),)
    ),
    OrganisationPredikat.KURANG: DistributionRule(
        maximum=(_limit(10, Predikat.SANGAT_BAIK),),
        minimum=(_limit(60, Predikat.KURANG), _limit(10, Predikat.BUTUH_PERBAIKAN)),
    ),
    OrganisationPredikat.SANGAT_KURANG: DistributionRule(
        minimum=(
            _limit(60, Predikat.SANGAT_KURANG),
            _limit(10, Predikat.KURANG, Predikat.BUTUH_PERBAIKAN),
        ),
        excluded=frozenset({Predikat.SANGAT_BAIK}),
    ),
}


@dataclass(frozen=True)
class DistributionFinding:
    """One broken rule of the curve: `predikat` when it concerns one predikat, None when several
    together; `message` in Indonesian with the numbers."""

    predikat: Predikat | None
    message: str


def _number(value: Decimal) -> str:
    """Indonesian notation: decimal comma, no trailing zeros after an integer."""
    text = f"{value:f}" if value != value.to_integral_value() else f"{value.to_integral_value():f}"
    return text.replace(".", ",")


def _share_text(share: Fraction, bound: Fraction) -> str:
    """`share` in percent with one decimal (half up), more when one decimal would read as the
    bound it breaks (70,0 % for 70,01 %)."""
    exact = Decimal(share.numerator) * 100 / Decimal(share.denominator)
    for places in range(1, 6):
        shown = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if Fraction(shown) != bound * 100 or share == bound:
            break
    return f"{shown:f}".replace(".", ",") + " %"


def _label(predikat: frozenset[Predikat]) -> str:
    return " atau ".join(str(p.label) for p in Predikat if p in predikat)


def _single(predikat: frozenset[Predikat]) -> Predikat | None:
    return next(iter(predikat)) if len(predikat) == 1 else None


def check_distribution(
    *, organisation: OrganisationPredikat, counts: Mapping[Predikat, int]
) -> list[DistributionFinding]:
    """Compare a unit's employee predikat with the curve for its organisation predikat (SE
    MenPANRB 03/2023; §5.5, `DISTRIBUTION_RULES`). Empty when it conforms or the unit has no
    employees; otherwise one finding per broken rule, in the table's order (maxima, minima,
    must-include, excluded). Shares are exact fractions and bounds inclusive (exactly 70 % of a
    70 % maximum conforms). A warning for the pejabat penilai and HR, not forced ranking."""
    rule = DISTRIBUTION_RULES[OrganisationPredikat(organisation)]
    tally: dict[Predikat, int] = dict.fromkeys(Predikat, 0)
    for key, count in counts.items():
        if count < 0:
            raise ValueError("Jumlah pegawai per predikat tidak boleh negatif.")
        tally[Predikat(key)] += count
    total = sum(tally.values())
    if total == 0:
        return []
    org = OrganisationPredikat(organisation).label
    findings: list[DistributionFinding] = []

    def stated(group: frozenset[Predikat], bound: Fraction) -> tuple[int, str]:
        n = sum(tally[p] for p in group)
        share = _share_text(Fraction(n, total), bound)
        return n, f"{n} dari {total} pegawai ({share}) berpredikat {_label(group)}"

    for limit in rule.maximum:
        bound = Fraction(limit.percent) / 100
        n, text = stated(limit.predikat, bound)
        if Fraction(n, total) > bound:
            message = (
                f"{text}; paling banyak {_number(limit.percent)} % untuk unit berpredikat {org}."
            )
            findings.append(DistributionFinding(_single(limit.predikat), message))
    for limit in rule.minimum:
        bound = Fraction(limit.percent) / 100
        n, text = stated(limit.predikat, bound)
        if Fraction(n, total) < bound:
            message = (
                f"{text}; paling sedikit {_number(limit.percent)} % untuk unit berpredikat {org}."
            )
            findings.append(DistributionFinding(_single(limit.predikat), message))
    if rule.must_include and not any(tally[p] for p in rule.must_include):
        label = _label(rule.must_include)
        message = (
            f"Tidak ada dari {total} pegawai yang berpredikat {label}; unit berpredikat {org} "
            "harus memiliki sebagian pegawai dengan predikat tersebut."
        )
        findings.append(DistributionFinding(_single(rule.must_include), message))
    if rule.excluded and any(tally[p] for p in rule.excluded):
        n, text = stated(rule.excluded, Fraction(0))
        message = (
            f"{text}; unit berpredikat {org} tidak boleh memiliki pegawai berpredikat "
            f"{_label(rule.excluded)}."
        )
        findings.append(DistributionFinding(_single(rule.excluded), message))
    return findings


# --- Angka kredit of a jabatan fungsional (PermenPANRB 1/2023, Peraturan BKN 3/2023; §5.8)

# The percentage of the annual coefficient earned per predikat.
PREDIKAT_AK_PERCENT: dict[Predikat, Decimal] = {
    Predikat.SANGAT_BAIK: Decimal(150),
    Predikat.BAIK: Decimal(100),
    Predikat.BUTUH_PERBAIKAN: Decimal(75),
    Predikat.KURANG: Decimal(50),
    Predikat.SANGAT_KURANG: Decimal(25),
}


def angka_kredit(*, predikat: Predikat, months: int, coefficient: Decimal) -> Decimal:
    """AK = months / 12 × percent of the predikat / 100 × the jenjang's annual coefficient,
    rounded half up to 3 decimals (§5.8; BKN's example: Ahli Pertama 12.5, Sangat Baik for 12
    months = 18.750, Baik for 2 months = 2.083). The coefficient per jenjang is configuration, not
    a rule: most values in the reference are unverified."""
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 12:
        raise ValueError("Masa penilaian harus 1 sampai 12 bulan.")
    if coefficient <= 0:
        raise ValueError("Koefisien angka kredit harus lebih dari nol.")
    value = Decimal(months) * PREDIKAT_AK_PERCENT[Predikat(predikat)] * coefficient / 1200
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


# --- Rater bias (§5.7: known rater biases in BKN material: leniency, strictness, central
# tendency, halo; the item 4). The aggregates come from the database (selectors/bias.py).


@dataclass(frozen=True)
class BiasThresholds:
    """`z`: how many standard deviations a rater's mean may lie from the reference (unit or
    organisation) before it is lenient or severe; `min_spread`: the smallest standard deviation of
    a rater's scores that is not central tendency; `halo_share`: from this share of the rater's
    ratees scored identically on every indicator, the rater shows a halo.

    z = 2.0 was measured (make bench, calibration: 15,000 employees, 8 raters each, a lenient, a
    harsh and a halo rater per unit of 100): with leniency relative to the other raters of the same
    SKP, fair raters lie within ±1.8 and biased ones beyond ±5.4; 1.5 flagged 14 of 14,400 fair
    raters, 2.0 none."""

    z: float = 2.0
    min_spread: float = 0.5
    halo_share: float = 0.8


@dataclass(frozen=True)
class RaterFlags:
    lenient: bool
    severe: bool
    central_tendency: bool
    halo: bool

    @property
    def any(self) -> bool:
        return self.lenient or self.severe or self.central_tendency or self.halo


def classify_rater(
    *,
    z: float | None,
    spread: float | None,
    halo_share: float | None,
    thresholds: BiasThresholds = BiasThresholds(),
) -> RaterFlags:
    """The biases one rater shows (§5.7): lenient when z > thresholds.z, severe when
    z < −thresholds.z, central tendency when spread < min_spread, halo when halo_share ≥
    thresholds.halo_share (bounds as written: a z of exactly 2.0 is not lenient, a halo share of
    exactly 0.8 is a halo). A None input (too few answers to tell) flags nothing."""
    return RaterFlags(
        lenient=z is not None and z > thresholds.z,
        severe=z is not None and z < -thresholds.z,
        central_tendency=spread is not None and spread < thresholds.min_spread,
        halo=halo_share is not None and halo_share >= thresholds.halo_share,
    )


# Aggregates come from the database as float or Decimal (AVG, STDDEV); both are accepted.
Number = float | Decimal


def z_score(value: Number, mean: Number, sd: Number | None) -> float | None:
    """How many standard deviations `value` (a rater's mean) lies from `mean` (the reference's);
    None when the reference has no spread (sd 0 or None), where no comparison is meaningful."""
    if sd is None or float(sd) == 0 or math.isnan(float(sd)):
        return None
    return (float(value) - float(mean)) / float(sd)


def normalised(
    score: Number,
    rater_mean: Number,
    rater_sd: Number | None,
    reference_mean: Number,
    reference_sd: Number | None,
) -> float:
    """A rater's score with the rater's own leniency and spread taken out, read on the reference
    scale: reference_mean + (score − rater_mean) / rater_sd × reference_sd. A rater without spread
    (rater_sd 0 or None) keeps the distance from their mean: reference_mean + (score −
    rater_mean). A reference without spread (reference_sd 0 or None) maps the z-score to
    reference_mean. Not clamped to 1–5: a calibration view shows it beside the raw score."""
    distance = float(score) - float(rater_mean)
    if not rater_sd:
        return float(reference_mean) + distance
    return float(reference_mean) + distance / float(rater_sd) * float(reference_sd or 0)


# --- Evaluation → training (the item 8; PP 11/2017 Pasal 205–206, analisis kesenjangan
# kinerja, §6.1)

# An indicator whose mean score from others (self excluded) is below this is a training need.
LOW_INDICATOR_SCORE = Decimal("2.50")
WEAK_PREDIKAT: frozenset[Predikat] = frozenset(
    {Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG}
)

# What the matrix (§5.4) says is weak: results (Butuh Perbaikan), behaviour (Kurang), or both.
_PREDIKAT_RECOMMENDATION: dict[Predikat, str] = {
    Predikat.BUTUH_PERBAIKAN: (
        "Predikat Butuh Perbaikan (hasil kerja di bawah ekspektasi): pelatihan teknis pada "
        "rencana hasil kerja yang belum tercapai dan bimbingan kinerja oleh pejabat penilai."
    ),
    Predikat.KURANG: (
        "Predikat Kurang/Misconduct (perilaku kerja di bawah ekspektasi): pembinaan perilaku "
        "kerja BerAKHLAK dan konseling kinerja oleh pejabat penilai."
    ),
    Predikat.SANGAT_KURANG: (
        "Predikat Sangat Kurang (hasil dan perilaku kerja di bawah ekspektasi): rencana "
        "pengembangan kompetensi bersama pejabat penilai, pelatihan teknis, dan pembinaan "
        "perilaku kerja BerAKHLAK."
    ),
}


def predikat_recommendation(predikat: Predikat) -> str | None:
    """The recommendation (Indonesian, ≤ 500 characters: TrainingNeed.recommendation) recorded for
    a weak predikat; None for Sangat Baik and Baik."""
    return _PREDIKAT_RECOMMENDATION.get(Predikat(predikat))


def is_low_indicator(score: Decimal | None) -> bool:
    """Whether an indicator's mean score from others is a training need (strictly below
    LOW_INDICATOR_SCORE; no score is no need)."""
    return score is not None and score < LOW_INDICATOR_SCORE


def indicator_recommendation(*, value_name: str, indicator_text: str, score: Decimal) -> str:
    """The recommendation recorded for a low-scoring panduan perilaku, e.g. 'Nilai rata-rata 2,33
    dari penilai lain pada panduan perilaku "Membantu orang lain belajar" (nilai Kompeten) di
    bawah 2,50: pelatihan atau bimbingan tentang nilai Kompeten.' At most 500 characters (cut
    with … beyond)."""
    mean = _number(score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    threshold = _number(LOW_INDICATOR_SCORE)

    result = (
        f'Nilai rata-rata {mean} dari penilai lain pada panduan perilaku "{indicator_text}" '
        f"(nilai {value_name}) di bawah {threshold}: pelatihan atau bimbingan tentang nilai "
        f"{value_name}."
    )
    return result if len(result) <= 500 else result[:499] + "…"
