import logging

import pytest

from simerit.core.logging import MARK, SecretPathFilter, redact


def test_a_check_in_code_and_a_registration_code_are_redacted() -> None:
    assert redact("Forbidden (CSRF token missing.): /pelatihan/presensi/abc.DEF-123:xyz/") == (
        f"Forbidden (CSRF token missing.): /pelatihan/presensi/{MARK}/"
    )
    assert redact('"POST /persiapan-seleksi/pendaftaran/K7Q4PXAB12/batal/ HTTP/1.1" 405') == (
        f'"POST /persiapan-seleksi/pendaftaran/{MARK}/batal/ HTTP/1.1" 405'
    )


def test_other_paths_are_left_alone() -> None:
    text = "Not Found: /pelatihan/kelas/12/ and /persiapan-seleksi/sesi/3/"
    assert redact(text) == text


@pytest.mark.parametrize(
    ("message", "args", "logged"),
    [
        (
            "Method Not Allowed (%s): %s",
            ("PUT", "/pelatihan/presensi/tok3n/"),
            f"Method Not Allowed (PUT): /pelatihan/presensi/{MARK}/",
        ),
        ("Not Found: %s", ("/pegawai/7/",), "Not Found: /pegawai/7/"),
    ],
)
def test_the_filter_rewrites_the_record_before_it_is_formatted(
    message: str, args: tuple[str, ...], logged: str
) -> None:
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, args, None)
    assert SecretPathFilter().filter(record) is True
    assert record.getMessage() == logged
