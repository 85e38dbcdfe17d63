"""Recruitment data for `job-board` and `apply-flow`, and the requests that walk the public board.

One published CPNS period whose registration is open now, `formasi` published formasi spread over
the bench units, and `applications` applicants with one application each (90 % submitted, the rest
drafts), more of them on some formasi than on others.

The period, its schedule and its publication go through the services, as Admin BKPSDM would do
them (audited). Positions go through organization.services. The formasi, accounts, applicants and
applications are bulk-inserted for speed (load-test setup, not domain data); each formasi is
checked with recruitment.services.formasi.validate_formasi_input and each NIK and KK with the
registration's validators, so the rows are ones the services would have accepted.

The pure parts (the layout of the formasi, identity numbers, the board's request paths) need no
database and are unit-tested in bench/tests.
"""

import datetime as dt
import functools
import json
import math
import random
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from bench.flow import Applicant as FlowApplicant

if TYPE_CHECKING:
    from django.db.models import Model

    from simerit.accounts.models import User
    from simerit.organization.models import WorkUnit
    from simerit.recruitment.models import Formasi, SelectionPeriod

# Seeded: every run builds the same board (the same search terms find the same formasi).
SEED = 20260801
# The public board's page size (simerit/recruitment/views/board.py PER_PAGE).
BOARD_PER_PAGE = 20
BOARD_PATH = "/seleksi/formasi/"
API_PATH = "/api/v1/recruitment/formasi/"
# The API's default page size (simerit/core/api.py DEFAULT_PAGE_SIZE).
API_PER_PAGE = 50
# What visitors type into the board's search box; each word must match code, position or unit.
SEARCH_TERMS = ("perawat", "guru", "pranata komputer")
DRAFT_SHARE_PERCENT = 10
BATCH = 2000
# Kecamatan codes (digits 5–6 of NIK and KK, Kota Palembang 01–18): the bulk applicants use
# 01–09, the apply-flow's applicants 10–18, so that the two never share a NIK.
BULK_DISTRICT = 1
FLOW_DISTRICT = 10
BIRTH_DAYS = 3000
SERIALS = 9999


@dataclass(frozen=True)
class Opening:
    """A kind of formasi the bench period offers: the position and the education it asks for."""

    position: str
    functional_level: str  # "" for a pelaksana position
    education: str  # EducationLevel code
    majors: tuple[str, ...]  # empty: any major


OPENINGS = (
    Opening("Perawat Ahli Pertama", "ahli_pertama", "S1", ("Keperawatan",)),
    Opening("Bidan Terampil", "terampil", "D3", ("Kebidanan",)),
    Opening("Dokter Ahli Pertama", "ahli_pertama", "S1", ("Pendidikan Dokter",)),
    Opening("Apoteker Ahli Pertama", "ahli_pertama", "S1", ("Farmasi",)),
    Opening("Guru Ahli Pertama", "ahli_pertama", "S1", ("Pendidikan Matematika",)),
    Opening(
        "Analis SDM Aparatur Ahli Pertama",
        "ahli_pertama",
        "S1",
        ("Psikologi", "Manajemen", "Administrasi Publik"),
    ),
    Opening(
        "Pranata Komputer Ahli Pertama",
        "ahli_pertama",
        "S1",
        ("Teknik Informatika", "Sistem Informasi"),
    ),
    Opening("Arsiparis Terampil", "terampil", "D3", ("Kearsipan",)),
    Opening("Penyuluh Pertanian Ahli Pertama", "ahli_pertama", "S1", ("Agroteknologi",)),
    Opening("Teknik Jalan dan Jembatan Ahli Pertama", "ahli_pertama", "S1", ("Teknik Sipil",)),
    Opening("Penata Layanan Operasional", "", "S1", ()),
    Opening("Pengadministrasi Perkantoran", "", "SMA", ()),
)

FIRST_NAMES = ("Siti", "Ahmad", "Dewi", "Rizki", "Putri", "Muhammad", "Nur", "Andi", "Sri", "Fajar")
LAST_NAMES = ("Aminah", "Fauzi", "Lestari", "Pratama", "Sari", "Hidayat", "Wulandari", "Saputra")


# --- The pure layout


@dataclass(frozen=True)
class FormasiPlan:
    index: int
    code: str
    unit_index: int
    opening: Opening


def formasi_plan(*, count: int, unit_codes: Sequence[str], year: int) -> list[FormasiPlan]:
    """Formasi `index` is in unit index % units, for opening (index // units) % openings."""
    units = len(unit_codes)
    return [
        FormasiPlan(
            index=index,
            code=f"{year}-{unit_codes[index % units].removeprefix('B-')}-{index + 1:04d}",
            unit_index=index % units,
            opening=OPENINGS[(index // units) % len(OPENINGS)],
        )
        for index in range(count)
    ]


def matches(term: str, *, code: str, position: str, unit: str) -> bool:
    """The board's search: every word in the code, the position name or the unit name."""
    texts = (code.casefold(), position.casefold(), unit.casefold())
    return all(any(word in text for text in texts) for word in term.casefold().split())


def search_counts(
    plans: Sequence[FormasiPlan], *, unit_names: Sequence[str], terms: Sequence[str]
) -> dict[str, int]:
    """How many formasi each search term finds on the board."""
    return {
        term: sum(
            1
            for plan in plans
            if matches(
                term,
                code=plan.code,
                position=plan.opening.position,
                unit=unit_names[plan.unit_index],
            )
        )
        for term in terms
    }


def pages(count: int, per_page: int) -> int:
    return max(1, math.ceil(count / per_page))


def board_paths(*, formasi: int, searches: dict[str, int]) -> list[str]:
    """job-board's requests: every page of the board, alternating with every page of a search.

    Half the requests list the whole board page by page, half are a visitor's search (each term's
    pages in turn); all are anonymous GETs of the HTML board, as a visitor's browser makes them.
    """
    return _walk(BOARD_PATH, "q", BOARD_PER_PAGE, formasi=formasi, searches=searches)


def api_paths(*, formasi: int, searches: dict[str, int]) -> list[str]:
    """job-board-api's requests: the same walk through the board's JSON API (50 a page)."""
    return _walk(API_PATH, "search", API_PER_PAGE, formasi=formasi, searches=searches)


def _walk(
    path: str, search: str, per_page: int, *, formasi: int, searches: dict[str, int]
) -> list[str]:
    plain = [f"{path}?{urlencode({'page': n})}" for n in range(1, pages(formasi, per_page) + 1)]
    searched = [
        f"{path}?{urlencode({search: term, 'page': n})}"
        for term, found in searches.items()
        for n in range(1, pages(found, per_page) + 1)
    ]
    if not searched:
        return plain
    return [
        walked
        for k in range(max(len(plain), len(searched)))
        for walked in (plain[k % len(plain)], searched[k % len(searched)])
    ]


@dataclass(frozen=True)
class Identity:
    nik: str
    kk_number: str
    birth_date: dt.date
    gender: str


def identity(index: int, *, district: int, today: dt.date) -> Identity:
    """A valid, unique NIK (and a KK) for person `index` of a kecamatan block.

    Born between 33 and about 25 years before this year (within 18–35 at the period's reference
    date); (birth date, serial) is unique for the first BIRTH_DAYS × SERIALS people of a block.
    """
    block, rest = divmod(index, BIRTH_DAYS * SERIALS)
    birth, month_year = _birth_day(today.year - 33, rest % BIRTH_DAYS)
    gender = "P" if index % 2 else "L"
    serial = rest // BIRTH_DAYS + 1
    day = birth.day + (40 if gender == "P" else 0)
    code = f"1671{district + block:02d}"
    return Identity(
        nik=f"{code}{day:02d}{month_year}{serial:04d}",
        kk_number=f"{code}{(index // SERIALS) % 1_000_000:06d}{index % SERIALS + 1:04d}",
        birth_date=birth,
        gender=gender,
    )


@functools.cache
def _birth_day(first_year: int, offset: int) -> tuple[dt.date, str]:
    birth = dt.date(first_year, 1, 1) + dt.timedelta(days=offset)
    return birth, f"{birth:%m%y}"


def person_name(index: int) -> str:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return f"{first} {last}"


@dataclass(frozen=True)
class Target:
    """A formasi the apply-flow applies to, and the education an applicant needs for it."""

    formasi_id: int
    education: str
    major: str


@dataclass(frozen=True)
class Board:
    """What `prepare` built: enough for the scenarios to walk the board and apply."""

    formasi: int
    applications: int
    searches: dict[str, int]
    targets: tuple[Target, ...]
    setup_s: float


# --- Building it (needs django.setup())


def build(
    *, formasi: int, applications: int, today: dt.date, units: Sequence["WorkUnit"], actor: "User"
) -> Board:
    """The period, `formasi` formasi over `units` and `applications` applications."""
    from django.db import transaction

    started = time.monotonic()
    with transaction.atomic():
        period = _period(today=today, actor=actor)
        plans = formasi_plan(
            count=formasi, unit_codes=[unit.code for unit in units], year=period.year
        )
        rows = _formasi(period=period, plans=plans, units=units, actor=actor)
        _applications(count=applications, formasi=rows, period=period, plans=plans, today=today)
    searches = search_counts(plans, unit_names=[unit.name for unit in units], terms=SEARCH_TERMS)
    targets = tuple(
        Target(
            row.pk, plan.opening.education, plan.opening.majors[0] if plan.opening.majors else ""
        )
        for row, plan in zip(rows, plans, strict=True)
    )
    return Board(
        formasi=formasi,
        applications=applications,
        searches=searches,
        targets=targets,
        setup_s=time.monotonic() - started,
    )


def _period(*, today: dt.date, actor: "User") -> "SelectionPeriod":
    from django.utils import timezone

    from simerit.recruitment.models import SelectionKind, Stage
    from simerit.recruitment.services import periods

    period = periods.create_period(
        data=periods.PeriodInput(
            name=f"Seleksi CASN {today.year} Kota Palembang (bench)",
            kind=SelectionKind.CPNS,
            year=today.year,
            age_reference_date=dt.date(today.year, 8, 1),
        ),
        actor=actor,
    )
    now = timezone.now()
    day = dt.timedelta(days=1)
    plan = [
        (Stage.REGISTRATION, now - 10 * day, now + 10 * day),
        (Stage.VERIFICATION, now + 10 * day, now + 20 * day),
        (Stage.ANNOUNCEMENT, now + 20 * day, now + 21 * day),
        (Stage.SANGGAH_FILING, now + 21 * day, now + 24 * day),
        (Stage.SANGGAH_ANSWER, now + 24 * day, now + 31 * day),
    ]
    periods.set_schedule(
        period=period,
        windows=[periods.WindowInput(stage, opens, closes) for stage, opens, closes in plan],
        actor=actor,
    )
    return periods.publish_period(period=period, actor=actor)


def _formasi(
    *,
    period: "SelectionPeriod",
    plans: Sequence[FormasiPlan],
    units: Sequence["WorkUnit"],
    actor: "User",
) -> list["Formasi"]:
    from django.utils import timezone

    from simerit.organization import services as org_services
    from simerit.organization.models import EducationLevel, Position
    from simerit.recruitment.models import (
        DocumentKind,
        Formasi,
        FormasiDocument,
        FormasiEducation,
        Track,
    )
    from simerit.recruitment.services.formasi import (
        DocumentInput,
        EducationInput,
        FormasiInput,
        validate_formasi_input,
    )

    levels = {level.code: level for level in EducationLevel.objects.all()}
    kinds = {kind.code: kind for kind in DocumentKind.objects.filter(code__in=("ktp", "ijazah"))}
    positions = {
        opening.position: org_services.create_position(
            name=opening.position,
            kind=Position.Kind.FUNGSIONAL if opening.functional_level else Position.Kind.PELAKSANA,
            functional_level=opening.functional_level,
            actor=actor,
        )
        for opening in OPENINGS
    }
    now = timezone.now()
    rows: list[Formasi] = []
    inputs: list[FormasiInput] = []
    for plan in plans:
        data = FormasiInput(
            code=plan.code,
            position=positions[plan.opening.position],
            work_unit=units[plan.unit_index],
            quota=1 + plan.index % 5,
            education=[
                EducationInput(level=levels[plan.opening.education], majors=plan.opening.majors)
            ],
            documents=[DocumentInput(kind=kinds["ktp"]), DocumentInput(kind=kinds["ijazah"])],
        )
        errors = validate_formasi_input(data, period=period)
        # The validation filled in the period's defaults.
        if errors or data.min_age is None or data.max_age is None or not data.age_reference_date:
            raise ValueError(f"Formasi bench tidak valid ({plan.code}): {errors}")
        inputs.append(data)
        rows.append(
            Formasi(
                period=period,
                code=data.code,
                position=data.position,
                work_unit=data.work_unit,
                quota=data.quota,
                track=Track.UMUM,
                min_age=data.min_age,
                max_age=data.max_age,
                age_reference_date=data.age_reference_date,
                status=Formasi.Status.PUBLISHED,
                published_at=now,
            )
        )
    rows = Formasi.objects.bulk_create(rows, batch_size=BATCH)
    FormasiEducation.objects.bulk_create(
        [
            FormasiEducation(formasi=row, level=rule.level, majors=list(rule.majors))
            for row, data in zip(rows, inputs, strict=True)
            for rule in data.education
        ],
        batch_size=BATCH,
    )
    FormasiDocument.objects.bulk_create(
        [
            FormasiDocument(
                formasi=row,
                kind=doc.kind,
                formats=list(doc.formats or ()),
                max_kb=doc.max_kb or doc.kind.default_max_kb,
                is_required=doc.is_required,
            )
            for row, data in zip(rows, inputs, strict=True)
            for doc in data.documents
        ],
        batch_size=BATCH,
    )
    return rows


def _applications(
    *,
    count: int,
    formasi: Sequence["Formasi"],
    period: "SelectionPeriod",
    plans: Sequence[FormasiPlan],
    today: dt.date,
) -> None:
    """`count` applicants (accounts in the PELAMAR role) with one application each.

    Plain INSERTs of tuples with ids chosen here: building 800,000 model instances and letting the
    ORM compile each value took over a minute; this takes seconds. The values are the ones the
    models would store (datetimes and dates adapted by the connection, the other columns their
    field defaults as Django saves them), and the id sequences are moved past the new rows.
    """
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.utils import timezone

    from simerit.accounts.models import User
    from simerit.core.roles import Role
    from simerit.employees import rules as id_rules
    from simerit.organization.models import EducationLevel
    from simerit.recruitment.models import Applicant, Application
    from simerit.recruitment.services.applicants import validate_kk_number

    if not count:
        return
    rng = random.Random(SEED)
    levels = {level.code: level.pk for level in EducationLevel.objects.all()}
    group = Group.objects.get(name=Role.PELAMAR).pk
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    # These applicants never log in: one unusable password for all.
    unusable = make_password(None)
    # 6 random digits, as services.applications numbers them, never twice.
    numbers = rng.sample(range(1_000_000), count)
    prefix = f"{period.year}-{period.kind.upper()}-"
    submitted, draft = Application.Status.SUBMITTED.value, Application.Status.DRAFT.value
    users, memberships, applicants, applications = [], [], [], []
    first_user, first_applicant = _next_id(User), _next_id(Applicant)
    first_application = _next_id(Application)
    for index in range(count):
        person = identity(index, district=BULK_DISTRICT, today=today)
        id_rules.validate_nik(person.nik)
        validate_kk_number(person.kk_number)
        # Popular formasi draw more applicants: the square skews towards the first ones.
        pick = int(len(formasi) * rng.random() ** 2)
        opening = plans[pick].opening
        user_id, applicant_id = first_user + index, first_applicant + index
        email = f"pelamar{index:06d}@bench.contoh.id"
        name = person_name(index)
        sent = index % 100 >= DRAFT_SHARE_PERCENT
        users.append((user_id, email, email, name, unusable))
        memberships.append((user_id, group))
        applicants.append(
            (
                applicant_id,
                user_id,
                person.nik,
                person.kk_number,
                name,
                "Palembang",
                connection.ops.adapt_datefield_value(person.birth_date),
                person.gender,
                f"0812{index:08d}",
                email,
                stamp,
                levels[opening.education],
                opening.majors[0] if opening.majors else "",
            )
        )
        applications.append(
            (
                first_application + index,
                applicant_id,
                period.pk,
                formasi[pick].pk,
                f"{prefix}{numbers[index]:06d}",
                secrets.token_urlsafe(32),
                submitted if sent else draft,
                stamp if sent else None,
            )
        )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Room for the unique indexes' pages while 800,000 rows go in (this connection only).
            cursor.execute("PRAGMA cache_size = -262144")
    _insert(User, ["id", "username", "email", "full_name", "password"], users, now=now)
    _insert(User.groups.through, ["user_id", "group_id"], memberships, now=now)
    _insert(
        Applicant,
        [
            "id",
            "user_id",
            "nik",
            "kk_number",
            "name",
            "birth_place",
            "birth_date",
            "gender",
            "phone",
            "email",
            "email_confirmed_at",
            "education_level_id",
            "education_major",
        ],
        applicants,
        now=now,
    )
    _insert(
        Application,
        [
            "id",
            "applicant_id",
            "period_id",
            "formasi_id",
            "registration_number",
            "receipt_key",
            "status",
            "submitted_at",
        ],
        applications,
        now=now,
    )
    _reset_sequences([User, Applicant, Application])


def _next_id(model: type["Model"]) -> int:
    from django.db.models import Max

    highest: int | None = model._default_manager.aggregate(highest=Max("pk"))["highest"]
    return (highest or 0) + 1


def _insert(
    model: type["Model"], attnames: list[str], rows: Sequence[tuple[Any, ...]], *, now: dt.datetime
) -> None:
    """INSERT `rows` (values of `attnames`, ready for the database); the other columns take the
    field's default (auto_now fields: `now`), as Django would save it, and an id left out is the
    database's."""
    from django.db import connection

    named = {field.attname: field for field in model._meta.concrete_fields}
    rest = [
        field
        for field in model._meta.concrete_fields
        if field.attname not in attnames and not field.primary_key
    ]
    # A callable default (dict, list, a function) gives a fresh value, as in Django.
    raw_tail = [
        now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in rest
    ]
    columns = [named[name].column for name in attnames] + [field.column for field in rest]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY in its text format: executemany's round trips (and psycopg's row-by-row
            # COPY) took a minute for 800,000 rows.
            end = "".join("\t" + copy_text(value) for value in raw_tail) + "\n"
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for start in range(0, len(rows), 10 * BATCH):
                    chunk = rows[start : start + 10 * BATCH]
                    copy.write("".join("\t".join(map(copy_text, row)) + end for row in chunk))
            return
        tail = tuple(
            field.get_db_prep_save(value, connection)
            for field, value in zip(rest, raw_tail, strict=True)
        )
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 (model names)
        for start in range(0, len(rows), 10 * BATCH):
            batch: list[Any] = [row + tail for row in rows[start : start + 10 * BATCH]]
            cursor.executemany(sql, batch)


def copy_text(value: object) -> str:
    """One value in PostgreSQL's COPY text format: NULL is backslash-N; backslash, tab and line
    breaks are escaped; dates and datetimes in ISO 8601 (a datetime with its offset); JSON as text.
    """
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = json.dumps(value) if isinstance(value, dict | list) else str(value)
    if any(char in text for char in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _reset_sequences(models: list[type["Model"]]) -> None:
    """Move PostgreSQL's id sequences past the ids chosen here (SQLite follows by itself)."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def flow_applicant(
    number: int, *, targets: Sequence[Target], today: dt.date, run: str
) -> FlowApplicant:
    """The `number`-th applicant of apply-flow: a NIK of its own kecamatan block, the education
    its formasi asks for, an e-mail unique to this run."""
    person = identity(number, district=FLOW_DISTRICT, today=today)
    target = targets[(number * 7919) % len(targets)]
    return FlowApplicant(
        nik=person.nik,
        kk_number=person.kk_number,
        name=person_name(number),
        birth_date=person.birth_date.isoformat(),
        gender=person.gender,
        phone=f"0813{number:08d}",
        email=f"pelamar.alur{number:06d}.{run}@bench.contoh.id",
        password=secrets.token_urlsafe(16),
        education_level=target.education,
        education_major=target.major,
        formasi_id=target.formasi_id,
    )
