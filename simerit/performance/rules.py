"""Performance rules as pure functions (no ORM): the predikat matrix (PermenPANRB 6/2022; domain
reference §5.4). Other rules of §5 join this module (the distribution curve, anonymity, angka kredit,
rater statistics)."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from simerit.performance.models.appraisal import Predikat, Rating
from simerit.performance.models.feedback360 import RaterGroup

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
