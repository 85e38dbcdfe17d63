"""The award catalogue: Admin BKPSDM creates and edits the awards other than the Satyalancana
classes (fixed by UU 20/2009 and PP 35/2010, seeded by migration) and their criteria.

The criteria of an award may not weigh more than 100 % together, and must weigh exactly 100 %
before anyone scores (services/scoring.py). While a nomination of the award is being scored its
criteria are frozen; a criterion that was ever scored is never deleted."""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.performance.models import Predikat
from simerit.rewards import permissions
from simerit.rewards.models import Award, Criterion, Nomination, Score
from simerit.rewards.rules.scoring import FULL_WEIGHT, format_number

NAME_MAX_LENGTH = 200
MAX_YEARS = 40
SATYALANCANA_FIXED = (
    "Satyalancana Karya Satya ditetapkan peraturan (UU 20/2009; PP 35/2010) dan tidak dapat "
    "diubah di sini."
)
SATYALANCANA_NO_CRITERIA = "Satyalancana Karya Satya tidak dinilai dengan kriteria."
CRITERIA_FROZEN = (
    "Kriteria tidak dapat diubah selama ada usulan penghargaan ini yang sedang dinilai."
)
CRITERION_USED = "Kriteria yang sudah dipakai menilai tidak dapat dihapus."


@dataclass(frozen=True)
class AwardInput:
    name: str
    description: str = ""
    min_service_years: int = 0
    min_predikat: str = ""
    clean_record_years: int = 0
    is_active: bool = True


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: Decimal
    max_score: int = 100
    description: str = ""
    order: int = 0


def _require_hr(actor: User) -> None:
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)


def _clean_award(data: AwardInput, *, award: Award | None) -> AwardInput:
    errors: dict[str, list[str]] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = ["Nama penghargaan wajib diisi."]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [f"Nama penghargaan paling banyak {NAME_MAX_LENGTH} karakter."]
    for field in ("min_service_years", "clean_record_years"):
        if not 0 <= getattr(data, field) <= MAX_YEARS:
            errors[field] = [f"Jumlah tahun harus antara 0 dan {MAX_YEARS}."]
    if data.min_predikat and data.min_predikat not in Predikat.values:
        errors["min_predikat"] = ["Predikat minimal tidak dikenal."]
    if errors:
        raise InvalidInputError(errors)
    duplicate = Award.objects.filter(name__iexact=name)
    if award is not None:
        duplicate = duplicate.exclude(pk=award.pk)
    if duplicate.exists():
        raise ConflictError(f"Penghargaan bernama {name} sudah ada.", field="name")
    return AwardInput(**{**asdict(data), "name": name, "description": data.description.strip()})


@transaction.atomic
def create_award(*, data: AwardInput, actor: User) -> Award:
    """A new award (kind "other"); Satyalancana classes are seeded, never created here."""
    _require_hr(actor)
    data = _clean_award(data, award=None)
    award = Award.objects.create(kind=Award.Kind.OTHER, **asdict(data))
    audit.record(actor=actor, action="rewards.award.created", target=award, changes=asdict(data))
    return award


@transaction.atomic
def update_award(*, award: Award, data: AwardInput, actor: User) -> Award:
    _require_hr(actor)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.kind == Award.Kind.SATYALANCANA:
        raise DomainError(SATYALANCANA_FIXED)
    data = _clean_award(data, award=award)
    changes = {
        field: [getattr(award, field), value]
        for field, value in asdict(data).items()
        if getattr(award, field) != value
    }
    for field, value in asdict(data).items():
        setattr(award, field, value)
    award.save()
    audit.record(actor=actor, action="rewards.award.changed", target=award, changes=changes)
    return award


# --- Criteria


def _scoring_in_progress(award: Award) -> bool:
    return Score.objects.filter(
        criterion__award=award,
        nomination__status__in=[Nomination.Status.NOMINATED, Nomination.Status.SCORED],
    ).exists()


def _clean_criterion(data: CriterionInput, *, award: Award, criterion: Criterion | None) -> str:
    errors: dict[str, list[str]] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = ["Nama kriteria wajib diisi."]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [f"Nama kriteria paling banyak {NAME_MAX_LENGTH} karakter."]
    if not data.weight.is_finite() or not Decimal("0.01") <= data.weight <= FULL_WEIGHT:
        errors["weight"] = ["Bobot harus antara 0,01 dan 100."]
    elif data.weight != data.weight.quantize(Decimal("0.01")):
        errors["weight"] = ["Bobot paling banyak dua angka desimal."]
    if not 1 <= data.max_score <= 1000:
        errors["max_score"] = ["Nilai maksimal harus antara 1 dan 1000."]
    if errors:
        raise InvalidInputError(errors)
    others = Criterion.objects.filter(award=award)
    if criterion is not None:
        others = others.exclude(pk=criterion.pk)
    if others.filter(name__iexact=name).exists():
        raise ConflictError(f"Kriteria {name} sudah ada pada penghargaan ini.", field="name")
    total = (others.aggregate(total=Sum("weight"))["total"] or Decimal(0)) + data.weight
    if total > FULL_WEIGHT:
        raise InvalidInputError(
            {
                "weight": [
                    f"Jumlah bobot kriteria menjadi {format_number(total)}%; paling banyak 100%."
                ]
            }
        )
    return name


def _lock_award_for_criteria(award: Award, actor: User) -> Award:
    _require_hr(actor)
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.kind == Award.Kind.SATYALANCANA:
        raise DomainError(SATYALANCANA_NO_CRITERIA)
    if _scoring_in_progress(award):
        raise ConflictError(CRITERIA_FROZEN)
    return award


def _criterion_facts(criterion: Criterion) -> dict[str, object]:
    return {
        "name": criterion.name,
        "weight": criterion.weight,
        "max_score": criterion.max_score,
        "description": criterion.description,
        "order": criterion.order,
    }


@transaction.atomic
def add_criterion(*, award: Award, data: CriterionInput, actor: User) -> Criterion:
    award = _lock_award_for_criteria(award, actor)
    name = _clean_criterion(data, award=award, criterion=None)
    criterion = Criterion.objects.create(
        award=award,
        name=name,
        description=data.description.strip(),
        weight=data.weight,
        max_score=data.max_score,
        order=data.order,
    )
    audit.record(
        actor=actor,
        action="rewards.criterion.created",
        target=criterion,
        changes={"award": award.pk, **_criterion_facts(criterion)},
    )
    return criterion


@transaction.atomic
def update_criterion(*, criterion: Criterion, data: CriterionInput, actor: User) -> Criterion:
    award = _lock_award_for_criteria(criterion.award, actor)
    criterion = Criterion.objects.get(pk=criterion.pk)
    name = _clean_criterion(data, award=award, criterion=criterion)
    before = _criterion_facts(criterion)
    criterion.name = name
    criterion.description = data.description.strip()
    criterion.weight = data.weight
    criterion.max_score = data.max_score
    criterion.order = data.order
    criterion.save()
    after = _criterion_facts(criterion)
    audit.record(
        actor=actor,
        action="rewards.criterion.changed",
        target=criterion,
        changes={key: [before[key], after[key]] for key in after if before[key] != after[key]},
    )
    return criterion


@transaction.atomic
def delete_criterion(*, criterion: Criterion, actor: User) -> None:
    _lock_award_for_criteria(criterion.award, actor)
    if Score.objects.filter(criterion=criterion).exists():
        raise ConflictError(CRITERION_USED)
    audit.record(
        actor=actor,
        action="rewards.criterion.deleted",
        target=criterion,
        changes={"award": criterion.award_id, **_criterion_facts(criterion)},
    )
    criterion.delete()
