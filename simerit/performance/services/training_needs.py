"""Evaluation → training (the issue's item 8): the training needs of one appraisal, recorded in
the transaction of the decision that sets the predikat (the pejabat penilai's, or the atasan's on a
keberatan) and replaced whenever that predikat changes."""

from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.performance import rules
from simerit.performance.models import Appraisal, Predikat, TrainingNeed
from simerit.performance.selectors.appraisal_training import counted_groups, low_indicators


def replace_training_needs(*, appraisal: Appraisal) -> list[TrainingNeed]:
    """Delete the SKP's needs and record them again from the appraisal: one for a weak predikat
    (rules.predikat_recommendation), one per BerAKHLAK indicator scoring low (rules.is_low_indicator)
    in the 360 evidence the decision was taken on (rules.indicator_recommendation). Runs inside the
    caller's transaction; the caller audits the result."""
    skp = appraisal.skp
    TrainingNeed.objects.filter(skp=skp).delete()
    needs: list[TrainingNeed] = []
    predikat = Predikat(appraisal.predikat)
    recommendation = rules.predikat_recommendation(predikat)
    if predikat in rules.WEAK_PREDIKAT and recommendation is not None:
        needs.append(
            TrainingNeed(
                skp=skp, source=TrainingNeed.Source.PREDIKAT, recommendation=recommendation
            )
        )
    for indicator, score in low_indicators(
        skp_id=skp.pk, groups=counted_groups(appraisal.evidence)
    ):
        needs.append(
            TrainingNeed(
                skp=skp,
                source=TrainingNeed.Source.INDICATOR,
                indicator=indicator,
                score=score,
                recommendation=rules.indicator_recommendation(
                    value_name=indicator.value.name, indicator_text=indicator.text, score=score
                ),
            )
        )
    return TrainingNeed.objects.bulk_create(needs)


def describe(needs: list[TrainingNeed]) -> list[str]:
    """The needs as the audit log keeps them."""
    return [
        need.source if need.indicator is None else f"{need.source}:{need.indicator.code}"
        for need in needs
    ]


@transaction.atomic
def record_export(*, actor: User, year_label: str, count: int) -> None:
    """The download of the training needs is written to the audit log (personal data)."""
    audit.record(
        actor=actor,
        action="performance.training_needs.exported",
        changes={"year": year_label, "rows": count},
    )
