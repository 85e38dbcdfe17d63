"""Reads of the selection's configuration: the setup of a period, its rubrics, the SKB composition of
each formasi and what is wrong with it (`component_problems`, which the integration refuses on).

§3.2 of the domain reference: inside the SKB the CAT part carries at least `min_cat_weight` and
the additional methods the rest, with at most `max_additional_components` of them per formasi.
Wawancara may be one of them only when the period allows it (`allow_interview`: an instansi daerah
may not; an instansi pusat may, up to `max_interview_weight` of the SKB, 10 % under PermenPANRB
6/2024 [U]).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Prefetch, QuerySet

from simerit.accounts.models import User
from simerit.core.dates import format_datetime_wib
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.selection.models import (
    AssessorAssignment,
    ComponentResult,
    IntegrationRun,
    Method,
    Rubric,
    RubricCriterion,
    SelectionSetup,
    SkbComponent,
)
from simerit.selection.permissions import can_read

HUNDRED = Decimal(100)
INTERVIEW_NOT_ALLOWED = (
    "Wawancara tidak boleh menjadi SKB tambahan untuk instansi ini (pengaturan periode)."
)


def percent(value: Decimal) -> str:
    """60 → "60 %", 62.50 → "62,5 %": the weight as people write it."""
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text} %"


# --- setup


def _as_stored(setup: SelectionSetup) -> SelectionSetup:
    """The decimals as the database gives them back ("40.00", not "40"), whichever path made
    the instance."""
    for model_field in SelectionSetup._meta.concrete_fields:
        if isinstance(model_field, DecimalField):
            value = getattr(setup, model_field.attname)
            if value is not None:
                places = Decimal(1).scaleb(-model_field.decimal_places)
                setattr(setup, model_field.attname, Decimal(value).quantize(places))
    return setup


def get_setup(period: SelectionPeriod) -> SelectionSetup:
    """The period's configuration to READ: the stored row, or, for a period without one, an
    UNSAVED instance with the national defaults (`pk` None). Never writes, so a reader (the
    Auditor, a GET) changes nothing. A service that locks or updates the row uses
    `ensure_setup`."""
    setup = SelectionSetup.objects.filter(period=period).first()
    if setup is None:
        return _as_stored(SelectionSetup(period=period))
    return setup


def ensure_setup(period: SelectionPeriod) -> SelectionSetup:
    """The period's stored configuration, created with the national defaults when missing (not
    audited: nothing was decided yet). For services only (they run in a transaction and may lock
    the row: `SelectionSetup.objects.select_for_update().get(pk=ensure_setup(period).pk)`)."""
    setup, created = SelectionSetup.objects.get_or_create(period=period)
    if created:  # read back, so the decimals are as stored ("40.00") whichever path made the row
        setup.refresh_from_db()
    return setup


def latest_integration(period: SelectionPeriod) -> IntegrationRun | None:
    return IntegrationRun.objects.filter(period=period).order_by("-run_at", "-pk").first()


def list_periods() -> QuerySet[SelectionPeriod]:
    """Every period, newest first, with its number of formasi and of rubrics."""
    return SelectionPeriod.objects.annotate(
        formasi_count=Count("formasi", distinct=True),
        rubric_count=Count("rubrics", distinct=True),
    ).order_by("-year", "name", "pk")


# --- rubrics


def list_rubrics(period: SelectionPeriod) -> QuerySet[Rubric]:
    """The period's rubrics with their number of criteria and of components using them, and
    whether an assessor already submitted a score on them (`has_submissions`)."""
    submitted = AssessorAssignment.objects.filter(
        component__rubric=OuterRef("pk"), submitted_at__isnull=False
    )
    return (
        Rubric.objects.filter(period=period)
        .annotate(
            criterion_count=Count("criteria", distinct=True),
            component_count=Count("components", distinct=True),
            has_submissions=Exists(submitted),
        )
        .order_by("name", "pk")
    )


def rubrics_with_criteria(period: SelectionPeriod) -> QuerySet[Rubric]:
    """The period's rubrics with criteria and anchors prefetched (three queries in all)."""
    return (
        Rubric.objects.filter(period=period)
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=RubricCriterion.objects.order_by("order").prefetch_related("anchors"),
            )
        )
        .order_by("name", "pk")
    )


def get_rubric(rubric_id: int) -> Rubric:
    """One rubric with its period, criteria and anchors (Rubric.DoesNotExist when missing)."""
    return (
        Rubric.objects.select_related("period", "created_by")
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=RubricCriterion.objects.order_by("order").prefetch_related("anchors"),
            )
        )
        .get(pk=rubric_id)
    )


def can_view_rubric(user: User, rubric: Rubric) -> bool:
    """HR and the Auditor; an assessor only when assigned to a component scored on the rubric."""
    if can_read(user):
        return True
    if not user.is_authenticated:
        return False
    return AssessorAssignment.objects.filter(assessor=user, component__rubric=rubric).exists()


@dataclass(frozen=True)
class AnchorRow:
    level: int
    descriptions: list[str]  # one per criterion, in criterion order ("" when missing)


def anchor_table(rubric: Rubric) -> list[AnchorRow]:
    """The anchors as a table: one row per level (highest first), one column per criterion."""
    criteria = list(rubric.criteria.all())
    by_criterion = [
        {anchor.level: anchor.description for anchor in criterion.anchors.all()}
        for criterion in criteria
    ]
    return [
        AnchorRow(level, [anchors.get(level, "") for anchors in by_criterion])
        for level in range(rubric.max_level, rubric.min_level - 1, -1)
    ]


def rubric_in_use(rubric: Rubric) -> list[str]:
    """Codes of the formasi whose components are scored on the rubric."""
    return list(
        SkbComponent.objects.filter(rubric=rubric)
        .order_by("formasi__code")
        .values_list("formasi__code", flat=True)
        .distinct()
    )


# --- components


def list_components(formasi: Formasi) -> list[SkbComponent]:
    return list(formasi.skb_components.select_related("rubric").order_by("order"))


def list_formasi(period: SelectionPeriod, *, search: str = "") -> QuerySet[Formasi]:
    """The period's formasi (code order) with position, unit and components prefetched."""
    formasi = Formasi.objects.filter(period=period)
    if search:
        formasi = formasi.filter(code__icontains=search)
    return (
        formasi.select_related("position", "work_unit")
        .prefetch_related(
            Prefetch(
                "skb_components",
                queryset=SkbComponent.objects.select_related("rubric").order_by("order"),
            )
        )
        .order_by("code", "pk")
    )


def copy_targets(
    source: Formasi, *, same_position: bool = False, codes: Iterable[str] = ()
) -> tuple[list[Formasi], list[str]]:
    """Other formasi of the source's period: those of the same position, or those with the given
    codes. Returns them (code order) and the codes that matched no formasi of the period."""
    wanted = {code.strip().upper() for code in codes if code.strip()}
    formasi = Formasi.objects.filter(period_id=source.period_id).exclude(pk=source.pk)
    if same_position:
        found = list(formasi.filter(position_id=source.position_id).order_by("code"))
        return found, []
    found = [item for item in formasi.order_by("code") if item.code.upper() in wanted]
    missing = sorted(wanted - {item.code.upper() for item in found} - {source.code.upper()})
    return found, missing


def components_locked(formasi_ids: Iterable[int]) -> set[int]:
    """Which of the formasi already have assessor assignments or component results (their SKB
    composition can no longer change)."""
    ids = list(formasi_ids)
    assigned = AssessorAssignment.objects.filter(component__formasi_id__in=ids)
    scored = ComponentResult.objects.filter(component__formasi_id__in=ids)
    return {
        *assigned.values_list("component__formasi_id", flat=True).distinct(),
        *scored.values_list("component__formasi_id", flat=True).distinct(),
    }


def composition_problems(components: Sequence[SkbComponent], setup: SelectionSetup) -> list[str]:
    """What keeps a set of components from being a valid SKB (empty: valid). Pure: no query."""
    if not components:
        return ["Belum ada komponen SKB."]
    problems = []
    cats = [component for component in components if component.method == Method.CAT]
    additional = len(components) - len(cats)
    total = sum((component.weight for component in components), Decimal(0))
    if total != HUNDRED:
        problems.append(f"Jumlah bobot komponen {percent(total)}; harus tepat 100 %.")
    if not cats:
        problems.append("Belum ada komponen SKB-CAT.")
    elif len(cats) > 1:
        problems.append(f"Ada {len(cats)} komponen SKB-CAT; harus tepat satu.")
    elif cats[0].weight < setup.min_cat_weight:
        problems.append(
            f"Bobot SKB-CAT {percent(cats[0].weight)} di bawah batas minimal "
            f"{percent(setup.min_cat_weight)}."
        )
    if additional > setup.max_additional_components:
        problems.append(
            f"Ada {additional} komponen SKB tambahan; paling banyak "
            f"{setup.max_additional_components}."
        )
    interviews = [component for component in components if component.method == Method.INTERVIEW]
    if interviews and not setup.allow_interview:
        problems.append(INTERVIEW_NOT_ALLOWED)
    elif interviews:
        weight = sum((component.weight for component in interviews), Decimal(0))
        if weight > setup.max_interview_weight:
            problems.append(
                f"Bobot wawancara {percent(weight)} melebihi batas maksimal "
                f"{percent(setup.max_interview_weight)} (pengaturan periode)."
            )
    return problems


def composition_rules(setup: SelectionSetup) -> str:
    """The period's SKB composition rules in one sentence, for the components page."""
    interview = (
        f"wawancara boleh menjadi SKB tambahan dengan bobot paling banyak "
        f"{percent(setup.max_interview_weight)}"
        if setup.allow_interview
        else "wawancara tidak boleh menjadi SKB tambahan"
    )
    return (
        f"Pengaturan periode: tepat satu SKB-CAT dengan bobot paling sedikit "
        f"{percent(setup.min_cat_weight)}; paling banyak {setup.max_additional_components} SKB "
        f"tambahan; {interview}."
    )


def component_problems(formasi: Formasi, *, setup: SelectionSetup | None = None) -> list[str]:
    """Indonesian reasons why the formasi's SKB composition is not valid; empty = valid.

    Reads `formasi.skb_components.all()` (a prefetch is used when present); pass `setup` to save
    its query when checking many formasi of one period.
    """
    setup = setup or get_setup(formasi.period)
    components = sorted(formasi.skb_components.all(), key=lambda component: component.order)
    return composition_problems(components, setup)


def problems_by_formasi(
    period: SelectionPeriod, *, formasi_ids: Iterable[int] | None = None
) -> dict[int, list[str]]:
    """`component_problems` of every formasi of the period (or of `formasi_ids`) that has any,
    in three queries whatever their number: {formasi_id: [reasons]}."""
    setup = get_setup(period)
    formasi = Formasi.objects.filter(period=period)
    if formasi_ids is not None:
        formasi = formasi.filter(pk__in=list(formasi_ids))
    grouped: dict[int, list[SkbComponent]] = {pk: [] for pk in formasi.values_list("pk", flat=True)}
    components = SkbComponent.objects.filter(formasi__in=formasi).only(
        "formasi_id", "order", "method", "weight"
    )
    for component in components.order_by("formasi_id", "order"):
        grouped[component.formasi_id].append(component)
    problems = {pk: composition_problems(items, setup) for pk, items in grouped.items()}
    return {pk: found for pk, found in problems.items() if found}


def component_summary(components: Sequence[SkbComponent]) -> str:
    """ "SKB-CAT 60 % + Simulasi kasus klinis 40 %", or "—"."""
    return " + ".join(f"{item.name} {percent(item.weight)}" for item in components) or "—"


def setup_rows(setup: SelectionSetup) -> list[tuple[str, str]]:
    """The setup as label/value pairs for a page."""
    return [
        ("Nilai maksimum SKD", str(setup.skd_max)),
        ("Pengali kuota untuk lolos ke SKB", f"{setup.cut_multiplier} × kuota"),
        ("Bobot SKD dalam nilai akhir", percent(setup.skd_weight)),
        ("Bobot SKB dalam nilai akhir", percent(setup.skb_weight)),
        ("Bobot minimal SKB-CAT di dalam SKB", percent(setup.min_cat_weight)),
        ("Jumlah maksimal SKB tambahan per formasi", str(setup.max_additional_components)),
        (
            "Wawancara sebagai SKB tambahan",
            "Boleh" if setup.allow_interview else "Tidak boleh",
        ),
        ("Bobot maksimal wawancara di dalam SKB", percent(setup.max_interview_weight)),
        ("Lama masa sanggah hasil akhir", f"{setup.result_sanggah_days} hari kalender"),
    ]


@dataclass(frozen=True)
class ComponentRow:
    component: SkbComponent
    weight: str
    source: str  # "nilai maksimum 500" or the rubric's name
    assessors: str
    window: str


def component_rows(components: Sequence[SkbComponent]) -> list[ComponentRow]:
    rows = []
    for component in components:
        if component.method == Method.CAT:
            rows.append(
                ComponentRow(
                    component,
                    percent(component.weight),
                    f"Hasil SKB-CAT, nilai maksimum {component.cat_max_score}",
                    "—",
                    "—",
                )
            )
            continue
        blind = "tanpa identitas" if component.is_blind else "dengan identitas"
        opens, closes = component.scoring_opens_at, component.scoring_closes_at
        window = " s.d. ".join(
            format_datetime_wib(moment) if moment else "…" for moment in (opens, closes)
        )
        rows.append(
            ComponentRow(
                component,
                percent(component.weight),
                component.rubric.name if component.rubric else "—",
                f"{component.assessors_per_candidate} asesor, selisih maks. "
                f"{percent(component.max_spread).removesuffix(' %')}, "
                f"{component.get_aggregation_display().lower()}, {blind}",
                window if opens or closes else "—",
            )
        )
    return rows


@dataclass(frozen=True)
class FormasiRow:
    formasi: Formasi
    summary: str
    problems: list[str]


def formasi_rows(formasi: Iterable[Formasi], setup: SelectionSetup) -> list[FormasiRow]:
    """Rows of the formasi index (components prefetched by `list_formasi`)."""
    rows = []
    for item in formasi:
        components = list(item.skb_components.all())
        rows.append(
            FormasiRow(item, component_summary(components), composition_problems(components, setup))
        )
    return rows
