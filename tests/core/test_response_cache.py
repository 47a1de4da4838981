"""Anonymous reads come from the shared cache until the content changes, then never again."""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import ContentVersion
from core.response_cache import CACHE_ALIAS, cache_key
from measures.services import measure_save
from tests.factories import MeasureFactory, MinistryFactory, PillarFactory

ROOT = Path(__file__).resolve().parents[2]
ON = override_settings(RESPONSE_CACHE_SECONDS=86400)
LOCAL = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    for alias in ("default", CACHE_ALIAS)
}


def redis_caches(prefix: str) -> dict:
    return {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379",
            "KEY_PREFIX": prefix,
        }
        for alias in ("default", CACHE_ALIAS)
    }


def response_cache():
    return caches[CACHE_ALIAS]


@pytest.fixture
def measure(db):
    return make_measure()


def make_measure():
    pillar = PillarFactory(number=4)
    return MeasureFactory(
        code="4.1",
        slug="terugkeer",
        title="Terugkeer intensiveren",
        pillar=pillar,
        lead=MinistryFactory(abbreviation="JenV", slug="jenv"),
        status="in_progress",
    )


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("hoofdredacteur", password="x" * 12)


def rename(measure, title, by):
    measure.title = title
    return measure_save(measure=measure, by=by)


@pytest.fixture
def local_cache(db):
    # The migration's version row; a live-server test before this one may have flushed it.
    ContentVersion.objects.get_or_create(id=1, defaults={"changed_at": timezone.now()})
    with override_settings(CACHES=LOCAL), ON:
        response_cache().clear()
        yield


def vary(response) -> set[str]:
    return {name.strip().lower() for name in response.get("Vary", "").split(",")}


PATHS = ["/api/v1/measures/4.1/", "/api/v1/measures/?pillar=4", "/maatregelen/", "/"]


@pytest.mark.parametrize("path", PATHS)
def test_a_repeat_read_costs_only_the_version_query(
    local_cache, measure, path, django_assert_num_queries
):
    client = Client()
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(1):
        again = client.get(path)
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("ETag", "Last-Modified", "Content-Type"):
        assert again.get(header) == first.get(header)
    assert vary(again) == vary(first)


def test_the_next_read_after_a_write_through_the_services_shows_it(local_cache, measure, editor):
    client = Client()
    assert b"Terugkeer intensiveren" in client.get("/maatregelen/").content
    assert client.get("/api/v1/measures/4.1/").json()["title"] == "Terugkeer intensiveren"
    rename(measure, "Terugkeer versterken", editor)
    assert b"Terugkeer versterken" in client.get("/maatregelen/").content
    assert client.get("/api/v1/measures/4.1/").json()["title"] == "Terugkeer versterken"


def test_the_key_sorts_the_query_and_separates_representations(
    local_cache, measure, django_assert_num_queries
):
    client = Client()
    client.get("/api/v1/measures/?pillar=4&status=in_progress")
    with django_assert_num_queries(1):
        client.get("/api/v1/measures/?status=in_progress&pillar=4")
    dutch = client.get("/maatregelen/").content
    csv = client.get("/api/v1/measures/4.1/", HTTP_ACCEPT="text/csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert client.get("/api/v1/measures/4.1/")["Content-Type"].startswith("application/json")
    assert client.get("/maatregelen/").content == dutch


def test_a_cached_answer_still_answers_304(local_cache, measure):
    client = Client()
    etag = client.get("/api/v1/measures/4.1/")["ETag"]
    assert client.get("/api/v1/measures/4.1/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_signed_in_editors_and_tokens_pass_by(
    local_cache, measure, editor, django_assert_num_queries
):
    Client().get("/api/v1/measures/4.1/")
    with django_assert_num_queries(1):
        Client().get("/api/v1/measures/4.1/")  # stored for anonymous readers
    signed_in = Client()
    signed_in.force_login(editor)
    with pytest.raises(pytest.fail.Exception), django_assert_num_queries(1):
        signed_in.get("/api/v1/measures/4.1/")
    # A stored answer would be a 200: the token is checked, and refused.
    refused = Client().get("/api/v1/measures/4.1/", HTTP_AUTHORIZATION="Token nope")
    assert refused.status_code == 401


def stored(path: str):
    request = RequestFactory().get(path)
    return response_cache().get(
        cache_key(request, import_string(settings.CONTENT_VERSION_FUNCTION)().key)
    )


def test_answers_that_set_a_cookie_are_not_stored(local_cache, measure):
    assert Client().get("/admin/login/").cookies  # the CSRF cookie: a token per visitor
    assert stored("/admin/login/") is None
    Client().get("/api/v1/pillars/")
    assert stored("/api/v1/pillars/") is not None


def test_switched_off_it_stores_nothing(measure, django_assert_num_queries):
    with override_settings(CACHES=LOCAL, RESPONSE_CACHE_SECONDS=0):
        response_cache().clear()
        Client().get("/api/v1/measures/4.1/")
        with pytest.raises(pytest.fail.Exception), django_assert_num_queries(1):
            Client().get("/api/v1/measures/4.1/")


SECOND_PROCESS = """
from django.contrib.auth.models import User
from django.test import Client
from measures.models import Measure
from measures.services import measure_save
client = Client()
assert client.get("/api/v1/measures/4.1/").json()["title"] == "Terugkeer intensiveren"
measure = Measure.objects.get(code="4.1")
measure.title = "Terugkeer versterken"
measure_save(measure=measure, by=User.objects.get(username="hoofdredacteur"))
assert client.get("/api/v1/measures/4.1/").json()["title"] == "Terugkeer versterken"
print("second process saw its change")
"""


@pytest.mark.django_db(transaction=True)
def test_a_change_through_a_second_process_is_visible_on_the_next_request():
    with transaction.atomic():  # a published measure needs its lead ministry by commit
        ContentVersion.objects.get_or_create(id=1, defaults={"changed_at": timezone.now()})
        make_measure()
        User.objects.create_superuser("hoofdredacteur", password="x" * 12)
    prefix = f"test-response-cache-{uuid.uuid4().hex}"
    database = connection.settings_dict
    # The embedded PostgreSQL names its socket directory in OPTIONS["host"].
    host = database["HOST"] or database["OPTIONS"].get("host", "")
    url = (
        f"postgresql://{quote(database['USER'] or '', safe='')}:"
        f"{quote(database['PASSWORD'] or '', safe='')}@{quote(host, safe='')}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )
    with override_settings(CACHES=redis_caches(prefix)), ON:
        client = Client()
        assert client.get("/api/v1/measures/4.1/").json()["title"] == "Terugkeer intensiveren"
        script = (
            "from django.test import override_settings\n"
            f"with override_settings(CACHES={redis_caches(prefix)!r}):\n"
            + "".join(f"    {line}\n" for line in SECOND_PROCESS.strip().splitlines())
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "migratieagenda.settings_test",
            "DATABASE_URL": url,
            "RESPONSE_CACHE_SECONDS": "86400",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "second process saw its change" in result.stdout
        assert client.get("/api/v1/measures/4.1/").json()["title"] == "Terugkeer versterken"
        response_cache().clear()


def test_without_a_content_version_row_nothing_is_stored(local_cache, measure, editor):
    ContentVersion.objects.all().delete()
    client = Client()
    assert client.get("/api/v1/measures/4.1/").json()["title"] == "Terugkeer intensiveren"
    rename(measure, "Terugkeer versterken", editor)
    assert client.get("/api/v1/measures/4.1/").json()["title"] == "Terugkeer versterken"
