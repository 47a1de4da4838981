"""Anonymous clients get a documented rate; beyond it 429 with Retry-After."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_anonymous_clients_are_throttled_with_retry_after(api, world, settings):
    settings.API_ANON_RATE = "3/minute"
    for _ in range(3):
        assert api.get("/api/v1/pillars/").status_code == 200
    response = api.get("/api/v1/measures/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"]
    # The counts live in the configured cache (Redis when REDIS_URL is set).
    cache.clear()
    assert api.get("/api/v1/pillars/").status_code == 200


def test_token_holders_are_not_throttled(api, world, settings, reader_token):
    settings.API_ANON_RATE = "2/minute"
    for _ in range(4):
        response = api.get("/api/v1/pillars/", HTTP_AUTHORIZATION=f"Token {reader_token}")
        assert response.status_code == 200


def test_the_default_rate_is_120_a_minute(settings):
    from api.throttling import AnonymousClientThrottle

    assert settings.API_ANON_RATE == "120/minute"
    assert AnonymousClientThrottle().num_requests == 120
