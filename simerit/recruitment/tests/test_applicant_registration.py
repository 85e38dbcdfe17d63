"""Registration service: one account per NIK, identity flags, consent, e-mail confirmation."""

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail, signing
from django.db import IntegrityError
from django.utils.crypto import salted_hmac

from simerit.accounts import services as account_services
from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.employees.rules import IdentifierError
from simerit.organization.models import EducationLevel
from simerit.recruitment.models import Applicant, ConsentRecord
from simerit.recruitment.services import applicants as services
from simerit.recruitment.tests.factories import ApplicantFactory, make_applicant_nik
from simerit.recruitment.tests.samples import fresh_cache_fixture  # noqa: F401 (fixture)

BIRTH = dt.date(1998, 4, 12)
NIK = make_applicant_nik(birth_date=BIRTH, gender="P", serial=41)  # 1671075204980042


def registration(**overrides):
    values: dict[str, Any] = {
        "nik": NIK,
        "kk_number": "1671071203150007",
        "name": "Siti  Aminah ",
        "birth_place": "Palembang",
        "birth_date": BIRTH,
        "gender": "P",
        "phone": "0812-3456-7890",
        "email": "Siti.Aminah@contoh.id",
        "password": "kopi-susu-pagi-42",
        "consent_given": True,
        "education_level": EducationLevel.objects.get(code="S1"),
        "education_major": "Keperawatan",
        "gpa": Decimal("3.45"),
    }
    values.update(overrides)
    return services.RegistrationInput(**values)


def counts():
    return (
        User.objects.count(),
        Applicant.objects.count(),
        ConsentRecord.objects.count(),
        AuditEvent.objects.count(),
    )


def test_register_creates_account_applicant_consent_and_audit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        applicant = services.register_applicant(data=registration())

    user = applicant.user
    assert (user.username, user.email, user.full_name) == (
        "siti.aminah@contoh.id",
        "siti.aminah@contoh.id",
        "Siti Aminah",
    )
    assert user.roles == frozenset({Role.PELAMAR})
    assert user.check_password("kopi-susu-pagi-42") is True
    assert (applicant.nik, applicant.name, applicant.phone) == (NIK, "Siti Aminah", "081234567890")
    assert (applicant.needs_identity_review, applicant.identity_review_note) == (False, "")
    assert applicant.email_confirmed_at is None
    consent = ConsentRecord.objects.get(applicant=applicant)
    assert (consent.text_version, consent.text_sha256) == ("2026.1", services.CONSENT_SHA256)
    event = AuditEvent.objects.get(action="recruitment.applicant.registered")
    assert event.actor == user
    assert event.changes["nik"] == "[disamarkan]"
    assert event.changes["kk_number"] == "[disamarkan]"
    assert event.changes["consent_version"] == "2026.1"
    assert NIK not in str(AuditEvent.objects.values_list("changes", flat=True))
    assert [m.to for m in mail.outbox] == [["siti.aminah@contoh.id"]]
    assert "/seleksi/daftar/konfirmasi/" in mail.outbox[0].body


def test_consent_text_names_data_purpose_retention_and_rights():
    text = services.CONSENT_TEXT
    for words in ("Data yang diproses", "Tujuan", "Masa simpan", "Hak Anda", "UU 27/2022"):
        assert words in text


def test_birth_date_different_from_nik_is_flagged_not_refused(db):
    applicant = services.register_applicant(data=registration(birth_date=dt.date(1998, 4, 13)))

    assert applicant.needs_identity_review is True
    assert applicant.identity_review_note == (
        "Tanggal lahir yang diisi berbeda dengan tanggal lahir pada NIK (digit 7–12)."
    )


def test_gender_different_from_nik_is_flagged(db):
    applicant = services.register_applicant(data=registration(gender="L"))

    assert applicant.needs_identity_review is True
    assert applicant.identity_review_note == (
        "Jenis kelamin yang diisi (laki-laki) berbeda dengan kode pada NIK (perempuan)."
    )


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("12345", "NIK harus 16 digit; yang diisi 5 digit."),
        ("16710752049800AB", "NIK hanya boleh berisi angka."),
        ("9971075204980042", "Kode provinsi NIK '99' (digit 1–2) tidak dikenal."),
        ("1671075213980042", "Bulan lahir pada NIK '13' (digit 9–10) tidak valid."),
    ],
)
def test_invalid_nik_is_refused_and_nothing_changes(db, nik, message):
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        services.register_applicant(data=registration(nik=nik))

    assert error.value.errors == {"nik": [message]}
    assert counts() == before
    assert mail.outbox == []


def test_duplicate_nik_is_a_conflict_that_does_not_say_whose(db):
    other = ApplicantFactory.create(nik=NIK, name="Pemilik Lama")
    before = counts()

    with pytest.raises(ConflictError) as error:
        services.register_applicant(data=registration())

    assert error.value.field == "nik"
    assert error.value.message == services.DUPLICATE_NIK
    assert other.name not in error.value.message
    assert other.email not in error.value.message
    assert counts() == before


def test_duplicate_email_is_a_conflict(db):
    ApplicantFactory.create(user__username="lama", user__email="siti.aminah@contoh.id")
    before = counts()

    with pytest.raises(ConflictError) as error:
        services.register_applicant(data=registration())

    assert (error.value.field, error.value.message) == ("email", services.DUPLICATE_EMAIL)
    assert counts() == before


def test_the_email_of_an_applicant_account_without_applicant_row_is_taken(db):
    UserFactory.create(username="pelamar.lama", email="siti.aminah@contoh.id", roles=[Role.PELAMAR])
    before = counts()

    with pytest.raises(ConflictError) as error:
        services.register_applicant(data=registration())

    assert (error.value.field, error.value.message) == ("email", services.DUPLICATE_EMAIL)
    assert counts() == before


def test_a_staff_members_email_may_be_used_to_apply(db):
    staff = UserFactory.create(
        username="budi.pegawai", email="siti.aminah@contoh.id", roles=[Role.PEGAWAI]
    )

    applicant = services.register_applicant(data=registration())

    assert applicant.user.username == "siti.aminah@contoh.id"
    assert applicant.user != staff


def test_an_email_taken_as_a_staff_user_name_is_refused_without_saying_why(db):
    UserFactory.create(username="siti.aminah@contoh.id", email="", roles=[Role.VERIFIKATOR])
    before = counts()

    with pytest.raises(ConflictError) as error:
        services.register_applicant(data=registration())

    assert (error.value.field, error.value.message) == (
        "email",
        "Alamat e-mail ini tidak dapat dipakai sebagai nama pengguna akun pelamar. Gunakan "
        "alamat e-mail yang lain.",
    )
    assert "verifikator" not in error.value.message.lower()
    assert "pegawai" not in error.value.message.lower()
    assert counts() == before


@pytest.mark.parametrize(
    "failure",
    [IntegrityError("UNIQUE constraint failed: accounts_user.username"), None],
    ids=["database", "service"],
)
def test_a_race_for_the_same_email_is_the_duplicate_email_conflict(db, monkeypatch, failure):
    def racing(**kwargs):
        if failure is not None:
            raise failure
        raise ConflictError(f"Nama pengguna '{kwargs['username']}' sudah dipakai.")

    monkeypatch.setattr(account_services, "create_user", racing)
    before = counts()

    with pytest.raises(ConflictError) as error:
        services.register_applicant(data=registration())

    assert (error.value.field, error.value.message) == ("email", services.DUPLICATE_EMAIL)
    assert counts() == before


def test_every_field_problem_is_reported_at_once(db):
    before = counts()
    data = registration(
        kk_number="0071071203150007",
        name=" ",
        phone="12",
        email="bukan-email",
        password="123",
        consent_given=False,
        birth_date=dt.date(2090, 1, 1),
    )

    with pytest.raises(InvalidInputError) as error:
        services.register_applicant(data=data)

    errors = error.value.errors
    assert errors["kk_number"] == ["Kode provinsi nomor KK '00' (digit 1–2) tidak dikenal."]
    assert errors["name"] == ["Nama sesuai KTP wajib diisi."]
    assert errors["phone"] == ["Nomor HP harus 9–15 digit angka, mis. 081234567890."]
    assert errors["email"] == ["Alamat e-mail tidak valid."]
    assert errors["consent"] == ["Anda harus menyetujui pemrosesan data pribadi untuk mendaftar."]
    assert errors["birth_date"] == ["Tanggal lahir harus sebelum hari ini."]
    assert errors["password"] == [
        "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter.",
        "Kata sandi ini terlalu umum.",
        "Kata sandi ini seluruhnya terdiri dari angka.",
    ]
    assert counts() == before


def test_gpa_above_four_is_refused_for_a_degree(db):
    with pytest.raises(InvalidInputError) as error:
        services.register_applicant(data=registration(gpa=Decimal("4.50")))
    assert error.value.errors == {"gpa": ["IPK harus lebih dari 0 dan paling tinggi 4,00."]}


def test_confirm_email_with_the_link_token(db):
    applicant = services.register_applicant(data=registration())
    token = services.make_email_token(applicant)

    confirmed = services.confirm_email(token=token)

    assert confirmed.email_confirmed_at is not None
    event = AuditEvent.objects.get(action="recruitment.applicant.email_confirmed")
    assert event.actor == applicant.user
    # A second click changes nothing.
    services.confirm_email(token=token)
    assert AuditEvent.objects.filter(action="recruitment.applicant.email_confirmed").count() == 1


def test_expired_or_tampered_link_is_refused(db, monkeypatch):
    applicant = services.register_applicant(data=registration())
    token = services.make_email_token(applicant)
    before = counts()

    with pytest.raises(InvalidInputError) as tampered:
        services.confirm_email(token=token[:-2] + "xx")
    monkeypatch.setattr(services, "EMAIL_LINK_MAX_AGE", dt.timedelta(seconds=-1))
    with pytest.raises(InvalidInputError) as expired:
        services.confirm_email(token=token)

    assert tampered.value.errors == {"token": [services.INVALID_LINK]}
    assert expired.value.errors == {"token": [services.INVALID_LINK]}
    applicant.refresh_from_db()
    assert applicant.email_confirmed_at is None
    assert counts() == before


def test_the_link_binds_the_address_with_a_keyed_hmac_not_a_plain_hash(db):
    applicant = services.register_applicant(data=registration())
    payload = signing.TimestampSigner(salt=services.EMAIL_SIGNING_SALT).unsign_object(
        services.make_email_token(applicant)
    )
    plain = hashlib.sha256(applicant.email.encode("utf-8")).hexdigest()
    keyed = salted_hmac(
        services.EMAIL_FINGERPRINT_SALT, applicant.email, algorithm="sha256"
    ).hexdigest()
    assert payload == {"a": applicant.pk, "e": keyed[:32]}
    assert not plain.startswith(payload["e"][:16])


def test_a_link_issued_with_the_plain_hash_is_refused(db):
    applicant = services.register_applicant(data=registration())
    plain = hashlib.sha256(applicant.email.encode("utf-8")).hexdigest()[:16]
    old_token = signing.TimestampSigner(salt=services.EMAIL_SIGNING_SALT).sign_object(
        {"a": applicant.pk, "e": plain}
    )
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        services.confirm_email(token=old_token)

    assert error.value.errors == {"token": [services.INVALID_LINK]}
    assert counts() == before


def test_kk_number_rules():
    assert services.validate_kk_number("1671 0712 0315 0007") == "1671071203150007"
    for value, message in [
        ("", "Nomor KK wajib diisi."),
        ("167107120315000", "Nomor KK harus 16 digit; yang diisi 15 digit."),
        (
            "1600071203150007",
            "Kode kabupaten/kota dan kecamatan nomor KK (digit 3–6) tidak boleh 00.",
        ),
        ("1671071203150000", "Nomor urut KK (digit 13–16) tidak boleh 0000."),
    ]:
        with pytest.raises(IdentifierError) as error:
            services.validate_kk_number(value)
        assert str(error.value) == message


def test_registration_rate_limit_per_address(settings, fresh_cache):
    settings.SIMERIT_REGISTRATIONS_PER_HOUR = 2
    services.check_registration_rate(client_address="10.1.1.1")
    services.check_registration_rate(client_address="10.1.1.1")

    with pytest.raises(services.RegistrationRateLimitError) as error:
        services.check_registration_rate(client_address="10.1.1.1")

    assert error.value.message == (
        "Terlalu banyak percobaan pendaftaran dari jaringan Anda. Coba lagi dalam satu jam."
    )
    services.check_registration_rate(client_address="10.1.1.2")  # another address is not limited


def test_rate_limit_zero_switches_it_off(settings, fresh_cache):
    settings.SIMERIT_REGISTRATIONS_PER_HOUR = 0
    for _ in range(50):
        services.check_registration_rate(client_address="10.1.1.1")
