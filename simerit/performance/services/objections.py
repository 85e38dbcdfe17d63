"""The keberatan (PP 30/2019 Pasal 59; §5.7): the employee objects to the atasan of the pejabat
penilai with reasons within the window; the atasan hears both sides and decides; the decision is
final."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, DomainError
from simerit.performance import permissions, rules
from simerit.performance.models import Appraisal, Objection, Predikat, Rating
from simerit.performance.selectors.appraisal import objection_deadline, objection_window_open
from simerit.performance.services.appraisal import notify_person
from simerit.performance.services.training_needs import describe, replace_training_needs

REASONS_MIN_LENGTH = 20
REASONS_MAX_LENGTH = 4000
STATEMENT_MIN_LENGTH = 10
DECISION_REASON_MIN_LENGTH = 20
ONCE_MESSAGE = "Keberatan atas penilaian ini sudah pernah diajukan; keberatan hanya satu kali."
DECIDED_MESSAGE = "Keberatan ini sudah diputus; keputusan atasan pejabat penilai bersifat final."
OUTCOMES = ("upheld", "changed")


def _lock(appraisal: Appraisal) -> Appraisal:
    return (
        Appraisal.objects.select_for_update(of=("self",))
        .select_related(
            "skp__year",
            "skp__employee__user",
            "skp__evaluator__user",
            "skp__evaluator_superior__user",
        )
        .get(pk=appraisal.pk)
    )


@transaction.atomic
def file_objection(*, appraisal: Appraisal, reasons: str, actor: User) -> Objection:
    """The employee's one keberatan, within `objection_days` days of receiving the result (local
    dates, the last day included); the values objected to are copied onto it."""
    appraisal = _lock(appraisal)
    skp = appraisal.skp
    if not permissions.is_owner(actor, skp):
        raise PermissionDenied("Keberatan hanya dapat diajukan oleh pegawai yang dinilai.")
    if Objection.objects.filter(appraisal=appraisal).exists():
        raise ConflictError(ONCE_MESSAGE)
    today = timezone.localdate()
    if not objection_window_open(appraisal, on=today):
        deadline = objection_deadline(appraisal)
        until = f" (batas {format_date_id(deadline)})" if deadline else ""
        raise DomainError(
            f"Masa keberatan sudah berakhir{until}: keberatan diajukan paling lambat "
            f"{skp.year.objection_days} hari sejak hasil penilaian diterima."
        )
    if skp.evaluator_superior is None:
        raise DomainError(
            "Pejabat penilai Anda tidak memiliki atasan yang tercatat; hubungi Admin BKPSDM "
            "untuk mengajukan keberatan."
        )
    reasons = reasons.strip()
    if len(reasons) < REASONS_MIN_LENGTH:
        raise DomainError(
            f"Tulis alasan keberatan paling sedikit {REASONS_MIN_LENGTH} karakter: bagian "
            "penilaian mana yang Anda keberatan dan mengapa.",
            field="reasons",
        )
    if len(reasons) > REASONS_MAX_LENGTH:
        raise DomainError(
            f"Alasan keberatan paling banyak {REASONS_MAX_LENGTH} karakter.", field="reasons"
        )
    try:
        with transaction.atomic():
            objection = Objection.objects.create(
                appraisal=appraisal,
                reasons=reasons,
                filed_at=timezone.now(),
                filed_by=actor,
                original_result_rating=appraisal.result_rating,
                original_behaviour_rating=appraisal.behaviour_rating,
                original_predikat=appraisal.predikat,
            )
    except IntegrityError as error:
        raise ConflictError(ONCE_MESSAGE) from error
    appraisal.status = Appraisal.Status.OBJECTED
    appraisal.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="performance.objection.filed",
        target=objection,
        changes={
            "reasons": reasons,
            "status": {"before": Appraisal.Status.DELIVERED, "after": Appraisal.Status.OBJECTED},
            "predikat": appraisal.predikat,
        },
    )
    _notify_filed(objection)
    return objection


def _notify_filed(objection: Objection) -> None:
    """The atasan pejabat penilai decides it; the pejabat penilai is asked for a statement."""
    skp = objection.appraisal.skp
    name = skp.employee.display_name
    year = skp.year.year
    notify_person(
        skp.evaluator_superior,
        skp=skp,
        title=f"Keberatan penilaian kinerja {year}: {name}",
        body=(
            f"{name} mengajukan keberatan atas hasil penilaian kinerja {year} (predikat "
            f"{Predikat(objection.original_predikat).label}) yang ditetapkan "
            f"{skp.evaluator.display_name}. Sebagai atasan pejabat penilai, Anda memutus "
            "keberatan ini setelah mendengar penjelasan kedua pihak; keputusan Anda final."
        ),
    )
    notify_person(
        skp.evaluator,
        skp=skp,
        title=f"Keberatan penilaian kinerja {year}: {name}",
        body=(
            f"{name} mengajukan keberatan atas penilaian kinerja {year} yang Anda tetapkan. "
            "Tuliskan penjelasan Anda; atasan pejabat penilai memutus keberatan setelah "
            "penjelasan Anda tercatat."
        ),
    )


def _notify_decided(objection: Objection, *, appraisal: Appraisal) -> None:
    """The employee (and the pejabat penilai, whose decision it was) learn the final outcome."""
    skp = appraisal.skp
    year = skp.year.year
    predikat = Predikat(appraisal.predikat).label
    outcome = (
        f"hasil penilaian diubah menjadi predikat {predikat}"
        if objection.status == Objection.Status.CHANGED
        else f"hasil penilaian tetap dengan predikat {predikat}"
    )
    notify_person(
        skp.employee,
        skp=skp,
        title=f"Keputusan keberatan penilaian kinerja {year}",
        body=(
            f"Keberatan Anda atas penilaian kinerja {year} telah diputus oleh atasan pejabat "
            f"penilai: {outcome}. Keputusan ini final."
        ),
    )
    notify_person(
        skp.evaluator,
        skp=skp,
        title=f"Keputusan keberatan penilaian kinerja {year}: {skp.employee.display_name}",
        body=(
            f"Keberatan {skp.employee.display_name} atas penilaian kinerja {year} yang Anda "
            f"tetapkan telah diputus oleh atasan pejabat penilai: {outcome}. Keputusan ini final."
        ),
    )


@transaction.atomic
def add_objection_statement(*, objection: Objection, text: str, actor: User) -> Objection:
    """The atasan hears both sides: the pejabat penilai's explanation, or the employee's."""
    # The appraisal first, then the objection: the order file_objection takes them in.
    skp = _lock(objection.appraisal).skp
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if permissions.is_evaluator(actor, skp):
        field, action = "evaluator_statement", "performance.objection.evaluator_stated"
    elif permissions.is_owner(actor, skp):
        field, action = "employee_statement", "performance.objection.employee_stated"
    else:
        raise PermissionDenied(
            "Penjelasan keberatan hanya dapat ditulis oleh pejabat penilai dan pegawai yang "
            "dinilai."
        )
    if objection.status != Objection.Status.FILED:
        raise ConflictError(DECIDED_MESSAGE)
    text = text.strip()
    if len(text) < STATEMENT_MIN_LENGTH:
        raise DomainError(
            f"Tulis penjelasan paling sedikit {STATEMENT_MIN_LENGTH} karakter.", field="text"
        )
    if len(text) > REASONS_MAX_LENGTH:
        raise DomainError(f"Penjelasan paling banyak {REASONS_MAX_LENGTH} karakter.", field="text")
    before = getattr(objection, field)
    setattr(objection, field, text)
    objection.save(update_fields=[field, "updated_at"])
    audit.record(
        actor=actor,
        action=action,
        target=objection,
        changes={field: {"before": before, "after": text}},
    )
    return objection


@transaction.atomic
def decide_objection(
    *,
    objection: Objection,
    outcome: str,
    result_rating: str | None,
    behaviour_rating: str | None,
    reason: str,
    actor: User,
) -> Objection:
    """The atasan pejabat penilai's final decision: the result stays (upheld) or gets the new
    ratings and their predikat (changed); either way the appraisal becomes FINAL."""
    appraisal = _lock(objection.appraisal)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not permissions.is_evaluator_superior(actor, appraisal.skp):
        raise PermissionDenied("Keberatan hanya dapat diputus oleh atasan pejabat penilai.")
    if objection.status != Objection.Status.FILED:
        raise ConflictError(DECIDED_MESSAGE)
    if not objection.evaluator_statement.strip():
        raise DomainError(
            "Pejabat penilai belum memberikan penjelasan. Keberatan diputus setelah kedua pihak "
            "didengar: mintalah penjelasan pejabat penilai lebih dulu."
        )
    if outcome not in OUTCOMES:
        raise DomainError("Pilih keputusan: hasil penilaian tetap atau diubah.", field="outcome")
    reason = reason.strip()
    if len(reason) < DECISION_REASON_MIN_LENGTH:
        raise DomainError(
            f"Tulis pertimbangan keputusan paling sedikit {DECISION_REASON_MIN_LENGTH} karakter.",
            field="reason",
        )
    before = {
        "result_rating": appraisal.result_rating,
        "behaviour_rating": appraisal.behaviour_rating,
        "predikat": appraisal.predikat,
        "status": appraisal.status,
    }
    if outcome == "changed":
        if result_rating not in Rating.values or behaviour_rating not in Rating.values:
            raise DomainError("Pilih rating hasil kerja dan rating perilaku kerja yang baru.")
        if (result_rating, behaviour_rating) == (
            appraisal.result_rating,
            appraisal.behaviour_rating,
        ):
            raise DomainError(
                "Rating baru sama dengan hasil semula; pilih keputusan “hasil penilaian tetap” "
                "atau ubah ratingnya."
            )
        appraisal.result_rating = result_rating
        appraisal.behaviour_rating = behaviour_rating
        appraisal.predikat = rules.predikat(
            result=Rating(result_rating), behaviour=Rating(behaviour_rating)
        )
    appraisal.status = Appraisal.Status.FINAL
    appraisal.save(
        update_fields=["result_rating", "behaviour_rating", "predikat", "status", "updated_at"]
    )
    objection.status = Objection.Status.CHANGED if outcome == "changed" else Objection.Status.UPHELD
    objection.decision_reason = reason
    objection.decided_by = actor
    objection.decided_at = timezone.now()
    objection.save(
        update_fields=["status", "decision_reason", "decided_by", "decided_at", "updated_at"]
    )
    changes: dict[str, object] = {
        "outcome": objection.status,
        "reason": reason,
        "before": before,
        "after": {
            "result_rating": appraisal.result_rating,
            "behaviour_rating": appraisal.behaviour_rating,
            "predikat": appraisal.predikat,
            "status": appraisal.status,
        },
    }
    if appraisal.predikat != before["predikat"] or outcome == "changed":
        changes["training_needs"] = describe(replace_training_needs(appraisal=appraisal))
    audit.record(
        actor=actor, action="performance.objection.decided", target=objection, changes=changes
    )
    _notify_decided(objection, appraisal=appraisal)
    return objection
