"""With REDIS_URL set and Redis gone, the API is served (fail open), with one warning a minute."""

import logging
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from core.cache import FailOpenRedisCache

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_cache(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }


@pytest.fixture(autouse=True)
def _warn_again():
    FailOpenRedisCache._last_warning = float("-inf")


def test_with_nothing_listening_the_anonymous_api_answers_200_and_warns_once(settings, caplog):
    settings.CACHES = redis_cache(free_port())
    settings.API_ANON_RATE = "2/minute"
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        statuses = [APIClient().get("/api/v1/pillars/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 200]
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1


def test_redis_going_away_while_serving_leaves_the_api_answering_200(settings):
    port = free_port()
    settings.CACHES = redis_cache(port)
    settings.API_ANON_RATE = "2/minute"
    command = ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            cache.set("ping", 1)
            if cache.get("ping") == 1:
                break
            time.sleep(0.1)
        assert cache.get("ping") == 1
        client = APIClient()
        # Redis up: the throttle holds.
        assert [client.get("/api/v1/pillars/").status_code for _ in range(3)] == [200, 200, 429]
        server.terminate()
        server.wait(timeout=10)
        # Redis gone: served, not 500.
        assert [client.get("/api/v1/pillars/").status_code for _ in range(3)] == [200, 200, 200]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
