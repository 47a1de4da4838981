"""/healthz and /readyz: for load balancers, outside the language prefix, never cached."""

import pytest


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_lists_each_dependency_it_checked(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": {"ok": True}, "cache": {"ok": True}},
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_a_503_naming_the_cache_when_the_cache_fails(client, monkeypatch):
    def broken_set(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("core.health.cache.set", broken_set)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["checks"] == {
        "database": {"ok": True},
        "cache": {"ok": False, "error": "ConnectionError"},
    }


@pytest.mark.parametrize("path", ["/en/healthz", "/en/readyz", "/healthz/"])
def test_the_probes_have_one_address_each(client, path):
    assert client.get(path).status_code == 404


def test_the_probes_answer_plain_http_even_where_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/maatregelen/").status_code == 301
