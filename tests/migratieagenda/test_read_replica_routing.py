"""With a read replica, anonymous reads go to it; a client's reads right after its write and
reads inside a transaction stay on the primary."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import signing
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from measures.models import Measure
from migratieagenda.db_router import (
    PIN_COOKIE,
    PrimaryPinMiddleware,
    PrimaryReplicaRouter,
    pinned_to_primary,
)

BASE_DIR = Path(__file__).resolve().parents[2]


def serve(request, status=200):
    """Runs a request through the middleware; returns where a read in its view would go."""
    seen = {}

    def view(request):
        seen["read"] = PrimaryReplicaRouter().db_for_read(Measure)
        return HttpResponse(status=status)

    response = PrimaryPinMiddleware(view)(request)
    return seen["read"], response


def test_an_anonymous_read_goes_to_the_replica():
    assert PrimaryReplicaRouter().db_for_read(Measure) == "replica"


def test_the_database_cache_is_read_on_the_primary_where_it_is_written():
    from django.core.cache.backends.db import DatabaseCache

    cache_entry = DatabaseCache("core_cache", {}).cache_model_class
    assert PrimaryReplicaRouter().db_for_read(cache_entry) == "default"


def test_writes_always_go_to_the_primary():
    router = PrimaryReplicaRouter()
    assert router.db_for_write(Measure) == "default"
    with pinned_to_primary():
        assert router.db_for_write(Measure) == "default"


def test_migrations_run_on_the_primary_only():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "measures")
    assert not router.allow_migrate("replica", "measures")


@pytest.mark.django_db(transaction=True)
def test_a_read_inside_a_transaction_goes_to_the_primary():
    router = PrimaryReplicaRouter()
    with transaction.atomic():
        assert router.db_for_read(Measure) == "default"
    assert router.db_for_read(Measure) == "replica"


def test_a_pinned_block_reads_from_the_primary_and_the_pin_ends_with_it():
    router = PrimaryReplicaRouter()
    with pinned_to_primary():
        assert router.db_for_read(Measure) == "default"
    assert router.db_for_read(Measure) == "replica"


def test_a_get_without_a_pin_reads_from_the_replica_and_sets_no_cookie():
    read, response = serve(RequestFactory().get("/maatregelen/"))
    assert read == "replica"
    assert PIN_COOKIE not in response.cookies


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_request_reads_from_the_primary_and_pins_the_client(method, settings):
    read, response = serve(getattr(RequestFactory(), method)("/api/v1/measures/4.3/"))
    assert read == "default"
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == settings.DATABASE_PRIMARY_PIN_SECONDS
    assert cookie["httponly"]


def test_a_failed_write_does_not_pin_the_client():
    _, response = serve(RequestFactory().post("/api/v1/measures/"), status=403)
    assert PIN_COOKIE not in response.cookies


def _pin_cookie_from_a_write() -> str:
    _, response = serve(RequestFactory().post("/admin/measures/measure/1/change/"))
    return response.cookies[PIN_COOKIE].value


def test_the_next_reads_of_a_client_that_wrote_stay_on_the_primary():
    factory = RequestFactory()
    factory.cookies[PIN_COOKIE] = _pin_cookie_from_a_write()
    read, response = serve(factory.get("/maatregelen/4-3/"))
    assert read == "default"
    assert PIN_COOKIE not in response.cookies  # a read does not extend the pin


def test_the_pin_ends_after_its_seconds(monkeypatch, settings):
    factory = RequestFactory()
    factory.cookies[PIN_COOKIE] = _pin_cookie_from_a_write()
    later = time.time() + settings.DATABASE_PRIMARY_PIN_SECONDS + 1
    monkeypatch.setattr(signing.time, "time", lambda: later)
    read, _ = serve(factory.get("/maatregelen/4-3/"))
    assert read == "replica"


def test_a_forged_pin_cookie_is_ignored():
    factory = RequestFactory()
    factory.cookies[PIN_COOKIE] = "1"
    read, _ = serve(factory.get("/maatregelen/"))
    assert read == "replica"


def test_with_a_replica_configured_the_pin_middleware_runs_first():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "migratieagenda.settings_test",
            "DATABASE_REPLICA_URL": "postgres://reader@127.0.0.1:5999/replica",
        }
    )
    code = (
        "from django.conf import settings; "
        "print(settings.MIDDLEWARE[0]); print(settings.DATABASE_ROUTERS[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "migratieagenda.db_router.PrimaryPinMiddleware",
        "migratieagenda.db_router.PrimaryReplicaRouter",
    ]
