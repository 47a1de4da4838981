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


def test_a_made_up_x_forwarded_for_does_not_escape_the_throttle(api, world, settings):
    settings.API_ANON_RATE = "3/minute"
    statuses = [
        api.get("/api/v1/pillars/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_behind_one_trusted_proxy_the_address_it_appended_is_the_client(api, world, settings):
    settings.API_ANON_RATE = "2/minute"
    settings.TRUSTED_PROXY_COUNT = 1

    def get(forwarded):
        return api.get("/api/v1/pillars/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    # The client's own made-up entries (left) change nothing; the proxy's entry (right) counts.
    assert [get(f"6.6.6.{n}, 203.0.113.7") for n in range(3)] == [200, 200, 429]
    assert get("203.0.113.8") == 200


DATABASE_CACHES = {
    "default": {"BACKEND": "core.cache.PostgresDatabaseCache", "LOCATION": "core_cache"},
    "responses": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}


def test_with_the_database_cache_the_throttle_costs_two_queries_whatever_the_view(
    api, world, settings, django_assert_num_queries
):
    # Without Redis (as in CI): the count is read and written in the table, one query each.
    settings.CACHES = DATABASE_CACHES
    first = api.get("/api/v1/pillars/4/")
    settings.API_ANON_RATE = None
    with django_assert_num_queries(1):  # the 304 alone: the content version
        api.get("/api/v1/pillars/4/", HTTP_IF_NONE_MATCH=first["ETag"])
    settings.API_ANON_RATE = "120/minute"
    with django_assert_num_queries(3):  # and the throttle's read and write
        api.get("/api/v1/pillars/4/", HTTP_IF_NONE_MATCH=first["ETag"])
