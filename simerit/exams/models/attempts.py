"""Attempts: the served items, the append-only answer events and the integrity log."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from simerit.exams.models.bank import QuestionVersion
from simerit.exams.models.blueprints import Blueprint, BlueprintSection
from simerit.exams.models.sittings import Participant


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
