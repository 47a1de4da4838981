"""Without Redis the default cache is a table in the same PostgreSQL, made by a migration,
shared by every process; the response cache keeps its own per-process memory cache. Each
write to the table is one upsert."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from core.cache import DATABASE_CACHE_TABLE, SWEEP_EVERY_WRITES, PostgresDatabaseCache

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def caches_configured(**env) -> dict:
    """settings.CACHES as a fresh process builds it from the environment."""
    script = "import json, migratieagenda.settings as s; print(json.dumps(s.CACHES))"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    # A DATABASE_URL nothing listens on: reading the settings never connects.
    environment.update(DJANGO_DEBUG="1", DATABASE_URL="postgres://x@127.0.0.1:9/x", **env)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_without_redis_the_shared_cache_is_the_migrations_table_and_responses_stay_in_memory():
    caches = caches_configured(REDIS_URL="")
    assert caches["default"]["BACKEND"] == "core.cache.PostgresDatabaseCache"
    assert caches["default"]["LOCATION"] == DATABASE_CACHE_TABLE
    assert caches["responses"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_with_redis_both_caches_are_the_shared_redis():
    caches = caches_configured(REDIS_URL="redis://127.0.0.1:6379/0")
    assert {alias: c["BACKEND"] for alias, c in caches.items()} == {
        "default": "core.cache.FailOpenRedisCache",
        "responses": "core.cache.FailOpenRedisCache",
    }


@pytest.fixture
def table_cache(db):
    PostgresDatabaseCache._writes = 1  # no sweep during the test unless it asks for one
    cache = PostgresDatabaseCache(DATABASE_CACHE_TABLE, {})
    cache.clear()
    return cache


def expire(key):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {DATABASE_CACHE_TABLE} SET expires = now() - interval '1 minute' "
            "WHERE cache_key LIKE %s",
            [f"%:{key}"],
        )


def test_the_migration_made_the_table(db):
    assert DATABASE_CACHE_TABLE in connection.introspection.table_names()


def test_a_write_is_one_statement_whether_it_inserts_or_replaces(
    table_cache, django_assert_num_queries
):
    with django_assert_num_queries(1):
        table_cache.set("throttle_127.0.0.1", [3.0, 2.0], 60)
    with django_assert_num_queries(1):
        table_cache.set("throttle_127.0.0.1", [4.0, 3.0, 2.0], 60)
    assert table_cache.get("throttle_127.0.0.1") == [4.0, 3.0, 2.0]


def test_add_keeps_a_live_entry_and_replaces_an_expired_one(table_cache):
    table_cache.set("live", "old", 60)
    assert table_cache.add("live", "new", 60) is False
    assert table_cache.get("live") == "old"
    table_cache.set("gone", "old", 60)
    expire("gone")
    assert table_cache.add("gone", "new", 60) is True
    assert table_cache.get("gone") == "new"
    assert table_cache.add("fresh", 1, 60) is True


def test_touch_extends_only_a_live_entry(table_cache):
    table_cache.set("live", 1, 60)
    assert table_cache.touch("live", 600) is True
    expire("live")
    assert table_cache.touch("live", 600) is False
    assert table_cache.touch("absent", 600) is False


def test_no_timeout_keeps_an_entry_for_good(table_cache):
    table_cache.set("for-good", "x", None)
    assert table_cache.get("for-good") == "x"


def test_expired_rows_are_swept_every_so_many_writes(table_cache):
    for key in ("a", "b", "c"):
        table_cache.set(key, 1, 60)
    expire("a")
    expire("b")
    PostgresDatabaseCache._writes = SWEEP_EVERY_WRITES - 1
    table_cache.set("d", 1, 60)  # the sweeping write
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DATABASE_CACHE_TABLE}")
        assert cursor.fetchone()[0] == 2  # c and d


def test_past_max_entries_the_sweep_culls(db):
    PostgresDatabaseCache._writes = 1
    cache = PostgresDatabaseCache(DATABASE_CACHE_TABLE, {"OPTIONS": {"MAX_ENTRIES": 4}})
    cache.clear()
    for n in range(8):
        cache.set(f"k{n}", n, 60)
    PostgresDatabaseCache._writes = SWEEP_EVERY_WRITES - 1
    cache.set("k8", 8, 60)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DATABASE_CACHE_TABLE}")
        assert cursor.fetchone()[0] < 9
