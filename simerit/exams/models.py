"""Computer-assisted tests (CAT): question bank, blueprints, sittings, attempts and results.

Domain reference §2 (SKD), §2.5 (CAT BKN procedure) and §2.6 (PPPK). Every number that a
regulation sets (question counts, duration, points, passing grades) is a row, never a constant.

The hot path is AnswerEvent: one INSERT per click (services/answers.py). An attempt's current
answers are the last event per position; the events are append-only (database triggers) and are
sealed into a hash chain when the attempt finishes (docs/decisions/0008-exam-answer-log.md).
"""

from secrets import token_hex

from django.conf import settings
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.recruitment.models import Application, SelectionPeriod, Track


class ExamKind(models.TextChoices):
    SKD = "skd", "SKD (Seleksi Kompetensi Dasar)"
    SKB = "skb", "SKB (Seleksi Kompetensi Bidang)"
    PPPK = "pppk", "Seleksi kompetensi PPPK"
    TRYOUT = "tryout", "Tryout (latihan)"


class QuestionBank(BaseModel):
    """A collection of questions. Practice banks never feed a real exam (and the reverse)."""

    class Purpose(models.TextChoices):
        EXAM = "exam", "Ujian"
        PRACTICE = "practice", "Latihan (tryout)"

    name = models.CharField("nama bank soal", max_length=150, unique=True)
    purpose = models.CharField("kegunaan", max_length=10, choices=Purpose.choices)
    description = models.CharField("keterangan", max_length=300, blank=True)

    class Meta:
        verbose_name = "bank soal"
        verbose_name_plural = "bank soal"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Question.Kind's values, needed before Question is defined.
QUESTION_KINDS = [("single", "Satu jawaban benar"), ("weighted", "Opsi berbobot")]


class QuestionCategory(BaseModel):
    """A sub-test or field: TWK, TIU, TKP (SKD), teknis/manajerial/... (PPPK), an SKB field."""

    code = models.CharField("kode", max_length=20, unique=True)
    name = models.CharField("nama", max_length=150)
    exam_kind = models.CharField("jenis ujian", max_length=6, choices=ExamKind.choices)
    order = models.PositiveSmallIntegerField("urutan", default=0)
    # The one question type this sub-test scores with (TWK/TIU: single 5/0; TKP: weighted 1–5);
    # blank: either. A question of another type is refused, so a TKP item cannot score 5/0.
    question_kind = models.CharField(
        "tipe soal yang berlaku", max_length=10, choices=QUESTION_KINDS, blank=True
    )

    class Meta:
        verbose_name = "kategori soal"
        verbose_name_plural = "kategori soal"
        ordering = ["exam_kind", "order", "code"]

    def __str__(self) -> str:
        return self.code


class Difficulty(models.TextChoices):
    EASY = "easy", "Mudah"
    MEDIUM = "medium", "Sedang"
    HARD = "hard", "Sulit"


class Question(BaseModel):
    """A question's identity and metadata; its text and options live in QuestionVersion rows."""

    class Kind(models.TextChoices):  # the same values as QUESTION_KINDS
        # One option is correct: the blueprint section's correct/wrong points (5/0 by default).
        SINGLE = "single", "Satu jawaban benar"
        # Every option carries its own points (TKP: 1–5); blank scores the section's blank points.
        WEIGHTED = "weighted", "Opsi berbobot"

    bank = models.ForeignKey(
        QuestionBank, verbose_name="bank soal", on_delete=models.PROTECT, related_name="questions"
    )
    # Stable code for import/export round trips, unique within a bank.
    code = models.CharField("kode soal", max_length=40)
    category = models.ForeignKey(
        QuestionCategory, verbose_name="kategori", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("tipe", max_length=10, choices=Kind.choices)
    topic = models.CharField("topik", max_length=150, blank=True)
    difficulty = models.CharField(
        "tingkat kesulitan", max_length=6, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    is_active = models.BooleanField("aktif", default=True)
    current_version = models.ForeignKey(
        "QuestionVersion",
        verbose_name="versi terkini",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "soal"
        verbose_name_plural = "soal"
        ordering = ["bank", "code"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "code"], name="question_code_unique_in_bank"),
        ]

    def __str__(self) -> str:
        return self.code


def question_image_path(instance: "QuestionVersion", filename: str) -> str:
    """Storage names never come from the client."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"soal/{instance.question_id}/v{instance.number}-{token_hex(8)}.{extension}"


class QuestionVersion(models.Model):
    """An immutable version of a question. Editing a question adds a version; an exam keeps the
    version it served (AttemptItem and BlueprintItem point here, never at Question)."""

    question = models.ForeignKey(
        Question, verbose_name="soal", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("nomor versi")
    text = models.TextField("teks soal")
    image = models.FileField("gambar", upload_to=question_image_path, max_length=255, blank=True)
    # [{"key": "A", "text": "...", "points": 5}, ...]: keys A–E are stable within a version;
    # a participant sees them shuffled but answers by key, so shuffling never changes a score.
    # SINGLE: exactly one option has points > 0 (the correct one; the section sets the points).
    # WEIGHTED: every option's points are its score.
    options = models.JSONField("pilihan jawaban")
    explanation = models.TextField("pembahasan", blank=True)
    sha256 = models.CharField("SHA-256 isi", max_length=64)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "versi soal"
        verbose_name_plural = "versi soal"
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="question_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"


class Blueprint(BaseModel):
    """What an exam is: its sections, time, scoring and passing rules (kisi-kisi + ketentuan).

    A blueprint delivered by SiMerit has an assembled item set (BlueprintItem) that is frozen at
    the first start. A blueprint delivered by BKN has no items: its results are imported.
    """

    class Delivery(models.TextChoices):
        SIMERIT = "simerit", "CAT SiMerit"
        BKN = "bkn", "CAT BKN (nilai diimpor)"

    name = models.CharField("nama", max_length=200)
    kind = models.CharField("jenis ujian", max_length=6, choices=ExamKind.choices)
    period = models.ForeignKey(
        SelectionPeriod,
        verbose_name="periode seleksi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blueprints",
    )
    delivery = models.CharField(
        "pelaksana", max_length=8, choices=Delivery.choices, default=Delivery.SIMERIT
    )
    bank = models.ForeignKey(
        QuestionBank,
        verbose_name="bank soal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blueprints",
    )
    duration_minutes = models.PositiveSmallIntegerField("durasi (menit)")
    shuffle_questions = models.BooleanField("acak urutan soal", default=True)
    shuffle_options = models.BooleanField("acak urutan pilihan", default=True)
    # Tryout: open to anyone from the public practice page.
    is_public = models.BooleanField("terbuka untuk umum", default=False)
    legal_basis = models.CharField("dasar hukum", max_length=200, blank=True)
    # Set when the first attempt starts: items, sections and scoring can no longer change.
    locked_at = models.DateTimeField("dikunci pada", null=True, blank=True)
    results_published_at = models.DateTimeField("hasil diumumkan pada", null=True, blank=True)

    class Meta:
        verbose_name = "kisi-kisi ujian"
        verbose_name_plural = "kisi-kisi ujian"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ExamKind.TRYOUT, period__isnull=True)
                | (~Q(kind=ExamKind.TRYOUT) & Q(period__isnull=False)),
                name="blueprint_period_iff_real_exam",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1), name="blueprint_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BlueprintSection(models.Model):
    """One sub-test of a blueprint: how many questions of a category and how they score."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.CASCADE, related_name="sections"
    )
    category = models.ForeignKey(
        QuestionCategory, verbose_name="kategori", on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField("urutan", default=0)
    question_count = models.PositiveSmallIntegerField("jumlah soal")
    # For SINGLE questions (SKD TWK/TIU: 5 and 0). WEIGHTED questions score their options.
    correct_points = models.SmallIntegerField("nilai jawaban benar", default=5)
    wrong_points = models.SmallIntegerField("nilai jawaban salah", default=0)
    blank_points = models.SmallIntegerField("nilai tidak dijawab", default=0)

    class Meta:
        verbose_name = "bagian kisi-kisi"
        verbose_name_plural = "bagian kisi-kisi"
        ordering = ["blueprint", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "category"], name="blueprint_section_category_unique"
            ),
            models.CheckConstraint(
                condition=Q(question_count__gte=1), name="blueprint_section_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blueprint_id}:{self.category_id}"


class PassingRule(models.Model):
    """Nilai ambang batas for one track (domain reference §2.2). `track` "" is the rule for every
    track without its own row; a blueprint without any rule has no threshold (PPPK 2024: rank)."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.CASCADE, related_name="passing_rules"
    )
    track = models.CharField("jalur", max_length=20, choices=Track.choices, blank=True)
    # {"TWK": 65, "TIU": 80, "TKP": 166}: every listed sub-test must reach its minimum.
    category_minimums = models.JSONField("nilai minimum per subtes", default=dict, blank=True)
    # Special tracks: a cumulative minimum (e.g. 311 cumlaude, 286 disabilitas).
    total_minimum = models.PositiveSmallIntegerField(
        "nilai minimum kumulatif", null=True, blank=True
    )
    legal_basis = models.CharField("dasar hukum", max_length=200, blank=True)

    class Meta:
        verbose_name = "nilai ambang batas"
        verbose_name_plural = "nilai ambang batas"
        ordering = ["blueprint", "track"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "track"], name="passing_rule_track_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blueprint_id}:{self.track or '*'}"


class BlueprintItem(models.Model):
    """The assembled item set: the exact question versions every participant of the blueprint
    gets (each in their own order). Re-assembly is allowed until the blueprint is locked."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.CASCADE, related_name="items"
    )
    section = models.ForeignKey(
        BlueprintSection, verbose_name="bagian", on_delete=models.CASCADE, related_name="items"
    )
    question_version = models.ForeignKey(
        QuestionVersion, verbose_name="versi soal", on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField("urutan")

    class Meta:
        verbose_name = "soal kisi-kisi"
        verbose_name_plural = "soal kisi-kisi"
        ordering = ["blueprint", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "question_version"], name="blueprint_item_unique"
            ),
            models.UniqueConstraint(fields=["blueprint", "order"], name="blueprint_item_order"),
        ]

    def __str__(self) -> str:
        return f"{self.blueprint_id}#{self.order}"


class Sitting(BaseModel):
    """Sesi ujian: one blueprint at one time, site and room."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="sittings"
    )
    code = models.CharField("kode sesi", max_length=40, unique=True)
    starts_at = models.DateTimeField("mulai")
    site = models.CharField("lokasi", max_length=150)
    room = models.CharField("ruang", max_length=100)
    capacity = models.PositiveSmallIntegerField("kapasitas")
    # A room fit for participants with accommodations (ramah disabilitas).
    is_accessible = models.BooleanField("ruang ramah disabilitas", default=False)
    # PIN issuance for check-in closes this many minutes before the start (Peraturan BKN 5/2024
    # says 5 minutes [S]); a takeover PIN during the exam is not bound by it.
    pin_cutoff_minutes = models.PositiveSmallIntegerField(
        "PIN ditutup (menit sebelum mulai)", default=5
    )
    # Public key of the live scoreboard page (the page lists registration numbers and scores).
    scoreboard_key = models.CharField("kunci papan skor", max_length=32, unique=True)

    class Meta:
        verbose_name = "sesi ujian"
        verbose_name_plural = "sesi ujian"
        ordering = ["starts_at", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="sitting_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.code


class SittingProctor(models.Model):
    """A proctor (pengawas ujian) assigned to a sitting; proctors see only their sittings."""

    sitting = models.ForeignKey(
        Sitting, verbose_name="sesi", on_delete=models.CASCADE, related_name="proctors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="pengawas",
        on_delete=models.PROTECT,
        related_name="proctored_sittings",
    )

    class Meta:
        verbose_name = "pengawas sesi"
        verbose_name_plural = "pengawas sesi"
        constraints = [
            models.UniqueConstraint(fields=["sitting", "user"], name="sitting_proctor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sitting_id}:{self.user_id}"


class Participant(BaseModel):
    """An MS application placed in a sitting (peserta ujian), with its accommodation."""

    sitting = models.ForeignKey(
        Sitting, verbose_name="sesi", on_delete=models.PROTECT, related_name="participants"
    )
    application = models.ForeignKey(
        Application,
        verbose_name="lamaran",
        on_delete=models.PROTECT,
        related_name="exam_participations",
    )
    # Copied at assignment so that a blueprint holds each application at most once (a constraint).
    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="+"
    )
    seat_number = models.PositiveSmallIntegerField("nomor kursi")
    # Accommodation: extra time (e.g. 30 minutes for tunanetra on the SKD: 130 instead of 100).
    extra_minutes = models.PositiveSmallIntegerField("tambahan waktu (menit)", default=0)
    accommodation_note = models.CharField("catatan akomodasi", max_length=300, blank=True)
    # Random key printed in the exam card's QR code; the proctor's scan opens the check-in.
    card_key = models.CharField("kunci kartu ujian", max_length=32, unique=True)
    checked_in_at = models.DateTimeField("hadir pada", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diperiksa oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "peserta ujian"
        verbose_name_plural = "peserta ujian"
        ordering = ["sitting", "seat_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "application"], name="participant_once_per_blueprint"
            ),
            models.UniqueConstraint(fields=["sitting", "seat_number"], name="participant_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.sitting_id}:{self.seat_number}"


class ExamPin(models.Model):
    """A one-time PIN the proctor issues after checking identity: valid for one participant and
    sitting, once, until it expires. Only its keyed hash is stored."""

    class Purpose(models.TextChoices):
        START = "start", "Mulai ujian"
        TAKEOVER = "takeover", "Pindah komputer"

    participant = models.ForeignKey(
        Participant, verbose_name="peserta", on_delete=models.CASCADE, related_name="pins"
    )
    purpose = models.CharField("keperluan", max_length=10, choices=Purpose.choices)
    pin_hash = models.CharField("hash PIN", max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diterbitkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField("diterbitkan pada")
    expires_at = models.DateTimeField("berlaku sampai")
    used_at = models.DateTimeField("dipakai pada", null=True, blank=True)

    class Meta:
        verbose_name = "PIN ujian"
        verbose_name_plural = "PIN ujian"
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.participant_id}:{self.purpose}"


class Attempt(models.Model):
    """One sitting of one exam by one participant (or one tryout). The deadline lives here."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Sedang mengerjakan"
        PAUSED = "paused", "Dijeda pengawas"
        FINISHED = "finished", "Selesai"

    class FinishReason(models.TextChoices):
        SUBMITTED = "submitted", "Diselesaikan peserta"
        TIMEOUT = "timeout", "Waktu habis"
        PROCTOR = "proctor", "Dihentikan pengawas"

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="attempts"
    )
    # A real exam: exactly one participant. A tryout: no participant, maybe a user (anonymous
    # tryouts are held by the browser token alone). A constraint keeps the two apart.
    participant = models.OneToOneField(
        Participant,
        verbose_name="peserta",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempt",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="akun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exam_attempts",
    )
    is_practice = models.BooleanField("latihan", default=False)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    started_at = models.DateTimeField("mulai")
    # Server time only. Pausing moves it on by the pause's length; an extension moves it on.
    deadline = models.DateTimeField("batas waktu")
    paused_at = models.DateTimeField("dijeda pada", null=True, blank=True)
    extended_minutes = models.PositiveSmallIntegerField("perpanjangan (menit)", default=0)
    finished_at = models.DateTimeField("selesai pada", null=True, blank=True)
    finish_reason = models.CharField(
        "cara selesai", max_length=10, choices=FinishReason.choices, blank=True
    )
    # The active browser's secret (sent as X-Exam-Token). A takeover replaces it, which locks
    # the previous browser out of the one-statement answer write.
    browser_token = models.CharField("token peramban", max_length=43)
    # Results, set at finish (and by a rescoring): {"TWK": 120, "TIU": 135, "TKP": 170}.
    scores = models.JSONField("nilai per subtes", default=dict, blank=True)
    total = models.IntegerField("nilai total", null=True, blank=True)
    passed = models.BooleanField("memenuhi ambang batas", null=True, blank=True)
    result_reason = models.CharField("keterangan hasil", max_length=300, blank=True)
    # Last link of the attempt's answer-event hash chain, sealed at finish.
    final_hash = models.CharField("hash akhir", max_length=64, blank=True)
    event_count = models.PositiveIntegerField("jumlah kejadian jawaban", default=0)

    class Meta:
        verbose_name = "pengerjaan ujian"
        verbose_name_plural = "pengerjaan ujian"
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_practice=True, participant__isnull=True)
                | Q(is_practice=False, participant__isnull=False),
                name="attempt_practice_has_no_participant",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("started_at")),
                name="attempt_deadline_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["blueprint", "status"], name="attempt_blueprint_status_idx"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.pk}"


class AttemptItem(models.Model):
    """Question `position` (1-based) of an attempt: the served version and its option order."""

    attempt = models.ForeignKey(
        Attempt, verbose_name="pengerjaan", on_delete=models.PROTECT, related_name="items"
    )
    position = models.PositiveSmallIntegerField("nomor soal")
    question_version = models.ForeignKey(
        QuestionVersion, verbose_name="versi soal", on_delete=models.PROTECT, related_name="+"
    )
    section = models.ForeignKey(
        BlueprintSection, verbose_name="bagian", on_delete=models.PROTECT, related_name="+"
    )
    # The option keys in the order this participant sees them, e.g. ["C", "A", "E", "B", "D"].
    option_order = models.JSONField("urutan pilihan")

    class Meta:
        verbose_name = "soal pengerjaan"
        verbose_name_plural = "soal pengerjaan"
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attempt_item_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"


class AnswerEvent(models.Model):
    """One click, as the server received it. Append-only (database triggers).

    Written by one raw INSERT ... SELECT that also checks the browser token, the status and the
    deadline (services/answers.py); (attempt, client_seq) makes a resent call harmless.
    """

    class Kind(models.TextChoices):
        ANSWER = "a", "Jawab"
        CLEAR = "c", "Hapus jawaban"
        FLAG = "f", "Tandai ragu-ragu"
        UNFLAG = "u", "Hapus tanda"

    id = models.BigAutoField(primary_key=True)
    attempt = models.ForeignKey(
        Attempt, verbose_name="pengerjaan", on_delete=models.PROTECT, related_name="events"
    )
    client_seq = models.PositiveIntegerField("nomor urut klien")
    position = models.PositiveSmallIntegerField("nomor soal")
    kind = models.CharField("jenis", max_length=1, choices=Kind.choices)
    option = models.CharField("pilihan", max_length=2, blank=True)
    server_at = models.DateTimeField("waktu server")

    class Meta:
        verbose_name = "kejadian jawaban"
        verbose_name_plural = "kejadian jawaban"
        ordering = ["attempt", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "client_seq"], name="answer_event_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.client_seq}"


class IntegrityEvent(models.Model):
    """What the proctor should know: focus loss, hidden page, paste, takeover, refused calls,
    proctor actions. Logged, never blocking."""

    class Kind(models.TextChoices):
        FOCUS_LOST = "focus_lost", "Jendela ujian kehilangan fokus"
        HIDDEN = "hidden", "Halaman ujian tersembunyi"
        PASTE = "paste", "Menempel teks"
        STARTED = "started", "Mulai ujian"
        TAKEOVER = "takeover", "Dibuka di peramban lain (mengambil alih)"
        LOCKED_OUT = "locked_out", "Peramban lama ditolak"
        LATE_ANSWER = "late_answer", "Jawaban setelah waktu habis ditolak"
        INVALID_ANSWER = "invalid_answer", "Jawaban tidak sah ditolak"
        PIN_REFUSED = "pin_refused", "PIN ditolak"
        PAUSED = "paused", "Dijeda pengawas"
        RESUMED = "resumed", "Dilanjutkan pengawas"
        EXTENDED = "extended", "Waktu diperpanjang"
        FINISHED = "finished", "Selesai"

    id = models.BigAutoField(primary_key=True)
    attempt = models.ForeignKey(
        Attempt,
        verbose_name="pengerjaan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="integrity_events",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="peserta",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="integrity_events",
    )
    kind = models.CharField("jenis", max_length=16, choices=Kind.choices)
    detail = models.JSONField("rincian", default=dict, blank=True)
    server_at = models.DateTimeField("waktu server")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="pelaku",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "catatan integritas"
        verbose_name_plural = "catatan integritas"
        ordering = ["-server_at", "-id"]
        indexes = [models.Index(fields=["attempt", "kind"], name="integrity_attempt_kind_idx")]

    def __str__(self) -> str:
        return self.kind


class ItemDecision(models.Model):
    """A recorded decision on a faulty item, taken before results are published: credit every
    participant with the item's full points, or drop the item from scoring."""

    class Mode(models.TextChoices):
        CREDIT_ALL = "credit_all", "Dianggap benar untuk semua peserta"
        DROP = "drop", "Dikeluarkan dari penilaian"

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="decisions"
    )
    question_version = models.ForeignKey(
        QuestionVersion, verbose_name="versi soal", on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField("keputusan", max_length=10, choices=Mode.choices)
    reason = models.CharField("alasan", max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diputuskan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("diputuskan pada")

    class Meta:
        verbose_name = "keputusan soal bermasalah"
        verbose_name_plural = "keputusan soal bermasalah"
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "question_version"], name="item_decision_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blueprint_id}:{self.question_version_id}:{self.mode}"


class ScoreImport(models.Model):
    """One score file from BKN (SKD/SKB run on CAT BKN), with its row report."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="imports"
    )
    file_name = models.CharField("nama berkas", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diimpor oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField("diimpor pada")
    row_count = models.PositiveIntegerField("jumlah baris")
    accepted_count = models.PositiveIntegerField("baris diterima")
    # [{"row": 2, "registration_number": "...", "status": "ok"|"error", "messages": [...]}]
    report = models.JSONField("laporan per baris", default=list)

    class Meta:
        verbose_name = "impor nilai BKN"
        verbose_name_plural = "impor nilai BKN"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class ExamResult(BaseModel):
    """The official result of one application in one exam kind, from a SiMerit attempt (written
    when the blueprint's results are published) or from a BKN score file. Selection reads this."""

    class Source(models.TextChoices):
        SIMERIT = "simerit", "CAT SiMerit"
        BKN = "bkn", "CAT BKN"

    application = models.ForeignKey(
        Application, verbose_name="lamaran", on_delete=models.PROTECT, related_name="exam_results"
    )
    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="results"
    )
    kind = models.CharField("jenis ujian", max_length=6, choices=ExamKind.choices)
    source = models.CharField("sumber", max_length=8, choices=Source.choices)
    scores = models.JSONField("nilai per subtes")
    total = models.IntegerField("nilai total")
    passed = models.BooleanField("memenuhi ambang batas", null=True, blank=True)
    result_reason = models.CharField("keterangan hasil", max_length=300, blank=True)
    attempt = models.OneToOneField(
        Attempt,
        verbose_name="pengerjaan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="result",
    )
    score_import = models.ForeignKey(
        ScoreImport,
        verbose_name="impor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
    )

    class Meta:
        verbose_name = "hasil ujian"
        verbose_name_plural = "hasil ujian"
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="exam_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.kind}"
