"""The bench database: recreated empty for every run, then filled with what the scenarios need.

Only a database whose name contains "bench" is ever dropped, so a DATABASE_URL pointing at real
data makes the harness stop instead of wiping it.
"""

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import environ
import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from bench import recruitment

if TYPE_CHECKING:
    from simerit.organization.models import WorkUnit

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINES = {"django.db.backends.sqlite3": SQLITE, "django.db.backends.postgresql": POSTGRESQL}


@dataclass(frozen=True)
class Database:
    url: str
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""


def describe(url: str) -> Database:
    """The engine and connection parameters of a DATABASE_URL; refuses anything but a bench database."""
    config = environ.Env.db_url_config(url)
    engine = ENGINES.get(str(config["ENGINE"]))
    if engine is None:
        raise ValueError(
            f"Mesin basis data {config['ENGINE']} tidak didukung; pakai SQLite atau PostgreSQL."
        )
    name = str(config["NAME"])
    label = Path(name).name if engine == SQLITE else name
    if "bench" not in label:
        raise ValueError(
            f"Basis data '{label}' akan dihapus dan dibuat ulang; namanya harus memuat 'bench' "
            "(mis. postgres://postgres@127.0.0.1:5432/simerit_bench)."
        )
    return Database(
        url=url,
        engine=engine,
        name=name,
        user=str(config.get("USER") or ""),
        password=str(config.get("PASSWORD") or ""),
        host=str(config.get("HOST") or ""),
        port=str(config.get("PORT") or ""),
    )


def recreate(database: Database) -> None:
    """Drop the bench database if it exists and create it empty."""
    if database.engine == SQLITE:
        path = Path(database.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    params = {
        "dbname": "postgres",
        "user": database.user,
        "password": database.password,
        "host": database.host,
        "port": database.port,
    }
    conninfo = make_conninfo(**{key: value for key, value in params.items() if value})
    with psycopg.connect(conninfo, autocommit=True) as connection:
        name = sql.Identifier(database.name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


@dataclass(frozen=True)
class Prepared:
    token: str
    board: recruitment.Board | None


def prepare(*, employees: int, today: dt.date, formasi: int = 0, applications: int = 0) -> Prepared:
    """Migrate, create the bench account, `employees` valid employee records and, when `formasi`
    is set, the recruitment period with its formasi and `applications` applications.

    Needs django.setup() first. The organisation, account, token and period go through the
    services; employees, formasi and applications are bulk-inserted for speed (load-test setup,
    not domain data), each one checked with the same validation the service runs.
    """
    from django.core.management import call_command
    from django.db import connection, transaction

    from simerit.accounts import services as account_services
    from simerit.core.roles import Role

    call_command("migrate", interactive=False, verbosity=0)
    board = None
    with transaction.atomic():
        user = account_services.create_user(
            username="bench.admin",
            full_name="Admin Bench",
            password=secrets.token_urlsafe(24),
            roles=[Role.ADMIN_BKPSDM],
            actor=None,
        )
        issued = account_services.issue_api_token(user=user, name="make bench", actor=user)
        units = _bench_units() if employees or formasi else []
        if employees:
            _bulk_employees(count=employees, today=today, units=units)
        if formasi:
            board = recruitment.build(
                formasi=formasi,
                applications=applications,
                today=today,
                units=units,
                actor=user,
            )
    with connection.cursor() as cursor:
        # Fresh planner statistics, as a database in service would have.
        cursor.execute("ANALYZE")
    return Prepared(token=issued.secret, board=board)


# OPD the bench employees are spread over (codes are bench-only).
BENCH_UNITS = (
    ("B-DINKES", "Dinas Kesehatan"),
    ("B-DISDIK", "Dinas Pendidikan"),
    ("B-BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("B-PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("B-DINSOS", "Dinas Sosial"),
    ("B-DISHUB", "Dinas Perhubungan"),
    ("B-DLHK", "Dinas Lingkungan Hidup dan Kebersihan"),
    ("B-DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("B-BAPENDA", "Badan Pendapatan Daerah"),
    ("B-SATPOLPP", "Satuan Polisi Pamong Praja"),
)


def _bench_units() -> list["WorkUnit"]:
    """The city and the bench OPD below it, made through the service."""
    from simerit.organization import services as org_services
    from simerit.organization.models import WorkUnit

    root = org_services.create_work_unit(
        name="Pemerintah Kota Palembang",
        code="PEMKOT",
        kind=WorkUnit.Kind.GOVERNMENT,
        parent=None,
        actor=None,
    )
    return [
        org_services.create_work_unit(
            name=name, code=code, kind=WorkUnit.Kind.OPD, parent=root, actor=None
        )
        for code, name in BENCH_UNITS
    ]


def _bulk_employees(*, count: int, today: dt.date, units: list["WorkUnit"]) -> None:
    from simerit.demo import data as demo
    from simerit.demo import positions
    from simerit.demo.people import PeopleGenerator
    from simerit.employees.models import Employee, EmployeeKind
    from simerit.employees.services import EmployeeInput, asdict_shallow, validate_employee_input
    from simerit.organization import services as org_services
    from simerit.organization.models import Golongan

    specs = (
        positions.PENATA,
        positions.PENGADMINISTRASI,
        positions.PERAWAT_PERTAMA,
        positions.GURU_PERTAMA,
        positions.GURU_MUDA,
        positions.ANALIS_SDM_PERTAMA,
        positions.ARSIPARIS,
    )
    slots = []
    for unit in units:
        for spec in specs:
            position = org_services.create_position(
                name=spec.name,
                kind=spec.kind,
                actor=None,
                work_unit=unit,
                functional_level=spec.level,
            )
            slots.append((unit, position, spec))
    golongan = {row.code: row for row in Golongan.objects.order_by("rank")}
    people = PeopleGenerator(seed=demo.SEED, today=today, golongan_order=list(golongan))
    kinds = [EmployeeKind.PNS] * 6 + [EmployeeKind.PPPK] * 3 + [EmployeeKind.CPNS]
    rows = []
    for index in range(count):
        unit, position, spec = slots[index % len(slots)]
        person = people.person(
            kind=kinds[index % len(kinds)], golongan_range=spec.golongan, entry_golongan=spec.entry
        )
        record = EmployeeInput(
            kind=person.kind,
            nip=person.nip,
            nik=person.nik,
            name=person.name,
            birth_place=person.birth_place,
            birth_date=person.birth_date,
            gender=person.gender,
            work_unit=unit,
            position=position,
            golongan=golongan[person.golongan] if person.golongan else None,
            back_title=spec.titles[0] if spec.titles else "",
            tmt_cpns=person.tmt_cpns,
            tmt_pns=person.tmt_pns,
            tmt_golongan=person.tmt_golongan,
            tmt_position=person.tmt_position,
        )
        errors = validate_employee_input(record, today=today)
        if errors:
            raise ValueError(f"Data pegawai bench tidak valid ({person.nip}): {errors}")
        rows.append(Employee(**asdict_shallow(record)))
    Employee.objects.bulk_create(rows, batch_size=1000)
