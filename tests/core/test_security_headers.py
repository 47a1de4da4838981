"""Every kind of response carries the Content-Security-Policy and the Permissions-Policy."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_hardened(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "browsing-topics", "payment"):
        assert features[feature] == "()"


@pytest.fixture
def failing_client(settings):
    settings.ROOT_URLCONF = "tests.core.urls_with_failing_view"
    return Client(raise_request_exception=False)


def test_a_page_has_both_policies(client):
    response = client.get("/ministeries/")
    assert response.status_code == 200
    assert_hardened(response)


def test_an_api_response_has_both_policies(client):
    response = client.get("/api/v1/pillars/")
    assert response.status_code == 200
    assert_hardened(response)


def test_the_admin_login_has_both_policies(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_hardened(response)


def test_the_admin_index_has_both_policies(client):
    client.force_login(User.objects.create_user("redacteur", is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_hardened(response)


@pytest.mark.parametrize("path", ["/bestaat-niet/", "/api/v1/bestaat-niet/"])
def test_a_404_has_both_policies(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_hardened(response)


@pytest.mark.parametrize("path", ["/kapot/", "/api/v1/kapot/"])
def test_a_500_has_both_policies(failing_client, path):
    response = failing_client.get(path)
    assert response.status_code == 500
    assert_hardened(response)


def test_the_api_docs_page_needs_no_exception_to_the_policy(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["img-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    html = response.content.decode()
    assert "<style" not in html and "<script>" not in html
    assert "css/api-docs.css" in html
