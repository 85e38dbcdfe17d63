"""Applicant accounts: registration with personal-data consent, and e-mail confirmation.

Domain reference §1.2 (SSCASN account: NIK, KK, name and birth data per KTP, phone, e-mail) and
§4.1 (a NIK whose coded birth date or gender differs from the stated ones is flagged, never
refused).
"""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from simerit.accounts import services as account_services
from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.ratelimit import address_key, count_hit
from simerit.core.roles import Role
from simerit.employees import rules as id_rules
from simerit.organization.models import EducationLevel
from simerit.recruitment.models import Applicant, ConsentRecord

logger = logging.getLogger(__name__)

# --- Personal-data consent (UU 27/2022 PDP Pasal 20–22). A new wording gets a new version, so
# that each ConsentRecord names exactly the text the applicant agreed to.

CONSENT_VERSION = "2026.1"
CONSENT_PARAGRAPHS = (
    "Persetujuan pemrosesan data pribadi pelamar (versi 2026.1)",
    "1. Data yang diproses: NIK, nomor Kartu Keluarga, nama, tempat dan tanggal lahir, jenis "
    "kelamin, nomor HP, alamat e-mail, pendidikan, IPK, keterangan disabilitas, serta dokumen yang "
    "Anda unggah (antara lain KTP, Kartu Keluarga, ijazah, transkrip, pas foto dan swafoto).",
    "2. Tujuan: menyelenggarakan seleksi calon ASN di lingkungan Pemerintah Kota Palembang, yaitu "
    "pendaftaran, pemeriksaan syarat dan dokumen, pengumuman hasil, sanggah, dan pemeriksaan atau "
    "audit atas seleksi. Data tidak dipakai untuk tujuan lain dan tidak dijual.",
    "3. Akses: data hanya dibuka untuk petugas BKPSDM, verifikator yang ditugaskan memeriksa "
    "lamaran Anda, dan auditor. NIK dan nomor KK selalu ditampilkan tersamar. Pengumuman publik "
    "hanya memuat nomor pendaftaran dan nama tersamar.",
    "4. Masa simpan: data dan dokumen lamaran disimpan selama seleksi berlangsung dan paling lama "
    "sesuai jadwal retensi arsip kepegawaian yang berlaku; sesudah itu dimusnahkan atau "
    "dianonimkan.",
    "5. Hak Anda (UU 27/2022 Bab IV): mendapat informasi tentang pemrosesan, mengakses dan "
    "memperoleh salinan data, memperbaiki data yang keliru, meminta penghapusan, dan menarik "
    "persetujuan. Penarikan persetujuan selama seleksi berlangsung berarti lamaran tidak dapat "
    "diproses. Hubungi petugas pelindungan data pribadi BKPSDM Kota Palembang untuk menggunakan "
    "hak ini.",
    "6. Pernyataan: data yang saya isi benar dan sesuai KTP serta Kartu Keluarga. Data identitas "
    "tidak dapat diubah setelah pendaftaran.",
)
CONSENT_TEXT = "\n".join(CONSENT_PARAGRAPHS)
CONSENT_SHA256 = hashlib.sha256(CONSENT_TEXT.encode("utf-8")).hexdigest()

# --- E-mail confirmation by a signed, expiring link (no token table).

EMAIL_SIGNING_SALT = "simerit.recruitment.applicant-email"
EMAIL_FINGERPRINT_SALT = "simerit.recruitment.applicant-email-fingerprint"
EMAIL_LINK_MAX_AGE = dt.timedelta(days=3)

# --- Registration rate limit per client address, to stop bulk sign-ups.

RATE_LIMIT_WINDOW_SECONDS = 60 * 60
DEFAULT_REGISTRATIONS_PER_HOUR = 20

MIN_AGE_AT_REGISTRATION = 15
GENDERS = {"L": "laki-laki", "P": "perempuan"}
HIGHER_EDUCATION_CODES = frozenset({"D1", "D2", "D3", "D4", "S1", "S2", "S3"})


@dataclass
class RegistrationInput:
    nik: str
    kk_number: str
    name: str
    birth_place: str
    birth_date: dt.date
    gender: str
    phone: str
    email: str
    password: str
    consent_given: bool
    education_level: EducationLevel | None = None
    education_major: str = ""
    gpa: Decimal | None = None
    is_disabled: bool = False


def validate_kk_number(value: str) -> str:
    """A KK number: 16 digits, a real region code in digits 1–6 (as in a NIK), serial not 0000."""
    value = value.strip().replace(" ", "")
    if not value:
        raise id_rules.IdentifierError("Nomor KK wajib diisi.")
    if not value.isdigit():
        raise id_rules.IdentifierError("Nomor KK hanya boleh berisi angka.")
    if len(value) != 16:
        raise id_rules.IdentifierError(f"Nomor KK harus 16 digit; yang diisi {len(value)} digit.")
    if value[:2] not in id_rules.PROVINCE_CODES:
        raise id_rules.IdentifierError(
            f"Kode provinsi nomor KK '{value[:2]}' (digit 1–2) tidak dikenal."
        )
    if value[2:4] == "00" or value[4:6] == "00":
        raise id_rules.IdentifierError(
            "Kode kabupaten/kota dan kecamatan nomor KK (digit 3–6) tidak boleh 00."
        )
    if value[12:] == "0000":
        raise id_rules.IdentifierError("Nomor urut KK (digit 13–16) tidak boleh 0000.")
    return value


def identity_mismatches(*, nik: id_rules.NikInfo, birth_date: dt.date, gender: str) -> list[str]:
    """Where the stated birth date or gender differs from the NIK's code (§4.1), in Indonesian."""
    problems = []
    if not nik.matches_birth_date(birth_date):
        problems.append(
            "Tanggal lahir yang diisi berbeda dengan tanggal lahir pada NIK (digit 7–12)."
        )
    if gender in GENDERS and nik.gender != gender:
        problems.append(
            f"Jenis kelamin yang diisi ({GENDERS[gender]}) berbeda dengan kode pada NIK "
            f"({GENDERS[nik.gender]})."
        )
    return problems


def _validate(data: RegistrationInput, *, today: dt.date) -> tuple[dict[str, list[str]], list[str]]:
    """Field errors, and the identity mismatches that only flag the account for review."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    data.nik = data.nik.strip().replace(" ", "")
    data.name = " ".join(data.name.split())
    data.birth_place = data.birth_place.strip()
    data.email = data.email.strip().lower()
    data.phone = data.phone.strip().replace(" ", "").replace("-", "")
    data.education_major = data.education_major.strip()
    nik_info = None
    try:
        nik_info = id_rules.validate_nik(data.nik)
    except id_rules.IdentifierError as error:
        add("nik", str(error))
    try:
        data.kk_number = validate_kk_number(data.kk_number)
    except id_rules.IdentifierError as error:
        add("kk_number", str(error))
    if not data.name:
        add("name", "Nama sesuai KTP wajib diisi.")
    if not data.birth_place:
        add("birth_place", "Tempat lahir wajib diisi.")
    if data.birth_date >= today:
        add("birth_date", "Tanggal lahir harus sebelum hari ini.")
    elif data.birth_date.year < 1900:
        add("birth_date", "Tahun lahir tidak masuk akal.")
    elif today.year - data.birth_date.year < MIN_AGE_AT_REGISTRATION:
        add("birth_date", f"Pelamar paling muda berusia {MIN_AGE_AT_REGISTRATION} tahun.")
    if data.gender not in GENDERS:
        add("gender", "Jenis kelamin harus L (laki-laki) atau P (perempuan).")
    digits = data.phone.removeprefix("+")
    if not (digits.isdigit() and 9 <= len(digits) <= 15):
        add("phone", "Nomor HP harus 9–15 digit angka, mis. 081234567890.")
    try:
        validate_email(data.email)
    except ValidationError:
        add("email", "Alamat e-mail tidak valid.")
    if len(data.email) > 150:
        add("email", "Alamat e-mail paling banyak 150 karakter.")
    if data.gpa is not None and data.education_level is not None:
        top = Decimal("4.00") if data.education_level.code in HIGHER_EDUCATION_CODES else None
        if data.gpa <= 0 or (top is not None and data.gpa > top):
            add("gpa", "IPK harus lebih dari 0 dan paling tinggi 4,00.")
        elif data.gpa >= 100:
            add("gpa", "Nilai rata-rata ijazah harus kurang dari 100.")
    elif data.gpa is not None:
        add("gpa", "Isi jenjang pendidikan terakhir bila mengisi IPK.")
    if data.education_major and data.education_level is None:
        add("education_level", "Isi jenjang pendidikan terakhir bila mengisi program studi.")
    if not data.consent_given:
        add("consent", "Anda harus menyetujui pemrosesan data pribadi untuk mendaftar.")
    try:
        probe = User(username=data.email, full_name=data.name, email=data.email)
        password_validation.validate_password(data.password, user=probe)
    except ValidationError as error:
        errors.setdefault("password", []).extend(error.messages)
    mismatches = []
    if nik_info is not None and "birth_date" not in errors:
        mismatches = identity_mismatches(
            nik=nik_info, birth_date=data.birth_date, gender=data.gender
        )
    return errors, mismatches


DUPLICATE_NIK = (
    "NIK ini sudah terdaftar. Satu NIK hanya boleh memiliki satu akun; bila ini NIK Anda, masuk "
    "dengan akun yang sudah ada atau gunakan menu Lupa kata sandi."
)
DUPLICATE_EMAIL = "Alamat e-mail ini sudah dipakai akun lain. Gunakan alamat e-mail yang lain."
# The e-mail is the applicant's user name: one already taken as a user name by another kind of
# account cannot be used, and the message does not say what kind of account holds it.
EMAIL_NOT_USABLE = (
    "Alamat e-mail ini tidak dapat dipakai sebagai nama pengguna akun pelamar. Gunakan alamat "
    "e-mail yang lain."
)


def _check_unique(data: RegistrationInput) -> None:
    """409 on the first collision; the message never says whose account holds the NIK or e-mail.

    The e-mail must be unique among applicants only: a staff member may apply with the address
    of their staff account. It must still be free as a user name.
    """
    if Applicant.objects.filter(nik=data.nik).exists():
        raise ConflictError(DUPLICATE_NIK, field="nik")
    same_email = Q(username__iexact=data.email) | Q(email__iexact=data.email)
    email_taken = (
        Applicant.objects.filter(email__iexact=data.email).exists()
        or User.objects.filter(same_email, groups__name=Role.PELAMAR.value).exists()
    )
    if email_taken:
        raise ConflictError(DUPLICATE_EMAIL, field="email")
    if User.objects.filter(username__iexact=data.email).exists():
        raise ConflictError(EMAIL_NOT_USABLE, field="email")


@transaction.atomic
def register_applicant(*, data: RegistrationInput) -> Applicant:
    """Create the PELAMAR account, the applicant and the consent record; e-mail the link.

    Self-registration: the new account is the actor of its own audit rows.
    """
    errors, mismatches = _validate(data, today=timezone.localdate())
    if errors:
        raise InvalidInputError(errors)
    _check_unique(data)
    try:
        with transaction.atomic():
            user = account_services.create_user(
                username=data.email,
                full_name=data.name,
                password=data.password,
                roles=[Role.PELAMAR],
                actor=None,
                email=data.email,
            )
    except (IntegrityError, ConflictError):
        # A registration with the same e-mail won the race for the unique user name.
        raise ConflictError(DUPLICATE_EMAIL, field="email") from None
    now = timezone.now()
    try:
        with transaction.atomic():
            applicant = Applicant.objects.create(
                user=user,
                nik=data.nik,
                kk_number=data.kk_number,
                name=data.name,
                birth_place=data.birth_place,
                birth_date=data.birth_date,
                gender=data.gender,
                phone=data.phone,
                email=data.email,
                needs_identity_review=bool(mismatches),
                identity_review_note=" ".join(mismatches)[:300],
                education_level=data.education_level,
                education_major=data.education_major,
                gpa=data.gpa,
                is_disabled=data.is_disabled,
            )
    except IntegrityError:
        # Two registrations with the same NIK at the same moment: the unique index decides.
        raise ConflictError(DUPLICATE_NIK, field="nik") from None
    ConsentRecord.objects.create(
        applicant=applicant,
        text_version=CONSENT_VERSION,
        text_sha256=CONSENT_SHA256,
        accepted_at=now,
    )
    audit.record(
        actor=user,
        action="recruitment.applicant.registered",
        target=applicant,
        changes={
            "nik": applicant.nik,
            "kk_number": applicant.kk_number,
            "name": applicant.name,
            "email": applicant.email,
            "needs_identity_review": applicant.needs_identity_review,
            "consent_version": CONSENT_VERSION,
            "consent_sha256": CONSENT_SHA256,
        },
    )
    send_confirmation_email(applicant=applicant)
    return applicant


# --- E-mail confirmation


def _email_fingerprint(email: str) -> str:
    """Binds a link to the address it was sent to, without putting the address in the link.

    A keyed HMAC (SECRET_KEY, own salt), so the link does not let anyone test guessed addresses
    against it; links issued with the earlier plain SHA-256 no longer validate.
    """
    return salted_hmac(EMAIL_FINGERPRINT_SALT, email.lower(), algorithm="sha256").hexdigest()[:32]


def make_email_token(applicant: Applicant) -> str:
    signer = signing.TimestampSigner(salt=EMAIL_SIGNING_SALT)
    return signer.sign_object({"a": applicant.pk, "e": _email_fingerprint(applicant.email)})


def confirmation_url(applicant: Applicant) -> str:
    path = reverse("recruitment:applicant-confirm-email", args=[make_email_token(applicant)])
    return f"{settings.SIMERIT_PUBLIC_URL}{path}"


def send_confirmation_email(*, applicant: Applicant) -> None:
    """Send the confirmation link once the caller's transaction commits."""
    if applicant.email_confirmed_at is not None:
        raise DomainError("Alamat e-mail Anda sudah dikonfirmasi.")
    url = confirmation_url(applicant)
    hours = int(EMAIL_LINK_MAX_AGE.total_seconds() // 3600)
    message = (
        f"Yth. {applicant.name},\n\n"
        "Terima kasih telah mendaftar sebagai pelamar di SiMerit. Buka tautan berikut untuk "
        f"mengonfirmasi alamat e-mail Anda (berlaku {hours} jam):\n\n{url}\n\n"
        "Lamaran hanya dapat diajukan setelah e-mail dikonfirmasi. Abaikan pesan ini bila Anda "
        f"tidak merasa mendaftar.\n\nSiMerit — {settings.INSTANSI_NAME}"
    )
    recipient = applicant.email
    applicant_id = applicant.pk

    def send() -> None:
        try:
            send_mail(
                subject="[SiMerit] Konfirmasi alamat e-mail pendaftaran",
                message=message,
                from_email=None,
                recipient_list=[recipient],
            )
        except Exception:
            # The account exists either way; the applicant can ask for the link again.
            logger.exception("Confirmation e-mail for applicant %s could not be sent", applicant_id)

    transaction.on_commit(send)


INVALID_LINK = (
    "Tautan konfirmasi tidak valid atau sudah kedaluwarsa. Masuk ke akun Anda lalu minta tautan "
    "baru."
)


def applicant_for_token(token: str) -> Applicant:
    """The applicant a confirmation link belongs to, or InvalidInputError (bad or expired link)."""
    signer = signing.TimestampSigner(salt=EMAIL_SIGNING_SALT)
    try:
        payload = signer.unsign_object(token, max_age=EMAIL_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        raise InvalidInputError({"token": [INVALID_LINK]}) from None
    applicant = Applicant.objects.select_related("user").filter(pk=payload.get("a")).first()
    if applicant is None or payload.get("e") != _email_fingerprint(applicant.email):
        raise InvalidInputError({"token": [INVALID_LINK]})
    return applicant


@transaction.atomic
def confirm_email(*, token: str) -> Applicant:
    """Mark the e-mail confirmed; a second click on the same link changes nothing."""
    applicant = applicant_for_token(token)
    applicant = Applicant.objects.select_for_update().select_related("user").get(pk=applicant.pk)
    if applicant.email_confirmed_at is not None:
        return applicant
    applicant.email_confirmed_at = timezone.now()
    applicant.save(update_fields=["email_confirmed_at", "updated_at"])
    audit.record(
        actor=applicant.user,
        action="recruitment.applicant.email_confirmed",
        target=applicant,
        changes={"email": applicant.email},
    )
    return applicant


# --- Accounts never confirmed


DEFAULT_UNCONFIRMED_DAYS = 3


def unconfirmed_days() -> int:
    """SIMERIT_UNCONFIRMED_APPLICANT_DAYS: days a registration may wait for its e-mail check."""
    return int(getattr(settings, "SIMERIT_UNCONFIRMED_APPLICANT_DAYS", DEFAULT_UNCONFIRMED_DAYS))


def expirable_applicants(*, now: dt.datetime, days: int) -> QuerySet[Applicant]:
    """Registered more than `days` days before `now`, e-mail never confirmed, no application."""
    return Applicant.objects.filter(
        email_confirmed_at__isnull=True,
        created_at__lt=now - dt.timedelta(days=days),
        applications__isnull=True,
    )


@transaction.atomic
def expire_unconfirmed_applicant(*, applicant: Applicant, now: dt.datetime, days: int) -> bool:
    """Delete one never-confirmed registration, releasing its NIK and e-mail; False when it no
    longer qualifies (confirmed or applied meanwhile).

    The Applicant row and its consent record are deleted. The account itself stays, because the
    audit chain names it as the actor of its registration, but it is deactivated, loses its
    roles, password, name and e-mail, and its user name no longer holds the address.
    """
    # Locked by its own row (a lock cannot cover the outer join of "no application").
    locked = (
        Applicant.objects.select_for_update().select_related("user").filter(pk=applicant.pk).first()
    )
    if locked is None or not expirable_applicants(now=now, days=days).filter(pk=locked.pk).exists():
        return False
    user = locked.user
    audit.record(
        actor=None,
        action="recruitment.applicant.expired",
        target=locked,
        changes={
            "user": user.pk,
            "registered_at": timezone.localtime(locked.created_at).isoformat(),
            "days_without_confirmation": days,
        },
    )
    ConsentRecord.objects.filter(applicant=locked).delete()
    locked.delete()
    user.username = f"{EXPIRED_USERNAME_PREFIX}{user.pk}"
    user.email = ""
    user.full_name = EXPIRED_FULL_NAME
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["username", "email", "full_name", "is_active", "password"])
    user.groups.clear()
    return True


EXPIRED_USERNAME_PREFIX = "pelamar-kedaluwarsa-"
EXPIRED_FULL_NAME = "Pelamar kedaluwarsa"


def expire_unconfirmed_applicants(
    *, now: dt.datetime | None = None, days: int | None = None
) -> int:
    """Every registration waiting longer than `days` (the setting by default) for its e-mail
    check: expired one by one, each in its own transaction with its audit row. Idempotent."""
    now = now or timezone.now()
    days = unconfirmed_days() if days is None else days
    expired = 0
    for applicant in list(expirable_applicants(now=now, days=days).order_by("pk")):
        expired += expire_unconfirmed_applicant(applicant=applicant, now=now, days=days)
    return expired


# --- Rate limit


def registrations_per_hour() -> int:
    """SIMERIT_REGISTRATIONS_PER_HOUR; 0 switches the limit off (load tests)."""
    return int(getattr(settings, "SIMERIT_REGISTRATIONS_PER_HOUR", DEFAULT_REGISTRATIONS_PER_HOUR))


def _rate_key(client_address: str) -> str:
    return address_key("recruitment:registrations", client_address)


def check_registration_rate(*, client_address: str) -> None:
    """Refuse a registration attempt when this address made too many in the last hour.

    Counted per attempt (not per success), so that NIK probing is slowed down as well. The count
    lives in the cache: modest protection, per cache, without a table.
    """
    limit = registrations_per_hour()
    if limit <= 0:
        return
    if count_hit(_rate_key(client_address), window_seconds=RATE_LIMIT_WINDOW_SECONDS) > limit:
        raise RegistrationRateLimitError(
            "Terlalu banyak percobaan pendaftaran dari jaringan Anda. Coba lagi dalam satu jam."
        )


class RegistrationRateLimitError(DomainError):
    """Too many registration attempts from one address (answered as 429)."""
