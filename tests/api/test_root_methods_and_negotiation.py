"""The API's frame: the root lists every collection, unoffered methods are 405, content
negotiation is strict, and endpoints routed after the API module are still reached."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_root_lists_every_collection(api, db):
    data = api.get("/api/v1/").json()
    for name in ("pillars", "measures", "ministries", "sources", "changes", "schema", "docs"):
        assert data[name] == f"http://testserver/api/v1/{name}/"
    assert api.get(data["measures"]).status_code == 200


def test_methods_an_endpoint_does_not_offer_are_405_with_allow(api, world):
    response = api.post("/api/v1/pillars/", {})
    assert response.status_code == 405
    assert "GET" in response["Allow"] and "POST" not in response["Allow"]
    assert api.options("/api/v1/measures/").status_code == 405


def test_content_negotiation(api, world):
    assert api.get("/api/v1/measures/", HTTP_ACCEPT="application/xml").status_code == 406
    assert api.get("/api/v1/measures/", HTTP_ACCEPT="application/xml").json()["detail"]
    assert api.head("/api/v1/measures/").status_code == 200
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200 and schema["Content-Type"].startswith("application/json")
    assert schema.json()["openapi"].startswith("3.")


def test_endpoints_routed_after_the_api_module_are_not_shadowed(api, db, settings):
    settings.ROOT_URLCONF = "tests.api.urls_with_extra_endpoint"
    assert api.get("/api/v1/extra/").json() == {"extra": True}
    missing = api.get("/api/v1/missing/")
    assert missing.status_code == 404 and "/api/v1/" in missing.json()["detail"]
