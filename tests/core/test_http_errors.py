"""Every error under /api/ is JSON with a "detail"; TRACE is 405 on pages, feeds and the API."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def assert_json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_a_bad_host_under_the_api_is_a_json_400():
    assert_json_error(Client().get("/api/v1/pillars/", HTTP_HOST="evil.example"), 400)


def test_an_unknown_api_path_is_a_json_404(client):
    assert_json_error(client.get("/api/v1/bestaat-niet/"), 404)


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/"])
def test_a_wrong_method_on_the_schema_and_docs_is_a_json_405(client, path):
    response = client.post(path)
    assert_json_error(response, 405)
    assert "GET" in response["Allow"]


def test_a_crash_under_the_api_is_a_json_500(settings):
    settings.ROOT_URLCONF = "tests.core.urls_with_failing_view"
    assert_json_error(Client(raise_request_exception=False).get("/api/v1/kapot/"), 500)


def test_a_crash_on_a_page_stays_the_html_500_page(settings):
    settings.ROOT_URLCONF = "tests.core.urls_with_failing_view"
    response = Client(raise_request_exception=False).get("/kapot/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_a_throttled_api_request_is_a_json_429_with_retry_after(client, settings):
    settings.API_ANON_RATE = "1/minute"
    client.get("/api/v1/pillars/")
    response = client.get("/api/v1/pillars/")
    assert_json_error(response, 429)
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize(
    "path", ["/", "/maatregelen/", "/wijzigingen/feed/", "/api/v1/", "/api/v1/measures/"]
)
def test_trace_is_refused_everywhere(client, path):
    response = client.generic("TRACE", path)
    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]
    if path.startswith("/api/"):
        assert_json_error(response, 405)
