"""The demo's training and development story (issue #7), built only through the training services
on the people of the performance story (Bidang Pelayanan Kesehatan, Dinas Kesehatan). No row is
written directly. The data is in training_data.py.

1. Admin BKPSDM sets the JP target of the seed's year (20 JP, reminders from 1 October) and the
   competency dictionary: manajerial, sosial kultural and teknis competencies, with the levels
   four jabatan require (the Perawat and Administrator Kesehatan of the bidang, the kepala
   bidang, and the Kepala UPTD Puskesmas of the new pengawas). The Admin OPD of Dinas Kesehatan
   (`admin.dinkes`) enters the staff's assessed levels, some below the requirement; `rekan4` is
   not assessed yet.
2. Admin BKPSDM builds the catalogue: Latsar CPNS, PKP, PKA, PKN Tingkat II, the Perkesmas
   technical programme, a seminar on innovation in primary care and coaching for a weak
   predikat, each targeting competencies and/or BerAKHLAK panduan perilaku (the needs analysis
   matches the gaps against them: `rekan3`'s Butuh Perbaikan and low 6c of the performance
   story find the coaching and the seminar).
3. Perkesmas Angkatan I, held the week before last: `pegawai` asked for a seat and the
   atasan approved it, the atasan nominated `rekan1` and `rekan3`, Admin BKPSDM assigned two
   nurses of the dinas. The services take requests only while a class is open and has not
   started, so the class is first planned for the day after the seed; once its requests are in,
   Admin BKPSDM closes the enrolment and sets the dates it was held (the audit log shows both, as
   for the PPPK 2025 schedule of the recruitment story). Then its six meetings, the attendance
   (recorded by Admin BKPSDM: the QR check-in only works during a meeting), the scores, four
   passed and `rekan3` not (two of six meetings), the class completed, the four certificates
   issued, and two participants' surveys (`pegawai`'s is left to try: the survey stays open 14
   days after the class; its averages are shown once it has closed with at least 3 answers).
4. Perkesmas Angkatan II opens for mid-December with its meetings: `rekan3` nominated again, a
   Puskesmas Merdeka nurse assigned, and `rekan4`'s own request waiting for the atasan.
5. Courses taken elsewhere: `rekan2`'s distance course validated with 30 of the 32 JP claimed;
   `pegawai`'s webinar waiting for validation.
6. Nothing is written for the leadership flags (computed on read): the Dinas Kesehatan pengawas
   with the latest TMT jabatan (the Kepala UPTD Puskesmas Dempo) is flagged for PKP, not yet
   overdue; the officials with older TMT are flagged as overdue.
7. The public: a sosialisasi of the CASN 2026 selection a week after the seed, published, with two
   registrations (the demo pelamar signed in, and a visitor), and two reading materials.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.urls import reverse

from simerit.accounts.models import User
from simerit.core.dates import WIB, format_date_id
from simerit.core.exceptions import DomainError
from simerit.demo.documents import document_pdf
from simerit.demo.selection import casn_period
from simerit.demo.training_data import (
    APPROVAL_NOTE,
    ASSESSED_DAY,
    ASSESSMENT_SOURCE,
    ASSESSMENTS,
    ASSESSOR,
    CAPACITY,
    COMPETENCIES,
    DAYS,
    DONE_CLOSES,
    DONE_NAME,
    DONE_PARTICIPANTS,
    DONE_STARTS,
    EXTERNAL,
    MATERIALS,
    MAX_JP_PER_DAY,
    MEETING_HOURS,
    MEETING_TOPICS,
    MINIMUM_JP,
    NEW_PENGAWAS,
    OPEN_ASSIGNED,
    OPEN_CLOSES,
    OPEN_NAME,
    OPEN_NOMINATED,
    OPEN_STARTS,
    PENDING_MOTIVATION,
    PENDING_REQUEST,
    PERKESMAS,
    PROGRAMMES,
    REGISTRATIONS,
    REQUIREMENTS,
    RESTRICTED_TO,
    SELF_MOTIVATION,
    SESSION_CAPACITY,
    SESSION_DAY,
    SESSION_DESCRIPTION,
    SESSION_KIND,
    SESSION_TITLE,
    SESSION_VENUE,
    TRY_PAGES,
    VENUE,
    ExternalSpec,
    Participant,
    StaffRef,
)
from simerit.employees.models import Employee
from simerit.organization.models import Position, WorkUnit
from simerit.performance.models import BehaviourIndicator
from simerit.training.models import (
    Certificate,
    Competency,
    Enrolment,
    Meeting,
    Programme,
    TrainingClass,
    TrainingYear,
)
from simerit.training.rules.evaluation import MIN_SURVEY_RESPONSES, survey_closes_on
from simerit.training.services import attendance as attendance_services
from simerit.training.services import catalogue as catalogue_services
from simerit.training.services import catalogue_levels as level_services
from simerit.training.services import certificates as certificate_services
from simerit.training.services import classes as class_services
from simerit.training.services import completion as completion_services
from simerit.training.services import config as config_services
from simerit.training.services import enrolment as enrolment_services
from simerit.training.services import evaluation as evaluation_services
from simerit.training.services import external as external_services
from simerit.training.services import public as registration_services
from simerit.training.services import public_materials as material_services
from simerit.training.services import public_sessions as session_services


@dataclass
class TrainingStoryResult:
    year: int = 0
    competencies: int = 0
    requirements: int = 0
    assessments: int = 0
    programmes: int = 0
    classes: int = 0
    meetings: int = 0
    enrolments: int = 0
    attendance: int = 0
    passed: int = 0
    certificates: int = 0
    surveys: int = 0
    pending: int = 0
    external: int = 0
    validated: int = 0
    sessions: int = 0
    registrations: int = 0
    materials: int = 0


def new_pengawas() -> Employee | None:
    """The Dinas Kesehatan pengawas with the latest TMT jabatan (the story's new pengawas)."""
    dinkes = WorkUnit.objects.filter(code=RESTRICTED_TO).first()
    if dinkes is None:
        return None
    return (
        Employee.objects.filter(
            work_unit__path__startswith=dinkes.path,
            position__kind=Position.Kind.PENGAWAS,
            is_active=True,
        )
        .select_related("position")
        .order_by("-tmt_position", "pk")
        .first()
    )


def at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


class TrainingStory:
    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.result = TrainingStoryResult(year=today.year)
        self.admin = self.user("admin.bkpsdm")
        self.atasan = self.user("atasan")
        self.competencies: dict[str, Competency] = {}
        self.programmes: dict[str, Programme] = {}
        self.dinkes = WorkUnit.objects.get(code=RESTRICTED_TO)

    def build(self) -> TrainingStoryResult:
        self.year()
        self.dictionary()
        self.catalogue()
        self.completed_class()
        self.open_class()
        for spec in EXTERNAL:
            self.external(spec)
        self.public()
        return self.result

    # --- People

    @staticmethod
    def user(username: str) -> User:
        return User.objects.get(username=username)

    def employee(self, who: str | StaffRef) -> Employee:
        if isinstance(who, StaffRef):
            found = (
                Employee.objects.filter(
                    work_unit__code=who.unit, position__name=who.position, kind=who.kind
                )
                .order_by("pk")
                .first()
            )
        elif who == NEW_PENGAWAS:
            found = new_pengawas()
        else:
            found = Employee.objects.filter(user__username=who).first()
        if found is None:
            raise DomainError(f"Data demo: pegawai {who} untuk cerita pelatihan tidak ditemukan.")
        return found

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    # --- 1. The year and the competency dictionary

    def year(self) -> TrainingYear:
        return config_services.create_year(
            year=self.result.year,
            data=config_services.YearInput(minimum_jp=MINIMUM_JP, max_jp_per_day=MAX_JP_PER_DAY),
            actor=self.admin,
        )

    def dictionary(self) -> None:
        for code, name, kind, description in COMPETENCIES:
            self.competencies[code] = catalogue_services.create_competency(
                data=catalogue_services.CompetencyInput(
                    code=code, name=name, kind=kind, description=description
                ),
                actor=self.admin,
            )
            self.result.competencies += 1
        for who, levels in REQUIREMENTS.items():
            position = self.employee(who).position
            for code, level in levels:
                level_services.set_requirement(
                    position=position,
                    competency=self.competencies[code],
                    required_level=level,
                    actor=self.admin,
                )
                self.result.requirements += 1
        assessor = self.user(ASSESSOR)
        for who, levels in ASSESSMENTS.items():
            employee = self.employee(who)
            for code, level in levels:
                level_services.record_assessment(
                    employee=employee,
                    data=level_services.AssessmentInput(
                        competency=self.competencies[code],
                        level=level,
                        assessed_on=self.day(ASSESSED_DAY),
                        source=ASSESSMENT_SOURCE,
                    ),
                    actor=assessor,
                )
                self.result.assessments += 1

    # --- 2. The catalogue

    def catalogue(self) -> None:
        indicators = {item.code: item for item in BehaviourIndicator.objects.all()}
        for spec in PROGRAMMES:
            self.programmes[spec.code] = catalogue_services.create_programme(
                data=catalogue_services.ProgrammeInput(
                    code=spec.code,
                    name=spec.name,
                    kind=spec.kind,
                    jp=spec.jp,
                    provider=spec.provider,
                    mode=spec.mode,
                    description=spec.description,
                    competencies=[self.competencies[code] for code in spec.competencies],
                    indicators=[indicators[code] for code in spec.indicators],
                    for_weak_predikat=spec.for_weak_predikat,
                ),
                actor=self.admin,
            )
            self.result.programmes += 1

    # --- 3. The class held before the seed

    def class_input(
        self, name: str, *, starts: dt.date, closes: dt.date
    ) -> class_services.ClassInput:
        return class_services.ClassInput(
            name=name,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=DAYS - 1),
            enrolment_closes_on=closes,
            capacity=CAPACITY,
            venue=VENUE,
            work_unit=self.dinkes,
        )

    def meetings(self, training_class: TrainingClass) -> list[Meeting]:
        meetings = []
        hours = [
            (training_class.starts_on + dt.timedelta(days=index), slot)
            for index in range(DAYS)
            for slot in MEETING_HOURS
        ]
        for number, (topic, (day, (h1, m1, h2, m2))) in enumerate(
            zip(MEETING_TOPICS, hours, strict=True), start=1
        ):
            meetings.append(
                attendance_services.add_meeting(
                    training_class=training_class,
                    data=attendance_services.MeetingInput(
                        topic=topic,
                        starts_at=at(day, h1, m1),
                        ends_at=at(day, h2, m2),
                        number=number,
                    ),
                    actor=self.admin,
                )
            )
            self.result.meetings += 1
        return meetings

    def enrol(self, training_class: TrainingClass, participant: Participant) -> Enrolment:
        """Put the participant on the class by their route (see training_data.Participant)."""
        employee = self.employee(participant.who)
        self.result.enrolments += 1
        if participant.route == "self":
            assert employee.user is not None  # noqa: S101 (a self request needs a login)
            request = enrolment_services.request_enrolment(
                training_class=training_class, motivation=SELF_MOTIVATION, actor=employee.user
            )
            return enrolment_services.approve_enrolment(
                enrolment=request, note=APPROVAL_NOTE, actor=self.atasan
            )
        if participant.route == "nominated":
            (placed,) = enrolment_services.nominate_employees(
                training_class=training_class, employees=[employee], actor=self.atasan
            )
            return placed
        return enrolment_services.assign_employee(
            training_class=training_class, nip=employee.nip, actor=self.admin
        )

    def completed_class(self) -> None:
        programme = self.programmes[PERKESMAS]
        tomorrow = self.day(1)
        training_class = class_services.create_class(
            programme=programme,
            data=self.class_input(DONE_NAME, starts=tomorrow, closes=self.today),
            actor=self.admin,
        )
        class_services.open_class(training_class=training_class, actor=self.admin)
        enrolments = [self.enrol(training_class, item) for item in DONE_PARTICIPANTS]
        class_services.close_enrolment(training_class=training_class, actor=self.admin)
        training_class = class_services.update_class(
            training_class=training_class,
            data=self.class_input(
                DONE_NAME, starts=self.day(DONE_STARTS), closes=self.day(DONE_CLOSES)
            ),
            actor=self.admin,
        )
        self.result.classes += 1
        meetings = self.meetings(training_class)
        for participant, enrolment in zip(DONE_PARTICIPANTS, enrolments, strict=True):
            for number in participant.attended:
                attendance_services.record_attendance(
                    meeting=meetings[number - 1], enrolment=enrolment, actor=self.admin
                )
                self.result.attendance += 1
        for participant, enrolment in zip(DONE_PARTICIPANTS, enrolments, strict=True):
            pre, post, final = (Decimal(score) if score else None for score in participant.scores)
            completion_services.record_result(
                enrolment=enrolment,
                scores=completion_services.Scores(
                    pre_test_score=pre, post_test_score=post, assessment_score=final
                ),
                outcome=(
                    Enrolment.Status.COMPLETED
                    if participant.passed
                    else Enrolment.Status.NOT_COMPLETED
                ),
                actor=self.admin,
            )
            self.result.passed += participant.passed
        completion_services.complete_class(training_class=training_class, actor=self.admin)
        issued = certificate_services.issue_certificates(
            training_class=training_class, actor=self.admin
        )
        self.result.certificates += len(issued)
        for participant, enrolment in zip(DONE_PARTICIPANTS, enrolments, strict=True):
            if participant.survey is None:
                continue
            content, facilitator, relevance, organisation = participant.survey
            owner = enrolment.employee.user
            assert owner is not None  # noqa: S101 (the surveyed participants have a login)
            evaluation_services.submit_survey(
                enrolment=enrolment,
                scores={
                    "content_score": content,
                    "facilitator_score": facilitator,
                    "relevance_score": relevance,
                    "organisation_score": organisation,
                },
                comment=participant.comment,
                actor=owner,
            )
            self.result.surveys += 1

    # --- 4. The class open for enrolment

    def open_class(self) -> None:
        training_class = class_services.create_class(
            programme=self.programmes[PERKESMAS],
            data=self.class_input(
                OPEN_NAME, starts=self.day(OPEN_STARTS), closes=self.day(OPEN_CLOSES)
            ),
            actor=self.admin,
        )
        self.result.classes += 1
        self.meetings(training_class)
        class_services.open_class(training_class=training_class, actor=self.admin)
        enrolment_services.nominate_employees(
            training_class=training_class,
            employees=[self.employee(who) for who in OPEN_NOMINATED],
            actor=self.atasan,
        )
        for ref in OPEN_ASSIGNED:
            enrolment_services.assign_employee(
                training_class=training_class, nip=self.employee(ref).nip, actor=self.admin
            )
        enrolment_services.request_enrolment(
            training_class=training_class,
            motivation=PENDING_MOTIVATION,
            actor=self.user(PENDING_REQUEST),
        )
        self.result.enrolments += len(OPEN_NOMINATED) + len(OPEN_ASSIGNED) + 1
        self.result.pending += 1

    # --- 5. Courses taken elsewhere

    def external(self, spec: ExternalSpec) -> None:
        owner = self.user(spec.who)
        starts, ends = self.day(spec.starts), self.day(spec.ends)
        content = document_pdf(
            title="Sertifikat",
            name=self.employee(spec.who).display_name,
            lines=(
                spec.title,
                f"Penyelenggara: {spec.provider}",
                f"Tanggal: {format_date_id(starts)} s.d. {format_date_id(ends)}",
                f"Jumlah: {spec.jp_claimed} JP",
                f"Nomor: {spec.certificate_number}",
            ),
        )
        record = external_services.submit_external_training(
            data=external_services.ExternalTrainingInput(
                title=spec.title,
                provider=spec.provider,
                kind=spec.kind,
                starts_on=starts,
                ends_on=ends,
                jp_claimed=spec.jp_claimed,
                certificate_number=spec.certificate_number,
            ),
            upload=ContentFile(content, name=spec.file_name),
            actor=owner,
        )
        self.result.external += 1
        if spec.validated_jp is not None:
            external_services.validate_external_training(
                external=record, jp_validated=spec.validated_jp, note=spec.note, actor=self.admin
            )
            self.result.validated += 1

    # --- 7. The public preparation

    def public(self) -> None:
        day = self.day(SESSION_DAY)
        session = session_services.create_session(
            data=session_services.SessionInput(
                title=SESSION_TITLE,
                kind=SESSION_KIND,
                description=SESSION_DESCRIPTION,
                starts_at=at(day, 9, 0),
                ends_at=at(day, 12, 0),
                registration_closes_at=at(day - dt.timedelta(days=1), 20, 0),
                capacity=SESSION_CAPACITY,
                venue=SESSION_VENUE,
                period=casn_period(),
            ),
            actor=self.admin,
        )
        session_services.publish_session(session=session, actor=self.admin)
        self.result.sessions += 1
        for name, email, phone, signed_in in REGISTRATIONS:
            registration_services.register_for_session(
                session=session,
                data=registration_services.RegistrationInput(
                    name=name, email=email, phone=phone, consent=True
                ),
                user=self.user(email) if signed_in else None,
            )
            self.result.registrations += 1
        for position, (title, summary, body) in enumerate(MATERIALS, start=1):
            material = material_services.create_material(
                data=material_services.MaterialInput(
                    title=title, summary=summary, body=body, position=position
                ),
                upload=None,
                actor=self.admin,
            )
            material_services.set_material_published(
                material=material, published=True, actor=self.admin
            )
            self.result.materials += 1


# --- What `seed_demo` prints


def training_summary(result: TrainingStoryResult) -> str:
    return (
        f"Pelatihan {result.year}: {result.programmes} program, {result.competencies} "
        f"kompetensi ({result.requirements} standar jabatan, {result.assessments} hasil "
        f"asesmen), {result.classes} kelas ({result.meetings} pertemuan, {result.enrolments} "
        f"peserta/pendaftar, {result.attendance} kehadiran, {result.passed} lulus, "
        f"{result.certificates} sertifikat, {result.surveys} survei, {result.pending} permintaan "
        f"menunggu atasan), {result.external} pelatihan eksternal ({result.validated} "
        f"divalidasi), {result.sessions} sosialisasi ({result.registrations} pendaftar), "
        f"{result.materials} bahan bacaan."
    )


def training_to_try() -> str:
    """Where to look at the training story ("" when the demo has no training year)."""
    year = TrainingYear.objects.order_by("-year").first()
    if year is None:
        return ""
    url = {name: reverse(f"training:{name}") for name in TRY_PAGES}
    lines = [
        "",
        f"Pelatihan {year.year} (akun yang sama):",
        f"- pegawai: {url['my-training']}: JP tahun ini dan sertifikat Perkesmas; "
        f"{url['external-list']}: webinar menunggu validasi.",
    ]
    held = (
        TrainingClass.objects.filter(status=TrainingClass.Status.COMPLETED)
        .order_by("-ends_on")
        .first()
    )
    if held is not None:
        closes = survey_closes_on(held.ends_on)
        lines.append(
            f"  {url['my-surveys']}: survei {held} terbuka sampai "
            f"{format_date_id(closes)}; rata-ratanya tampil setelah ditutup dengan paling sedikit "
            f"{MIN_SURVEY_RESPONSES} jawaban."
        )
    pending = (
        Enrolment.objects.filter(status=Enrolment.Status.PENDING)
        .select_related("employee", "training_class")
        .order_by("pk")
        .first()
    )
    if pending is not None:
        lines.append(
            f"- atasan: {url['approvals']}: permintaan {pending.employee.display_name} "
            f"({pending.training_class.name}) menunggu persetujuan."
        )
    lines.append(
        f"- admin.bkpsdm atau auditor: {url['class-list']} (kelas, presensi QR, hasil, "
        f"sertifikat), {url['external-review']}, {url['needs']} (rencana {year.year + 1}), "
        f"{url['jp-dashboard']}, {url['leadership']}."
    )
    pengawas = new_pengawas()
    if pengawas is not None and pengawas.tmt_position is not None:
        lines.append(
            f"  Pengawas baru: {pengawas.display_name}, {pengawas.position.name} (TMT jabatan "
            f"{format_date_id(pengawas.tmt_position)}), ditandai wajib PKP."
        )
    certificate = (
        Certificate.objects.filter(enrolment__employee__user__username="pegawai")
        .order_by("pk")
        .first()
    )
    public = [f"{reverse('preparation:home')} (sosialisasi, bahan bacaan)"]
    if certificate is not None:
        public.append(f"{url['certificate-verify']} (nomor {certificate.number})")
    lines.append(
        f"- admin.bkpsdm: {url['session-admin-list']} (pendaftar sosialisasi); publik: "
        f"{' dan '.join(public)}."
    )
    return "\n".join(lines)
