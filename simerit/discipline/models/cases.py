"""A discipline case from report to decision (PP 94/2021; §7.3): the report, the summons, the
examination team, the examination (BAP) and the sanction with its dates and effects."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.discipline.models.config import DisciplineArticle
from simerit.employees.models import Employee


class Level(models.TextChoices):
    """Tingkat hukuman disiplin (Pasal 8)."""

    RINGAN = "ringan", "Ringan"
    SEDANG = "sedang", "Sedang"
    BERAT = "berat", "Berat"


class SanctionType(models.TextChoices):
    """Jenis hukuman disiplin (Pasal 8); their level, duration and cut are in `rules.pp94`."""

    TEGURAN_LISAN = "teguran_lisan", "Teguran lisan"
    TEGURAN_TERTULIS = "teguran_tertulis", "Teguran tertulis"
    PERNYATAAN_TIDAK_PUAS = "pernyataan_tidak_puas", "Pernyataan tidak puas secara tertulis"
    POTONG_6 = "potong_tpp_6", "Pemotongan tunjangan kinerja/TPP 25% selama 6 bulan"
    POTONG_9 = "potong_tpp_9", "Pemotongan tunjangan kinerja/TPP 25% selama 9 bulan"
    POTONG_12 = "potong_tpp_12", "Pemotongan tunjangan kinerja/TPP 25% selama 12 bulan"
    PENURUNAN_JABATAN = (
        "penurunan_jabatan",
        "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
    )
    PEMBEBASAN_JABATAN = (
        "pembebasan_jabatan",
        ("Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan"),
    )
    PDHTAPS = "pdhtaps", "Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS"


class DisciplineCase(BaseModel):
    """One suspected breach by one employee. The atasan langsung at the time of the report is
    kept (`supervisor`): the law makes them responsible for summoning and examining (Pasal 26)."""

    class Source(models.TextChoices):
        ATASAN = "atasan", "Temuan atasan"
        PENGADUAN = "pengaduan", "Pengaduan/laporan"
        INSPEKTORAT = "inspektorat", "Temuan Inspektorat"
        KEHADIRAN = "kehadiran", "Rekap kehadiran"

    class Status(models.TextChoices):
        REPORTED = "reported", "Dilaporkan"
        SUMMONED = "summoned", "Dipanggil"
        EXAMINED = "examined", "Diperiksa"
        DECIDED = "decided", "Diputus"
        DISMISSED = "dismissed", "Dihentikan"

    number = models.CharField("nomor kasus", max_length=30, unique=True)  # HD-2026-0001
    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.PROTECT, related_name="discipline_cases"
    )
    supervisor = models.ForeignKey(
        Employee,
        verbose_name="atasan langsung",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField("sumber laporan", max_length=12, choices=Source.choices)
    reporter_name = models.CharField("pelapor", max_length=150)
    reported_on = models.DateField("tanggal laporan")
    incident_on = models.DateField("tanggal kejadian")
    description = models.TextField("uraian dugaan pelanggaran")
    articles = models.ManyToManyField(
        DisciplineArticle, verbose_name="pasal yang diduga dilanggar", related_name="cases"
    )
    suspected_level = models.CharField("dugaan tingkat", max_length=6, choices=Level.choices)
    # From the absence ladder (§7.2), when the case was opened from the attendance recap.
    absence_days = models.PositiveSmallIntegerField(
        "hari tidak masuk tanpa alasan sah", null=True, blank=True
    )
    absence_year = models.PositiveSmallIntegerField("tahun rekap kehadiran", null=True, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.REPORTED
    )
    dismissal_reason = models.TextField("alasan penghentian", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "kasus disiplin"
        verbose_name_plural = "kasus disiplin"
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incident_on__lte=F("reported_on")), name="case_incident_before_report"
            ),
            models.CheckConstraint(
                condition=~Q(status="dismissed") | ~Q(dismissal_reason=""),
                name="case_dismissal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.employee.name}"


class Summons(BaseModel):
    """Surat panggilan: at most two. `attended` stays None until the examination day is recorded."""

    case = models.ForeignKey(
        DisciplineCase, verbose_name="kasus", on_delete=models.PROTECT, related_name="summonses"
    )
    sequence = models.PositiveSmallIntegerField(
        "panggilan ke-", validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    letter_number = models.CharField("nomor surat", max_length=100)
    issued_on = models.DateField("tanggal surat")
    examination_on = models.DateField("jadwal pemeriksaan")
    place = models.CharField("tempat", max_length=200)
    attended = models.BooleanField("hadir", null=True, blank=True)
    attendance_note = models.CharField("catatan kehadiran", max_length=500, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "surat panggilan"
        verbose_name_plural = "surat panggilan"
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="summons_once_per_sequence"),
            models.CheckConstraint(
                condition=Q(sequence__gte=1) & Q(sequence__lte=2), name="summons_at_most_two"
            ),
            models.CheckConstraint(
                condition=Q(examination_on__gte=F("issued_on")),
                name="summons_examination_after_letter",
            ),
        ]

    def __str__(self) -> str:
        return f"Panggilan ke-{self.sequence} {self.case.number}"


class TeamMember(BaseModel):
    """Tim pemeriksa: optional for a suspected sedang breach, mandatory for berat (§7.3)."""

    class Role(models.TextChoices):
        ATASAN = "atasan", "Atasan langsung"
        PENGAWASAN = "pengawasan", "Unsur pengawasan (Inspektorat)"
        KEPEGAWAIAN = "kepegawaian", "Unsur kepegawaian (BKPSDM)"
        LAINNYA = "lainnya", "Pejabat lain yang ditunjuk"

    case = models.ForeignKey(
        DisciplineCase, verbose_name="kasus", on_delete=models.PROTECT, related_name="team"
    )
    employee = models.ForeignKey(
        Employee, verbose_name="anggota", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("unsur", max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = "anggota tim pemeriksa"
        verbose_name_plural = "anggota tim pemeriksa"
        ordering = ["case", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "employee"], name="team_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} ({self.get_role_display()})"


class Examination(BaseModel):
    """Berita Acara Pemeriksaan (BAP): a closed examination and what it found."""

    case = models.OneToOneField(
        DisciplineCase, verbose_name="kasus", on_delete=models.PROTECT, related_name="examination"
    )
    held_on = models.DateField("tanggal pemeriksaan")
    place = models.CharField("tempat", max_length=200)
    questions_and_answers = models.TextField("tanya jawab pemeriksaan")
    employee_statement = models.TextField("keterangan pegawai", blank=True)
    findings = models.TextField("kesimpulan pemeriksa")
    proven = models.BooleanField("pelanggaran terbukti")
    proposed_level = models.CharField(
        "usulan tingkat hukuman", max_length=6, choices=Level.choices, blank=True
    )
    signed_by_employee = models.BooleanField("ditandatangani pegawai", default=True)
    refusal_note = models.CharField(
        "catatan bila pegawai menolak menandatangani", max_length=500, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "berita acara pemeriksaan"
        verbose_name_plural = "berita acara pemeriksaan"
        constraints = [
            models.CheckConstraint(
                condition=Q(proven=False, proposed_level="")
                | Q(proven=True) & ~Q(proposed_level=""),
                name="examination_level_when_proven",
            ),
            models.CheckConstraint(
                condition=Q(signed_by_employee=True) | ~Q(refusal_note=""),
                name="examination_refusal_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"BAP {self.case.number}"


class SanctionQuerySet(models.QuerySet["Sanction"]):
    def in_force(self) -> "SanctionQuerySet":
        """Not annulled by an appeal."""
        return self.filter(annulled_at__isnull=True)

    def active_on(self, day: "object") -> "SanctionQuerySet":
        """In force and running on `day` (starts_on ≤ day ≤ ends_on; PDHTAPS has no end)."""
        return (
            self.in_force()
            .filter(starts_on__lte=day)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        )


class Sanction(BaseModel):
    """The decision (keputusan hukuman disiplin) of a case, with the sanction from the PP 94 table.

    `ends_on` is the last day inclusive: `rules.pp94.end_date(type, starts_on)`; None for a
    ringan sanction (no duration) and for PDHTAPS (permanent). `tpp_cut_percent` is copied from
    the table (25 for the sedang types, 0 otherwise) and feeds the TPP computation for the months
    whose first day falls within starts_on..ends_on (sedang sanctions start on the 1st)."""

    class Basis(models.TextChoices):
        EXAMINED = "examined", "Berdasarkan berita acara pemeriksaan"
        SUMMONS_IGNORED = (
            "summons_ignored",
            ("Pegawai tidak memenuhi dua kali panggilan: diputus berdasarkan alat bukti yang ada"),
        )

    case = models.OneToOneField(
        DisciplineCase, verbose_name="kasus", on_delete=models.PROTECT, related_name="sanction"
    )
    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.PROTECT, related_name="sanctions"
    )
    level = models.CharField("tingkat", max_length=6, choices=Level.choices)
    sanction_type = models.CharField("jenis hukuman", max_length=24, choices=SanctionType.choices)
    basis = models.CharField("dasar keputusan", max_length=16, choices=Basis.choices)
    decree_number = models.CharField("nomor keputusan", max_length=100)
    decided_on = models.DateField("tanggal keputusan")
    official = models.CharField("pejabat yang berwenang menghukum", max_length=200)
    considerations = models.TextField("pertimbangan")
    starts_on = models.DateField("berlaku mulai")
    ends_on = models.DateField("berlaku sampai", null=True, blank=True)
    tpp_cut_percent = models.PositiveSmallIntegerField(
        "potongan TPP (%)", default=0, validators=[MaxValueValidator(100)]
    )
    # The employee received the decision: the appeal windows run from here.
    delivered_on = models.DateField("diterima pegawai", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    annulled_at = models.DateTimeField("dibatalkan pada", null=True, blank=True)
    annulment_reason = models.TextField("alasan pembatalan", blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = "hukuman disiplin"
        verbose_name_plural = "hukuman disiplin"
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["employee", "starts_on"], name="sanction_employee_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="sanction_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__gte=F("decided_on")), name="sanction_starts_after_decision"
            ),
            models.CheckConstraint(
                condition=Q(annulled_at__isnull=True) | ~Q(annulment_reason=""),
                name="sanction_annulment_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_sanction_type_display()} — {self.employee.name}"


class Appeal(BaseModel):
    """Upaya administratif (PP 79/2021; §7.4): keberatan to the superior of the sanctioning
    official, or banding administratif to BPASN (for dismissal). The decision is recorded here."""

    class Kind(models.TextChoices):
        KEBERATAN = "keberatan", "Keberatan"
        BANDING = "banding", "Banding administratif"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Dalam proses"
        UPHELD = "upheld", "Hukuman dikuatkan"
        CHANGED = "changed", "Hukuman diubah"
        ANNULLED = "annulled", "Hukuman dibatalkan"

    sanction = models.ForeignKey(
        Sanction, verbose_name="hukuman", on_delete=models.PROTECT, related_name="appeals"
    )
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices)
    filed_on = models.DateField("tanggal pengajuan")
    reason = models.TextField("alasan")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(
        "hasil", max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    decided_on = models.DateField("tanggal putusan", null=True, blank=True)
    decision_note = models.TextField("pertimbangan putusan", blank=True)
    new_sanction_type = models.CharField(
        "jenis hukuman pengganti", max_length=24, choices=SanctionType.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="putusan dicatat oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "upaya administratif"
        verbose_name_plural = "upaya administratif"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sanction", "kind"], name="appeal_once_per_kind"),
            models.CheckConstraint(
                condition=Q(outcome="pending", decided_on__isnull=True)
                | ~Q(outcome="pending") & Q(decided_on__isnull=False),
                name="appeal_decided_when_not_pending",
            ),
            models.CheckConstraint(
                condition=Q(outcome="changed") & ~Q(new_sanction_type="")
                | ~Q(outcome="changed") & Q(new_sanction_type=""),
                name="appeal_new_type_only_when_changed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sanction.case.number}"
