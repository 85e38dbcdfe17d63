import pytest

from bench.database import POSTGRESQL, SQLITE, describe
from bench.run import MEDIA, server_env


def test_describe_reads_a_postgresql_url():
    database = describe("postgres://postgres@127.0.0.1:5432/simerit_bench")

    assert (database.engine, database.name, database.user, database.host, database.port) == (
        POSTGRESQL,
        "simerit_bench",
        "postgres",
        "127.0.0.1",
        "5432",
    )


def test_describe_reads_a_sqlite_url():
    database = describe("sqlite:////srv/out/bench.sqlite3")

    assert (database.engine, database.name) == (SQLITE, "/srv/out/bench.sqlite3")


@pytest.mark.parametrize(
    "url",
    [
        "postgres://postgres@127.0.0.1:5432/simerit",
        "sqlite:////work/bench/db.sqlite3",
    ],
)
def test_describe_refuses_a_database_that_is_not_named_for_the_bench(url):
    with pytest.raises(ValueError, match="namanya harus memuat 'bench'"):
        describe(url)


def test_describe_refuses_other_engines():
    with pytest.raises(ValueError, match="tidak didukung"):
        describe("mysql://root@127.0.0.1/bench")


def test_server_env_is_production_like_with_the_bench_endpoints_on():
    env = server_env(describe("sqlite:////srv/bench.sqlite3"))

    assert {
        key: env[key]
        for key in (
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
            "DJANGO_DEBUG",
            "DJANGO_SECURE_SSL_REDIRECT",
            "DJANGO_ALLOWED_HOSTS",
            "SIMERIT_DEMO",
            "SIMERIT_BENCH_ENDPOINTS",
            "SIMERIT_REGISTRATIONS_PER_HOUR",
            "DJANGO_EMAIL_BACKEND",
            "SIMERIT_PRIVATE_MEDIA_ROOT",
        )
    } == {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "sqlite:////srv/bench.sqlite3",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SIMERIT_DEMO": "false",
        "SIMERIT_BENCH_ENDPOINTS": "true",
        "SIMERIT_REGISTRATIONS_PER_HOUR": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "SIMERIT_PRIVATE_MEDIA_ROOT": str(MEDIA),
    }
    assert len(env["DJANGO_SECRET_KEY"]) >= 50
