"""Data migrations whose rules are worth pinning down (their functions, not a migration run)."""

import importlib

backfill = importlib.import_module(
    "simerit.recruitment.migrations.0011_backfill_application_public_reasons"
)
NAMES = {"Ijazah", "KTP", "Transkrip nilai"}


def test_public_reasons_drop_the_verifiers_note_and_hide_requirement_details():
    reasons = [
        "Ijazah: Berkas tidak terbaca atau buram. Catatan: Nomor ijazah buram.",
        "KTP: dokumen wajib tidak diunggah.",
        "Transkrip nilai: Dokumen tidak lengkap.",
        "Usia Anda pada 1 Agustus 2026 adalah 36 tahun; batas usia 35 tahun.",
        "Program studi Anda (Sastra) tidak termasuk yang diterima untuk Sarjana (S-1): Hukum.",
    ]
    assert backfill.public_reasons(reasons, NAMES) == [
        "Ijazah: Berkas tidak terbaca atau buram",
        "KTP: tidak diunggah",
        "Transkrip nilai: Dokumen tidak lengkap",
        "Persyaratan formasi tidak terpenuhi",
    ]
