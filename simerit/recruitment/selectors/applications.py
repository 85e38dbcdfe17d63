"""Reads on the applicant's side: their profile, applications, checklist, and open formasi."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from simerit.accounts.models import User
from simerit.recruitment import uploads
from simerit.recruitment.models import (
    Applicant,
    Application,
    ApplicationDocument,
    Formasi,
    FormasiDocument,
    SelectionPeriod,
    Stage,
    StageWindow,
)


def get_applicant(*, user: User) -> Applicant | None:
    return Applicant.objects.select_related("education_level").filter(user=user).first()


def applications_of(applicant: Applicant) -> QuerySet[Application]:
    return Application.objects.filter(applicant=applicant).select_related(
        "period", "formasi__position", "formasi__work_unit"
    )


def get_own_application(*, applicant: Applicant, application_id: int) -> Application:
    """The applicant's application with this id, or Application.DoesNotExist (a guessed id is 404)."""
    return applications_of(applicant).get(pk=application_id)


def get_document(*, document_id: int) -> ApplicationDocument:
    return ApplicationDocument.objects.select_related(
        "kind", "application__applicant", "application__period"
    ).get(pk=document_id)


def registration_window(period: SelectionPeriod) -> StageWindow | None:
    return StageWindow.objects.filter(period=period, stage=Stage.REGISTRATION).first()


def is_registration_open(period: SelectionPeriod) -> bool:
    window = registration_window(period)
    now = timezone.now()
    return (
        period.status == SelectionPeriod.Status.PUBLISHED
        and window is not None
        and window.opens_at <= now < window.closes_at
    )


def registration_closed_message(period: SelectionPeriod) -> str:
    """Why `period` takes no applications now, in Indonesian; empty while registration is open."""
    if is_registration_open(period):
        return ""
    window = registration_window(period)
    if (
        window is not None
        and period.status == SelectionPeriod.Status.PUBLISHED
        and timezone.now() < window.opens_at
    ):
        when = timezone.localtime(window.opens_at).strftime("%d-%m-%Y %H.%M")
        return f"Pendaftaran {period} baru dibuka {when} WIB."
    return f"Masa pendaftaran {period} sudah ditutup atau belum dijadwalkan."


def list_open_formasi(*, search: str = "") -> QuerySet[Formasi]:
    """Published formasi of published periods whose registration window is open now."""
    now = timezone.now()
    formasi = Formasi.objects.published().filter(
        period__status=SelectionPeriod.Status.PUBLISHED,
        period__windows__stage=Stage.REGISTRATION,
        period__windows__opens_at__lte=now,
        period__windows__closes_at__gt=now,
    )
    search = search.strip()
    if search:
        formasi = formasi.filter(
            Q(code__icontains=search)
            | Q(position__name__icontains=search)
            | Q(work_unit__name__icontains=search)
        )
    return (
        formasi.select_related("period", "position", "work_unit")
        .prefetch_related("education__level")
        .order_by("period__name", "code")
    )


def get_formasi_for_application(*, formasi_id: int) -> Formasi:
    """A published or closed formasi for the apply page; a draft is not public yet (DoesNotExist).

    Whether it still takes applications is the service's decision.
    """
    return (
        Formasi.objects.exclude(status=Formasi.Status.DRAFT)
        .select_related("period", "position", "work_unit")
        .prefetch_related("education__level", "documents__kind")
        .get(pk=formasi_id)
    )


@dataclass(frozen=True)
class ChecklistItem:
    spec: FormasiDocument
    document: ApplicationDocument | None

    @property
    def is_missing(self) -> bool:
        return self.spec.is_required and self.document is None

    @property
    def formats(self) -> list[str]:
        return [uploads.normalise_format(value) for value in self.spec.formats]

    @property
    def formats_label(self) -> str:
        return ", ".join(uploads.FORMAT_LABELS.get(value, value.upper()) for value in self.formats)

    @property
    def accept(self) -> str:
        """The file input's accept attribute (a hint for the picker; the server checks content)."""
        return ",".join(uploads.ACCEPT.get(value, f".{value}") for value in self.formats)


def checklist(application: Application) -> list[ChecklistItem]:
    """Each document the formasi asks for, with the uploaded one (or None), required first."""
    specs = (
        FormasiDocument.objects.filter(formasi_id=application.formasi_id)
        .select_related("kind")
        .order_by("-is_required", "kind__name")
    )
    uploaded = {doc.kind_id: doc for doc in application.documents.select_related("kind")}
    return [ChecklistItem(spec=spec, document=uploaded.get(spec.kind_id)) for spec in specs]


def missing_documents(application: Application) -> list[FormasiDocument]:
    return [item.spec for item in checklist(application) if item.is_missing]


def get_application_by_receipt_key(*, receipt_key: str) -> Application:
    """A submitted application by its receipt key (drafts have no receipt), or DoesNotExist."""
    return (
        Application.objects.exclude(status=Application.Status.DRAFT)
        .select_related("applicant", "period", "formasi__position", "formasi__work_unit")
        .get(receipt_key=receipt_key)
    )
