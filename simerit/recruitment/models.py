"""Recruitment (seleksi CASN): periods, formasi, applicants, applications, verification,
announcements and sanggah. Domain reference §1 and §4.

Year-specific numbers (age limits, document specs, windows) live in rows, never in code.
"""

from secrets import token_hex

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.organization.models import EducationLevel, Golongan, Position, WorkUnit


class SelectionKind(models.TextChoices):
    CPNS = "cpns", "CPNS"
    PPPK = "pppk", "PPPK"


class SelectionPeriod(BaseModel):
    """One selection, e.g. "Seleksi CASN 2026 Kota Palembang", with its configuration."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        PUBLISHED = "published", "Diumumkan"
        FINISHED = "finished", "Selesai"

    name = models.CharField("nama seleksi", max_length=200)
    kind = models.CharField("jenis seleksi", max_length=4, choices=SelectionKind.choices)
    year = models.PositiveSmallIntegerField("tahun anggaran")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    description = models.TextField("keterangan", blank=True)
    # PermenPANRB 27/2021 (as reported): 18–35 at application; the yearly rule is configuration.
    default_min_age = models.PositiveSmallIntegerField("batas usia minimal bawaan", default=18)
    default_max_age = models.PositiveSmallIntegerField("batas usia maksimal bawaan", default=35)
    age_reference_date = models.DateField("tanggal acuan usia")
    # Four-eyes: a TMS takes effect only after a second verifier confirms it.
    tms_needs_confirmation = models.BooleanField(
        "TMS perlu konfirmasi verifikator kedua", default=True
    )
    sanggah_days = models.PositiveSmallIntegerField(
        "lama masa sanggah (hari kalender)", default=3, help_text="Domain reference §1.4: 3 hari."
    )
    published_at = models.DateTimeField("diumumkan pada", null=True, blank=True)

    class Meta:
        verbose_name = "periode seleksi"
        verbose_name_plural = "periode seleksi"
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_min_age__lte=F("default_max_age")),
                name="period_min_age_not_above_max",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    """Windows of the administrative selection (domain reference §1.2, §1.4)."""

    REGISTRATION = "registration", "Pendaftaran"
    VERIFICATION = "verification", "Verifikasi administrasi"
    ANNOUNCEMENT = "announcement", "Pengumuman hasil administrasi"
    SANGGAH_FILING = "sanggah_filing", "Masa sanggah"
    SANGGAH_ANSWER = "sanggah_answer", "Jawab sanggah"
    FINAL_ANNOUNCEMENT = "final_announcement", "Pengumuman pasca-sanggah"


class StageWindow(BaseModel):
    period = models.ForeignKey(
        SelectionPeriod, verbose_name="periode", on_delete=models.CASCADE, related_name="windows"
    )
    stage = models.CharField("tahap", max_length=20, choices=Stage.choices)
    opens_at = models.DateTimeField("dibuka")
    closes_at = models.DateTimeField("ditutup")

    class Meta:
        verbose_name = "jadwal tahap"
        verbose_name_plural = "jadwal tahap"
        ordering = ["opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["period", "stage"], name="one_window_per_stage"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="window_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.period})"


class DocumentKind(models.Model):
    """A kind of document with the national defaults of §1.3 (reference data)."""

    code = models.SlugField("kode", max_length=30, unique=True)
    name = models.CharField("nama dokumen", max_length=100)
    default_formats = models.JSONField("format bawaan", default=list)  # e.g. ["pdf"], ["jpg"]
    default_max_kb = models.PositiveIntegerField("ukuran maksimal bawaan (KB)")
    description = models.CharField("penjelasan", max_length=300, blank=True)

    class Meta:
        verbose_name = "jenis dokumen"
        verbose_name_plural = "jenis dokumen"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Track(models.TextChoices):
    """Jenis kebutuhan / formasi track (domain reference §1.2)."""

    UMUM = "umum", "Umum"
    CUMLAUDE = "cumlaude", "Lulusan cumlaude"
    DISABILITAS = "disabilitas", "Penyandang disabilitas"
    PUTRA_PUTRI_DAERAH = "putra_putri_daerah", "Putra/putri daerah"
    DIASPORA = "diaspora", "Diaspora"
    EKS_THK2 = "eks_thk2", "Eks tenaga honorer K-II"


class FormasiQuerySet(models.QuerySet["Formasi"]):
    def published(self) -> "FormasiQuerySet":
        return self.filter(status=Formasi.Status.PUBLISHED)


class Formasi(BaseModel):
    """An approved vacancy allocation: a position in a unit, with quota and requirements."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        PUBLISHED = "published", "Diumumkan"
        CLOSED = "closed", "Ditutup"

    period = models.ForeignKey(
        SelectionPeriod, verbose_name="periode", on_delete=models.PROTECT, related_name="formasi"
    )
    code = models.CharField("kode formasi", max_length=40)
    position = models.ForeignKey(Position, verbose_name="jabatan", on_delete=models.PROTECT)
    work_unit = models.ForeignKey(
        WorkUnit, verbose_name="unit penempatan", on_delete=models.PROTECT
    )
    quota = models.PositiveSmallIntegerField("kuota")
    track = models.CharField(
        "jenis formasi", max_length=20, choices=Track.choices, default=Track.UMUM
    )
    entry_golongan = models.ForeignKey(
        Golongan, verbose_name="golongan awal", null=True, blank=True, on_delete=models.PROTECT
    )
    min_age = models.PositiveSmallIntegerField("usia minimal")
    max_age = models.PositiveSmallIntegerField("usia maksimal")
    age_reference_date = models.DateField("tanggal acuan usia")
    min_gpa = models.DecimalField(
        "IPK minimal", max_digits=3, decimal_places=2, null=True, blank=True
    )
    extra_requirements = models.TextField(
        "persyaratan tambahan", blank=True, help_text="Dalam bahasa yang mudah dipahami pelamar."
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("diumumkan pada", null=True, blank=True)
    closed_at = models.DateTimeField("ditutup pada", null=True, blank=True)

    objects = FormasiQuerySet.as_manager()

    class Meta:
        verbose_name = "formasi"
        verbose_name_plural = "formasi"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "code"], name="formasi_code_unique_in_period"
            ),
            models.CheckConstraint(condition=Q(quota__gte=1), name="formasi_quota_at_least_one"),
            models.CheckConstraint(
                condition=Q(min_age__lte=F("max_age")), name="formasi_min_age_not_above_max"
            ),
        ]
        indexes = [models.Index(fields=["period", "status"], name="formasi_period_status_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.position.name}"


class FormasiEducation(models.Model):
    """An accepted qualification: a level with the majors it must be in (empty list = any major)."""

    formasi = models.ForeignKey(
        Formasi, verbose_name="formasi", on_delete=models.CASCADE, related_name="education"
    )
    level = models.ForeignKey(EducationLevel, verbose_name="jenjang", on_delete=models.PROTECT)
    majors = models.JSONField("program studi", default=list, blank=True)

    class Meta:
        verbose_name = "kualifikasi pendidikan"
        verbose_name_plural = "kualifikasi pendidikan"
        constraints = [
            models.UniqueConstraint(fields=["formasi", "level"], name="one_rule_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.level.code}: {', '.join(self.majors) or 'semua program studi'}"


class FormasiDocument(models.Model):
    """A document the formasi asks for, with its allowed formats and size limit."""

    formasi = models.ForeignKey(
        Formasi, verbose_name="formasi", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.ForeignKey(DocumentKind, verbose_name="jenis dokumen", on_delete=models.PROTECT)
    formats = models.JSONField("format yang diterima", default=list)
    max_kb = models.PositiveIntegerField("ukuran maksimal (KB)")
    is_required = models.BooleanField("wajib", default=True)

    class Meta:
        verbose_name = "dokumen formasi"
        verbose_name_plural = "dokumen formasi"
        constraints = [
            models.UniqueConstraint(fields=["formasi", "kind"], name="one_spec_per_document_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({'/'.join(self.formats)}, ≤ {self.max_kb} KB)"


class Applicant(BaseModel):
    """A registered applicant (pelamar). Identity data cannot be changed after registration (§1.2)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="akun",
        on_delete=models.PROTECT,
        related_name="applicant",
    )
    nik = models.CharField("NIK", max_length=16, unique=True)
    kk_number = models.CharField("nomor KK", max_length=16, db_index=True)
    name = models.CharField("nama sesuai KTP", max_length=150)
    birth_place = models.CharField("tempat lahir", max_length=100)
    birth_date = models.DateField("tanggal lahir")
    gender = models.CharField(
        "jenis kelamin", max_length=1, choices=[("L", "Laki-laki"), ("P", "Perempuan")]
    )
    phone = models.CharField("nomor HP", max_length=20)
    email = models.EmailField("e-mail")
    email_confirmed_at = models.DateTimeField("e-mail dikonfirmasi", null=True, blank=True)
    # §4.1: a NIK whose coded date or gender differs from the stated ones is flagged, never rejected.
    needs_identity_review = models.BooleanField("perlu pemeriksaan identitas", default=False)
    identity_review_note = models.CharField("catatan identitas", max_length=300, blank=True)
    education_level = models.ForeignKey(
        EducationLevel,
        verbose_name="pendidikan terakhir",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    education_major = models.CharField("program studi", max_length=150, blank=True)
    gpa = models.DecimalField(
        "IPK / nilai rata-rata ijazah", max_digits=4, decimal_places=2, null=True, blank=True
    )
    is_disabled = models.BooleanField("penyandang disabilitas", default=False)

    class Meta:
        verbose_name = "pelamar"
        verbose_name_plural = "pelamar"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConsentRecord(BaseModel):
    """Consent to personal-data processing (UU 27/2022 Pasal 20), with the exact text version."""

    applicant = models.ForeignKey(
        Applicant, verbose_name="pelamar", on_delete=models.PROTECT, related_name="consents"
    )
    text_version = models.CharField("versi teks", max_length=20)
    text_sha256 = models.CharField("SHA-256 teks", max_length=64)
    accepted_at = models.DateTimeField("disetujui pada")

    class Meta:
        verbose_name = "persetujuan data pribadi"
        verbose_name_plural = "persetujuan data pribadi"
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.applicant} — versi {self.text_version}"


class Application(BaseModel):
    """One applicant's application in one period (a database constraint), to one formasi."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        SUBMITTED = "submitted", "Dikirim"
        TMS_PENDING = "tms_pending", "TMS menunggu konfirmasi"
        MS = "ms", "Memenuhi syarat (MS)"
        TMS = "tms", "Tidak memenuhi syarat (TMS)"

    applicant = models.ForeignKey(
        Applicant, verbose_name="pelamar", on_delete=models.PROTECT, related_name="applications"
    )
    period = models.ForeignKey(
        SelectionPeriod,
        verbose_name="periode",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    formasi = models.ForeignKey(
        Formasi, verbose_name="formasi", on_delete=models.PROTECT, related_name="applications"
    )
    # The track the applicant declares to apply under (jenis formasi, domain reference §1.2): a
    # special-track formasi (cumlaude, putra/putri daerah, ...) takes only applicants claiming it.
    track_claim = models.CharField(
        "jalur yang dinyatakan pelamar", max_length=20, choices=Track.choices, default=Track.UMUM
    )
    registration_number = models.CharField("nomor pendaftaran", max_length=30, unique=True)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("dikirim pada", null=True, blank=True)
    # Random, unguessable key of the public page that confirms a receipt is genuine.
    receipt_key = models.CharField("kunci bukti pendaftaran", max_length=43, unique=True)
    # The eligibility checks as run at submission (rules.check_eligibility), kept as evidence.
    eligibility_snapshot = models.JSONField(
        "hasil cek syarat saat dikirim", default=dict, blank=True
    )
    result_reasons = models.JSONField("alasan TMS", default=list, blank=True)
    # The short wording of the same reasons for the public announcement (which document or
    # requirement failed; no verifier note), set with result_reasons at each decision.
    public_reasons = models.JSONField("alasan TMS untuk pengumuman", default=list, blank=True)
    decided_at = models.DateTimeField("diputuskan pada", null=True, blank=True)

    class Meta:
        verbose_name = "lamaran"
        verbose_name_plural = "lamaran"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "period"], name="one_application_per_period"
            ),
        ]
        indexes = [
            models.Index(fields=["formasi", "status"], name="application_formasi_status_idx")
        ]

    def __str__(self) -> str:
        return self.registration_number


def document_path(instance: "ApplicationDocument", filename: str) -> str:
    """Storage names never come from the client: period/application/kind + random suffix."""
    app = instance.application
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"lamaran/{app.period_id}/{app.pk}/{instance.kind.code}-{token_hex(8)}.{extension}"


class ApplicationDocument(BaseModel):
    application = models.ForeignKey(
        Application, verbose_name="lamaran", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.ForeignKey(DocumentKind, verbose_name="jenis dokumen", on_delete=models.PROTECT)
    file = models.FileField("berkas", upload_to=document_path, max_length=255)
    file_format = models.CharField("format", max_length=10)  # detected from content: pdf, jpg, png
    size_bytes = models.PositiveIntegerField("ukuran (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "dokumen lamaran"
        verbose_name_plural = "dokumen lamaran"
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="one_document_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} — {self.application}"


class ConflictDeclaration(BaseModel):
    """A staff member's declared relative (conflict of interest) for verification and assessment."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="petugas",
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    relative_name = models.CharField("nama kerabat", max_length=150)
    relative_nik = models.CharField("NIK kerabat", max_length=16, blank=True)
    relation = models.CharField("hubungan", max_length=60)

    class Meta:
        verbose_name = "pernyataan konflik kepentingan"
        verbose_name_plural = "pernyataan konflik kepentingan"

    def __str__(self) -> str:
        return f"{self.user} — {self.relation}"


class StaffFamilyCard(BaseModel):
    """A staff member's own KK number: an applicant with the same KK is a relative (COI, automatic)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="petugas",
        on_delete=models.CASCADE,
        related_name="family_card",
    )
    kk_number = models.CharField("nomor KK", max_length=16, db_index=True)

    class Meta:
        verbose_name = "KK petugas"
        verbose_name_plural = "KK petugas"

    def __str__(self) -> str:
        return str(self.user)


class VerificationAssignment(BaseModel):
    """Who verifies an application: the first verifier, the confirming second one, or the sanggah judge."""

    class Role(models.TextChoices):
        FIRST = "first", "Verifikator pertama"
        CONFIRMATION = "confirmation", "Verifikator kedua (konfirmasi TMS)"
        SANGGAH = "sanggah", "Pemutus sanggah"

    application = models.ForeignKey(
        Application, verbose_name="lamaran", on_delete=models.CASCADE, related_name="assignments"
    )
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="verifikator",
        on_delete=models.PROTECT,
        related_name="verification_assignments",
    )
    role = models.CharField("peran", max_length=12, choices=Role.choices, default=Role.FIRST)
    completed_at = models.DateTimeField("selesai pada", null=True, blank=True)
    # The second verifier's note when returning a TMS to the first verifier (role CONFIRMATION).
    note = models.CharField("catatan pengembalian", max_length=500, blank=True)

    class Meta:
        verbose_name = "penugasan verifikasi"
        verbose_name_plural = "penugasan verifikasi"
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "role"], name="one_assignment_per_role"),
        ]
        indexes = [
            models.Index(fields=["verifier", "completed_at"], name="assignment_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.verifier} ({self.role})"


class RejectionReason(models.TextChoices):
    """Reasons a verifier may give for an invalid document (a fixed list plus a free note)."""

    UNREADABLE = "unreadable", "Berkas tidak terbaca atau buram"
    WRONG_DOCUMENT = "wrong_document", "Berkas bukan dokumen yang diminta"
    NAME_MISMATCH = "name_mismatch", "Nama tidak sesuai dengan data pendaftaran"
    EDUCATION_MISMATCH = "education_mismatch", "Kualifikasi pendidikan tidak sesuai formasi"
    EXPIRED = "expired", "Dokumen sudah tidak berlaku"
    NOT_SIGNED = "not_signed", "Dokumen tidak ditandatangani atau tidak bermeterai"
    INCOMPLETE = "incomplete", "Dokumen tidak lengkap"
    OTHER = "other", "Lainnya (lihat catatan)"


class DocumentReview(BaseModel):
    """One verifier's verdict on one document."""

    assignment = models.ForeignKey(
        VerificationAssignment,
        verbose_name="penugasan",
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    document = models.ForeignKey(
        ApplicationDocument,
        verbose_name="dokumen",
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    is_valid = models.BooleanField("sah")
    reason = models.CharField("alasan", max_length=20, choices=RejectionReason.choices, blank=True)
    note = models.CharField("catatan", max_length=500, blank=True)

    class Meta:
        verbose_name = "pemeriksaan dokumen"
        verbose_name_plural = "pemeriksaan dokumen"
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "document"], name="one_review_per_document"
            ),
            models.CheckConstraint(
                condition=Q(is_valid=True, reason="") | Q(is_valid=False) & ~Q(reason=""),
                name="invalid_document_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document}: {'sah' if self.is_valid else 'tidak sah'}"


class Announcement(BaseModel):
    """A published, frozen list of administrative results for one formasi; corrections are new versions."""

    formasi = models.ForeignKey(
        Formasi, verbose_name="formasi", on_delete=models.PROTECT, related_name="announcements"
    )
    version = models.PositiveSmallIntegerField("versi")
    replaces = models.OneToOneField(
        "self",
        verbose_name="menggantikan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    published_at = models.DateTimeField("diumumkan pada")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diumumkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the canonical JSON names, copied at publication: a later rename of the formasi or the
    # period must not change the published text or its SHA-256.
    formasi_code = models.CharField("kode formasi saat diumumkan", max_length=40)
    period_name = models.CharField("nama seleksi saat diumumkan", max_length=200)
    # SHA-256 of the canonical JSON of the entries; also written to the audit chain.
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.CharField("catatan perubahan", max_length=300, blank=True)
    # §1.4: an applicant first listed as TMS in this version may file a sanggah from published_at
    # until this moment; computed at publication, so a later schedule change moves no running window.
    sanggah_closes_at = models.DateTimeField("masa sanggah berakhir")

    class Meta:
        verbose_name = "pengumuman hasil administrasi"
        verbose_name_plural = "pengumuman hasil administrasi"
        ordering = ["formasi", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["formasi", "version"], name="one_announcement_version"),
        ]

    def __str__(self) -> str:
        return f"{self.formasi.code} v{self.version}"


class AnnouncementEntry(models.Model):
    announcement = models.ForeignKey(
        Announcement, verbose_name="pengumuman", on_delete=models.CASCADE, related_name="entries"
    )
    application = models.ForeignKey(Application, verbose_name="lamaran", on_delete=models.PROTECT)
    registration_number = models.CharField("nomor pendaftaran", max_length=30)
    masked_name = models.CharField("nama (disamarkan)", max_length=150)
    result = models.CharField("hasil", max_length=3)  # "MS" or "TMS"
    reason = models.CharField("alasan", max_length=500, blank=True)

    class Meta:
        verbose_name = "baris pengumuman"
        verbose_name_plural = "baris pengumuman"
        ordering = ["registration_number"]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.result}"


class Sanggah(BaseModel):
    """An appeal against TMS: only once, within the window, about documents already uploaded (§1.4)."""

    class Status(models.TextChoices):
        FILED = "filed", "Diajukan"
        GRANTED = "granted", "Diterima"
        REJECTED = "rejected", "Ditolak"

    application = models.OneToOneField(
        Application, verbose_name="lamaran", on_delete=models.PROTECT, related_name="sanggah"
    )
    announcement = models.ForeignKey(
        Announcement, verbose_name="pengumuman yang disanggah", on_delete=models.PROTECT
    )
    reason = models.TextField("alasan sanggah")
    documents = models.ManyToManyField(
        ApplicationDocument, verbose_name="dokumen yang dirujuk", related_name="sanggah_references"
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.FILED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diputuskan oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("diputuskan pada", null=True, blank=True)
    decision_note = models.TextField("pertimbangan", blank=True)

    class Meta:
        verbose_name = "sanggah"
        verbose_name_plural = "sanggah"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Sanggah {self.application}"
