import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from simerit.core.exceptions import DomainError
from simerit.demo import data
from simerit.demo.exam_sittings import pelamar_sitting
from simerit.demo.exams import ExamStoryResult
from simerit.demo.performance import PerformanceStoryResult, performance_to_try
from simerit.demo.seed import seed_demo
from simerit.demo.selection import (
    SelectionStoryResult,
    appointments_open_at,
    casn_period,
    granted_applicant_email,
)
from simerit.demo.training import training_summary, training_to_try
from simerit.exams.services.sittings import pin_closes_at


class Command(BaseCommand):
    help = (
        "Isi basis data dengan data demo Pemerintah Kota Palembang (sekali saja; menjalankan "
        "ulang tidak mengubah apa pun) lalu tampilkan akun demo."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            result = seed_demo(today=timezone.localdate())
        except DomainError as error:
            raise CommandError(error.message) from error
        if result.created:
            self.stdout.write(
                f"Data demo dibuat dalam {time.monotonic() - started:.1f} detik: "
                f"{result.units} unit kerja, {result.positions} jabatan, "
                f"{result.employees} pegawai, {result.users} akun petugas."
            )
            story = result.recruitment
            if story is not None:
                self.stdout.write(
                    f"Rekrutmen: {story.periods} periode seleksi, {story.formasi} formasi, "
                    f"{story.applicants} pelamar, {story.applications} lamaran "
                    f"({story.refused} ditolak karena tidak memenuhi syarat), "
                    f"{story.announcements} pengumuman, {story.sanggah} sanggah."
                )
            if result.exams is not None:
                self.stdout.write(exam_summary(result.exams))
            if result.selection is not None:
                self.stdout.write(selection_summary(result.selection))
            if result.performance is not None:
                self.stdout.write(performance_summary(result.performance))
            if result.training is not None:
                self.stdout.write(training_summary(result.training))
        else:
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
        self.stdout.write(account_table())
        selection = selection_to_try(now=timezone.now())
        if selection:
            self.stdout.write(selection)
        performance = performance_to_try()
        if performance:
            self.stdout.write(performance)
        training = training_to_try()
        if training:
            self.stdout.write(training)
        to_try = exam_to_try(now=timezone.now())
        if to_try:
            self.stdout.write(to_try)


def account_table() -> str:
    """The demo logins as a plain-text table: username, role, password."""
    rows = [("Nama pengguna", "Peran", "Kata sandi")]
    for account in data.DEMO_ACCOUNTS:
        roles = " + ".join(str(role.label) for role in account.roles)
        rows.append((account.username, roles, data.DEMO_PASSWORD))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = ["", "Akun demo:"]
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def exam_summary(exams: ExamStoryResult) -> str:
    return (
        f"Ujian (CAT): {exams.banks} bank soal ({exams.questions} soal), {exams.blueprints} "
        f"kisi-kisi, {exams.sittings} sesi, {exams.participants} peserta, "
        f"{exams.finished_attempts} pengerjaan selesai, {exams.published_results} hasil "
        "diumumkan."
    )


def selection_summary(selection: SelectionStoryResult) -> str:
    return (
        f"Seleksi kompetensi (SKB): {selection.candidates} peserta SKB di {selection.formasi} "
        f"formasi ({selection.bkn_applicants} pelamar Perawat ikut SKD di CAT BKN), "
        f"{selection.score_sheets} lembar nilai asesor, {selection.third_assessor + selection.panel} "
        f"selisih diselesaikan ({selection.third_assessor} asesor ketiga, {selection.panel} "
        f"keputusan panel), {selection.absent} tidak hadir, {selection.withdrawn} mengundurkan "
        f"diri, {selection.announcements} pengumuman hasil akhir ({selection.corrections} "
        f"koreksi), {selection.sanggah} sanggah hasil akhir."
    )


def performance_summary(performance: PerformanceStoryResult) -> str:
    return (
        f"Kinerja {performance.year}: {performance.skps} SKP disetujui ({performance.results} "
        f"RHK), {performance.realisations} realisasi, {performance.evidence} bukti dukung, "
        f"{performance.answers} jawaban penilaian perilaku 360, {performance.appraisals} "
        f"penilaian ditetapkan, {performance.objections} keberatan menunggu keputusan; "
        f"{performance.hired} pegawai dan {performance.accounts} akun ditambahkan."
    )


def selection_to_try(*, now: dt.datetime) -> str:
    """Where to look at the competency selection, and when HR can appoint the winners."""
    period = casn_period()
    opens = appointments_open_at(period) if period is not None else None
    if period is None or opens is None:
        return ""
    lines = [
        "",
        "Seleksi kompetensi CASN 2026: admin.bkpsdm atau auditor di /seleksi-kompetensi/periode/ "
        "(pengaturan, rubrik, penilaian, pemeringkatan); publik di "
        "/seleksi-kompetensi/pengumuman-hasil/, /transparansi/ dan "
        "/seleksi-kompetensi/verifikasi-pengumuman/ (unggah PDF pengumuman).",
        "Antrean asesor kosong: semua kasus sudah dinilai (asesor, asesor.2, asesor.3 melihat "
        "riwayat penilaiannya).",
    ]
    email = granted_applicant_email(period)
    if email:
        lines.append(f"Hasil akhir sebagai pelamar (sanggah dikabulkan, versi 2): {email}.")
    when = (
        f"setelah masa sanggah hasil akhir berakhir, {opens:%d-%m-%Y %H.%M} WIB."
        if now < opens
        else f"sekarang (masa sanggah hasil akhir berakhir {opens:%d-%m-%Y %H.%M} WIB)."
    )
    lines.append(f"Pengangkatan (Angkat) pemenang dapat dicoba admin.bkpsdm {when}")
    return "\n".join(lines)


def exam_to_try(*, now: dt.datetime) -> str:
    """When the demo applicant's exam starts, and whether a PIN can still be issued for it."""
    email = next(account.username for account in data.DEMO_ACCOUNTS if account.applicant)
    sitting = pelamar_sitting(email)
    if sitting is None:
        return ""
    starts = timezone.localtime(sitting.starts_at)
    closes = timezone.localtime(pin_closes_at(sitting))
    if now < closes:
        return (
            f"\nCoba ujian sebagai {email}: sesi {sitting.code} mulai {starts:%d-%m-%Y %H.%M} "
            f"WIB; pengawas dapat menerbitkan PIN sampai {closes:%H.%M} WIB (langkahnya di "
            "README, bagian demo)."
        )
    return (
        f"\nSesi ujian {sitting.code} untuk {email} dijadwalkan {starts:%d-%m-%Y %H.%M} WIB. "
        "Untuk mencobanya, masuk sebagai admin.bkpsdm dan majukan jadwal sesi itu beberapa "
        "menit dari sekarang (README, bagian demo)."
    )
