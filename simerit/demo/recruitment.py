"""The demo's recruitment story, built only through the recruitment services.

Seleksi PPPK 2025 goes the whole way: registration, verification with four-eyes TMS, the
announcement of each formasi, three sanggah (one granted, one rejected, one waiting for the
demo `verifikator`) and a corrected version 2. Seleksi CASN 2026 is open: applicants in draft,
submitted, MS, TMS waiting for a second verifier, and TMS; declared conflicts of interest.

Every step runs now, and the services check the clock against the registration window. So PPPK
2025 first keeps its registration open, and its real schedule (registration closed weeks ago)
is set at the end; the audit log shows both schedules, as it would for any change of dates.
"""

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.demo import formasi as story
from simerit.demo.applicants import ApplicantGenerator, DemoApplicant
from simerit.demo.data import DEMO_PASSWORD
from simerit.demo.documents import demo_upload
from simerit.demo.formasi import PeriodSpec, Window
from simerit.organization.models import EducationLevel, Golongan, Position
from simerit.recruitment.models import (
    Applicant,
    Application,
    ApplicationDocument,
    DocumentKind,
    Formasi,
    Sanggah,
    SelectionPeriod,
    Stage,
    VerificationAssignment,
)
from simerit.recruitment.services import announcements as announcement_services
from simerit.recruitment.services import applicants as applicant_services
from simerit.recruitment.services import applications as application_services
from simerit.recruitment.services import assignments
from simerit.recruitment.services import conflicts as conflict_services
from simerit.recruitment.services import documents as document_services
from simerit.recruitment.services import formasi as formasi_services
from simerit.recruitment.services import periods as period_services
from simerit.recruitment.services import sanggah as sanggah_services
from simerit.recruitment.services import verification as verification_services

Role = VerificationAssignment.Role
# What each verifier does with its first CASN 2026 applications (oldest first); the rest wait.
CASN_QUEUE_PLAN = ("ms", "tms", "ms", "pending", "ms", "partial", "ms")


@dataclass(frozen=True)
class DemoPelamar:
    """The `pelamar` login: eligible for the CASN 2026 Pranata Komputer formasi, not cumlaude."""

    email: str
    name: str
    gender: str = "L"
    age: int = 27
    education_level: str = "S1"
    education_major: str = "Teknik Informatika"
    gpa: Decimal = Decimal("3.42")


@dataclass
class RecruitmentResult:
    periods: int = 0
    formasi: int = 0
    applicants: int = 0
    applications: int = 0
    refused: int = 0  # applications create_application refused (requirements not met)
    announcements: int = 0
    sanggah: int = 0


class RecruitmentStory:
    def __init__(
        self,
        *,
        today: dt.date,
        users: dict[str, User],
        pelamar: DemoPelamar,
        seed: int,
        taken_niks: Iterable[str],
    ) -> None:
        self.today = today
        self.admin = users["admin.bkpsdm"]
        self.opd_admin = users["admin.dinkes"]
        self.verifier = users["verifikator"]
        self.verifiers = [users["verifikator"], users["verifikator2"], users["verifikator3"]]
        self.pelamar = pelamar
        # Tie-breaks of the assignment: seeded here so the demo is the same on every run.
        self.rng = random.Random(seed)  # noqa: S311
        self.people = ApplicantGenerator(seed=seed + 1, taken_niks=taken_niks)
        self.levels = {level.code: level for level in EducationLevel.objects.all()}
        self.kinds = {kind.code: kind for kind in DocumentKind.objects.all()}
        self.golongan = {row.code: row for row in Golongan.objects.all()}
        self.result = RecruitmentResult()
        self.refusals = 0

    # --- The story

    def build(self) -> RecruitmentResult:
        pelamar = self.register(self._pelamar_profile())
        self.pppk_2025(pelamar)
        self.casn_2026()
        self.registrations_only()
        self.result.applicants = Applicant.objects.count()
        self.result.applications = Application.objects.count()
        return self.result

    def pppk_2025(self, pelamar: Applicant) -> None:
        spec = story.PPPK_2025
        period = self.open_period(spec, windows=_registration_open(spec.windows))
        formasi = self.create_formasi(period, spec)
        applications = self.apply(spec, formasi, first={story.PELAMAR_PPPK_FORMASI: pelamar})
        for accepted in applications.values():
            for application in accepted:
                self.submit(application)
        for item in formasi.values():
            formasi_services.close_formasi(formasi=item, actor=self.admin)
        assignments.assign_applications(period=period, actor=self.admin, rng=self.rng)
        self.verify_pppk(spec, applications)
        for item in formasi.values():
            self.announce(item)
        self.sanggah_round(applications)
        self.announce(
            formasi[story.PELAMAR_PPPK_FORMASI],
            note="Koreksi setelah masa sanggah: satu sanggah diterima (TMS menjadi MS) dan satu "
            "sanggah ditolak.",
        )
        self.schedule(period, spec.windows)

    def casn_2026(self) -> None:
        spec = story.CASN_2026
        period = self.open_period(spec, windows=spec.windows)
        formasi = self.create_formasi(period, spec)
        applications = self.apply(spec, formasi, first={})
        submitted: dict[str, list[Application]] = {}
        for item in spec.formasi:
            accepted = applications[item.code]
            keep = len(accepted) - item.drafts
            for application in accepted[keep:]:
                self.upload_all(application, limit=len(item.documents) // 2)
            submitted[item.code] = [self.submit(app) for app in accepted[:keep]]
        self.declare_conflicts(submitted)
        assignments.assign_applications(period=period, actor=self.admin, rng=self.rng)
        for verifier in self.verifiers:
            queue = (
                VerificationAssignment.objects.filter(
                    verifier=verifier, role=Role.FIRST, application__period=period
                )
                .select_related("application")
                .order_by("application__pk")
            )
            for step, assignment in zip(CASN_QUEUE_PLAN, list(queue), strict=False):
                self.work_queue_item(assignment.application, step)

    def announce(self, formasi: Formasi, *, note: str = "") -> None:
        announcement_services.publish_announcement(formasi=formasi, actor=self.admin, note=note)
        self.result.announcements += 1

    # --- Periods and formasi

    def open_period(self, spec: PeriodSpec, *, windows: Sequence[Window]) -> SelectionPeriod:
        period = period_services.create_period(
            data=period_services.PeriodInput(
                name=spec.name,
                kind=spec.kind,
                year=spec.year,
                age_reference_date=self.today + dt.timedelta(days=spec.age_reference),
                default_min_age=spec.min_age,
                default_max_age=spec.max_age,
                description=spec.description,
            ),
            actor=self.admin,
        )
        self.schedule(period, windows)
        period_services.publish_period(period=period, actor=self.admin)
        self.result.periods += 1
        return period

    def schedule(self, period: SelectionPeriod, windows: Sequence[Window]) -> None:
        period_services.set_schedule(
            period=period,
            windows=[_window_input(window, today=self.today) for window in windows],
            actor=self.admin,
        )

    def create_formasi(self, period: SelectionPeriod, spec: PeriodSpec) -> dict[str, Formasi]:
        """Each formasi of `spec`; Dinas Kesehatan's are drafted by its Admin OPD, all are
        published by BKPSDM except those marked unpublished."""
        created = {}
        for item in spec.formasi:
            position = Position.objects.select_related("work_unit").get(
                work_unit__code=item.unit, name=item.position
            )
            assert position.work_unit is not None  # noqa: S101 (selected by its unit)
            data = formasi_services.FormasiInput(
                code=item.code,
                position=position,
                work_unit=position.work_unit,
                quota=item.quota,
                education=[
                    formasi_services.EducationInput(level=self.levels[level], majors=majors)
                    for level, majors in item.education
                ],
                documents=[
                    formasi_services.DocumentInput(kind=self.kinds[code]) for code in item.documents
                ],
                track=item.track,
                entry_golongan=self.golongan.get(item.entry_golongan),
                max_age=item.max_age,
                min_gpa=Decimal(item.min_gpa) if item.min_gpa else None,
                extra_requirements=item.extra_requirements,
            )
            actor = self.opd_admin if item.by_opd_admin else self.admin
            formasi = formasi_services.create_formasi(period=period, data=data, actor=actor)
            if item.published:
                formasi_services.publish_formasi(formasi=formasi, actor=self.admin)
            created[item.code] = formasi
            self.result.formasi += 1
        return created

    # --- Applicants and their applications

    def register(self, profile: DemoApplicant, *, confirm: bool = True) -> Applicant:
        applicant = applicant_services.register_applicant(
            data=applicant_services.RegistrationInput(
                nik=profile.nik,
                kk_number=profile.kk_number,
                name=profile.name,
                birth_place=profile.birth_place,
                birth_date=profile.birth_date,
                gender=profile.gender,
                phone=profile.phone,
                email=profile.email,
                password=DEMO_PASSWORD,
                consent_given=True,
                education_level=self.levels[profile.education_level],
                education_major=profile.education_major,
                gpa=profile.gpa,
                is_disabled=profile.is_disabled,
            )
        )
        if confirm:
            token = applicant_services.make_email_token(applicant)
            applicant = applicant_services.confirm_email(token=token)
        return applicant

    def _pelamar_profile(self) -> DemoApplicant:
        profile = self.people.applicant(
            age_on=self.today + dt.timedelta(days=story.CASN_2026.age_reference),
            age=self.pelamar.age,
            education_level=self.pelamar.education_level,
            education_major=self.pelamar.education_major,
            gpa=self.pelamar.gpa,
            name=self.pelamar.name,
            gender=self.pelamar.gender,
        )
        return replace(profile, email=self.pelamar.email)

    def apply(
        self,
        spec: PeriodSpec,
        formasi: dict[str, Formasi],
        *,
        first: dict[str, Applicant],
    ) -> dict[str, list[Application]]:
        """Applicants try each formasi; those who fail its requirements are refused and skipped.

        Returns the accepted draft applications per formasi code, in order; `first` puts a given
        applicant first in a formasi.
        """
        accepted: dict[str, list[Application]] = {}
        for item in spec.formasi:
            accepted[item.code] = []
            attempts = [""] * item.eligible + list(item.misfits)
            for index, misfit in enumerate(attempts):
                applicant = (
                    first[item.code]
                    if index == 0 and item.code in first
                    else self.register(
                        self.people.for_formasi(spec, item, misfit, today=self.today)
                    )
                )
                try:
                    application = application_services.create_application(
                        applicant=applicant,
                        formasi=formasi[item.code],
                        actor=applicant.user,
                        track_claim=item.track,
                    )
                except InvalidInputError:
                    if not misfit:
                        raise
                    self.result.refused += 1
                    continue
                if misfit:
                    raise DomainError(f"Data demo: pelamar '{misfit}' diterima di {item.code}.")
                accepted[item.code].append(application)
        return accepted

    def upload_all(self, application: Application, *, limit: int | None = None) -> None:
        """Upload the formasi's documents (the first `limit` of them) as the applicant."""
        specs = application.formasi.documents.select_related("kind").order_by("pk")
        for spec in list(specs)[:limit]:
            document_services.upload_document(
                application=application,
                kind=spec.kind,
                upload=demo_upload(spec.kind, application),
                actor=application.applicant.user,
            )

    def submit(self, application: Application) -> Application:
        self.upload_all(application)
        return application_services.submit_application(
            application=application, actor=application.applicant.user
        )

    def registrations_only(self) -> None:
        """Registered but not applying: two e-mails not yet confirmed, one NIK to review (§4.1)."""
        spec = story.CASN_2026
        item = spec.formasi[0]
        for _ in range(2):
            self.register(self.people.for_formasi(spec, item, "", today=self.today), confirm=False)
        profile = self.people.for_formasi(spec, item, "", today=self.today)
        # The stated birth date is a day off the one coded in the NIK: flagged, not refused.
        self.register(replace(profile, birth_date=profile.birth_date + dt.timedelta(days=1)))

    # --- Verification

    def refusal_for(self, application: Application) -> tuple[str, str, str]:
        """The next refusal of the rotation that fits the application's documents."""
        kinds = set(application.documents.values_list("kind__code", flat=True))
        start = self.refusals
        self.refusals += 1
        rotation = story.REFUSALS[start % len(story.REFUSALS) :] + story.REFUSALS
        return next(refusal for refusal in rotation if refusal[0] in kinds)

    def verify(self, application: Application, *, refused: bool, own: bool = False) -> None:
        """The first verifier reviews every document and decides; a refusal makes it TMS."""
        refusal = None
        if refused:
            refusal = story.PELAMAR_REFUSAL if own else self.refusal_for(application)
        verifier = _assigned(application, Role.FIRST)
        documents = application.documents.select_related("kind").order_by("pk")
        for document in documents:
            invalid = refusal is not None and document.kind.code == refusal[0]
            verification_services.review_document(
                application=application,
                document=document,
                is_valid=not invalid,
                reason=refusal[1] if refusal and invalid else "",
                note=refusal[2] if refusal and invalid else "",
                actor=verifier,
            )
        verification_services.decide_application(
            application=application, actor=verifier, rng=self.rng
        )

    def confirm(self, application: Application) -> None:
        """The second verifier confirms a TMS (four-eyes)."""
        application.refresh_from_db(fields=["status"])
        if application.status == Application.Status.TMS_PENDING:
            verification_services.confirm_tms(
                application=application, actor=_assigned(application, Role.CONFIRMATION)
            )

    def verify_pppk(self, spec: PeriodSpec, applications: dict[str, list[Application]]) -> None:
        for item in spec.formasi:
            for index, application in enumerate(applications[item.code]):
                own = application.applicant.email == self.pelamar.email
                self.verify(application, refused=index in item.tms, own=own)
                self.confirm(application)

    def work_queue_item(self, application: Application, step: str) -> None:
        if step == "partial":
            verifier = _assigned(application, Role.FIRST)
            for document in application.documents.order_by("pk")[:2]:
                verification_services.review_document(
                    application=application, document=document, is_valid=True, actor=verifier
                )
            return
        self.verify(application, refused=step in {"tms", "pending"})
        if step == "tms":
            self.confirm(application)

    def declare_conflicts(self, submitted: dict[str, list[Application]]) -> None:
        """The demo verifier declares a sibling; another verifier shares a KK with an applicant."""
        relative = submitted["BKPSDM-ASN-01"][0].applicant
        conflict_services.declare_relative(
            user=self.verifier,
            relative_name=relative.name,
            relation="Adik kandung",
            relative_nik=relative.nik,
            actor=self.verifier,
        )
        own_card = self.people.family_card()
        conflict_services.set_family_card(
            user=self.verifier, kk_number=own_card, actor=self.verifier
        )
        household = submitted["DISDIK-GRU-01"][0].applicant
        third = self.verifiers[2]
        conflict_services.set_family_card(user=third, kk_number=household.kk_number, actor=third)

    # --- Announcements and sanggah

    def sanggah_round(self, applications: dict[str, list[Application]]) -> None:
        """The pelamar's sanggah is granted, a second one rejected; a third waits for a judge,
        the demo `verifikator` when it took no part in that TMS."""
        own, other = (applications[story.PELAMAR_PPPK_FORMASI][i] for i in (0, 2))
        granted = self.file_sanggah(
            own,
            reason="Ijazah yang saya unggah terbaca jelas, termasuk nomor ijazah di kanan atas. "
            "Mohon pindaian ijazah diperiksa kembali pada ukuran aslinya.",
        )
        self.decide_sanggah(
            granted,
            grant=True,
            note="Pindaian ijazah diperiksa ulang pada ukuran asli: nomor ijazah terbaca jelas. "
            "Kesalahan bukan dari pelamar; lamaran dinyatakan MS.",
        )
        rejected = self.file_sanggah(other, reason=_appeal_text(other))
        self.decide_sanggah(
            rejected,
            grant=False,
            note="Dokumen yang dirujuk diperiksa ulang dan memang tidak memenuhi ketentuan. "
            "Sanggah tidak dapat disertai dokumen baru (masa sanggah hanya menilai dokumen yang "
            "sudah diunggah).",
        )
        candidates = [
            apps[index]
            for item in story.PPPK_2025.formasi
            if item.code != story.PELAMAR_PPPK_FORMASI
            for apps in [applications[item.code]]
            for index in item.tms
        ]
        waiting = next(
            (app for app in candidates if not _took_part(self.verifier, app)), candidates[0]
        )
        self.file_sanggah(waiting, reason=_appeal_text(waiting))

    def file_sanggah(self, application: Application, *, reason: str) -> Sanggah:
        refused = application.documents.filter(reviews__is_valid=False).values_list("pk", flat=True)
        sanggah = sanggah_services.file_sanggah(
            application=application,
            reason=reason,
            document_ids=list(refused),
            actor=application.applicant.user,
            rng=self.rng,
        )
        self.result.sanggah += 1
        return sanggah

    def decide_sanggah(self, sanggah: Sanggah, *, grant: bool, note: str) -> None:
        sanggah_services.decide_sanggah(
            sanggah=sanggah,
            grant=grant,
            note=note,
            actor=_assigned(sanggah.application, Role.SANGGAH),
        )


def _assigned(application: Application, role: str) -> User:
    return (
        VerificationAssignment.objects.select_related("verifier")
        .get(application=application, role=role)
        .verifier
    )


def _took_part(user: User, application: Application) -> bool:
    return VerificationAssignment.objects.filter(application=application, verifier=user).exists()


def _appeal_text(application: Application) -> str:
    names = ", ".join(
        ApplicationDocument.objects.filter(application=application, reviews__is_valid=False)
        .order_by("kind__name")
        .values_list("kind__name", flat=True)
    )
    return (
        f"{names} yang saya unggah sudah lengkap dan sesuai dengan aslinya. Mohon dokumen "
        "tersebut diperiksa kembali."
    )


def _at(today: dt.date, days: int, hour: int, minute: int) -> dt.datetime:
    day = today + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _window_input(window: Window, *, today: dt.date) -> period_services.WindowInput:
    return period_services.WindowInput(
        stage=window.stage,
        opens_at=_at(today, window.opens, window.opens_hour, 0),
        closes_at=_at(today, window.closes, window.closes_hour, window.closes_minute),
    )


# The services refuse each step outside its stage window, so the steps the story takes now keep
# their windows open until tomorrow night; the real (past) schedule is set at the end.
ACTED_NOW = frozenset({Stage.REGISTRATION, Stage.VERIFICATION, Stage.ANNOUNCEMENT})


def _registration_open(windows: Sequence[Window]) -> list[Window]:
    """`windows` with registration, verification and the announcement open until tomorrow night."""
    return [
        replace(window, closes=1, closes_hour=23, closes_minute=59)
        if window.stage in ACTED_NOW
        else window
        for window in windows
    ]
