"""The OpenAPI description: valid OpenAPI 3, every parameter and response documented; docs page."""

import json
import re

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api, world):
    response = api.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)  # raises on any violation of the OpenAPI 3 specification


def test_the_schema_is_also_served_as_yaml(api, schema):
    response = api.get("/api/v1/schema/?format=yaml")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["paths"].keys() == schema["paths"].keys()
    assert api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi").status_code == 200


def test_every_collection_and_detail_is_described(schema):
    assert set(schema["paths"]) >= {
        "/api/v1/pillars/",
        "/api/v1/pillars/{number}/",
        "/api/v1/measures/",
        "/api/v1/measures/{code_or_slug}/",
        "/api/v1/ministries/",
        "/api/v1/ministries/{abbreviation}/",
        "/api/v1/sources/",
        "/api/v1/changes/",
    }


def test_the_measure_list_documents_every_parameter_with_its_allowed_values(schema):
    operation = schema["paths"]["/api/v1/measures/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    for name in (
        "pillar",
        "serves_pillar",
        "ministry",
        "lead_ministry",
        "status",
        "route_stage",
        "level",
        "q",
        "updated_since",
        "ordering",
        "page",
        "page_size",
        "format",
        "If-None-Match",
        "If-Modified-Since",
    ):
        assert name in parameters, name
        assert parameters[name].get("description"), name

    def allowed(name):
        schema_ = parameters[name]["schema"]
        return (schema_.get("items") or schema_)["enum"]

    # The content's own keys, from the database at the time the schema is built.
    assert allowed("pillar") == [1, 3, 4]
    assert set(allowed("lead_ministry")) == {"JenV", "BZ", "SZW"}
    assert allowed("status") == ["announced", "in_preparation", "in_progress", "done", "dropped"]
    assert "terugkeer" in allowed("route_stage")
    assert allowed("ordering") == ["code", "-code", "title", "-title", "updated_at", "-updated_at"]
    assert allowed("format") == ["json", "csv", "xlsx"]
    assert allowed("delimiter") == ["comma", "semicolon"]
    assert "500" in parameters["page_size"]["description"]
    # Keyset paging: how to start, that `next` carries it, and what makes it a 400.
    cursor = parameters["cursor"]["description"]
    assert "`cursor=` (empty)" in cursor and "`next`" in cursor and "`page`" in cursor


def test_the_measure_list_documents_every_response(schema):
    responses = schema["paths"]["/api/v1/measures/"]["get"]["responses"]
    assert {"200", "304", "400", "404", "429"} <= set(responses)
    assert set(responses["200"]["content"]) == {
        "application/json",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert {"ETag", "Last-Modified"} <= set(responses["200"]["headers"])
    assert "Retry-After" in responses["429"]["headers"]
    assert responses["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    detail = schema["paths"]["/api/v1/measures/{code_or_slug}/"]
    assert {"get", "put", "patch", "delete"} <= set(detail)
    assert {"400", "401", "403"} <= set(schema["paths"]["/api/v1/measures/"]["post"]["responses"])


def test_the_description_has_the_staffer_example(schema):
    description = schema["info"]["description"]
    assert "pillar=4&lead_ministry=JenV&updated_since=2018-01-01&format=csv" in description
    assert "import requests" in description


def test_the_docs_page_uses_the_projects_own_assets(api, db):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert "/static/css/api-docs.css" in stylesheets
    for href in stylesheets:
        assert href.startswith("/static/")
        assert api.get(href).status_code == 200


def test_the_docs_page_has_no_inline_script_or_style_and_no_other_host(api, db):
    html = api.get("/api/v1/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"(src|href)=\"(https?:)?//(?!testserver/)", html)  # own host: hreflang


def test_the_docs_page_lists_every_operation_of_the_schema(api, schema):
    html = api.get("/api/v1/docs/").content.decode()
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete"):
                assert (
                    f'<span class="api-docs__method">{method.upper()}</span> <code>{path}</code>'
                    in html
                )
    # The measure list's parameters, with the allowed values the schema lists.
    section = html[html.index('id="get-api-v1-measures"') :]
    section = section[: section.index("</section>")]
    for name in ("pillar", "lead_ministry", "status", "format", "delimiter", "updated_since"):
        assert f"<dt><code>{name}</code>" in section, name
    assert "<code>xlsx</code>" in section and "<code>semicolon</code>" in section
    assert "<code>JenV</code>" in section  # a live value from the database
    # The description, rendered: its headings and the staffer's example.
    assert "Quick start" in html and "format=csv" in html


def test_the_docs_page_sits_in_the_sites_frame(api, db):
    html = api.get("/api/v1/docs/").content.decode()
    assert '<html lang="nl">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert 'class="site-name" href="/"' in html  # the way back to the site
    assert "<h1>API-documentatie</h1>" in html
    # The English description is marked as English for screen readers.
    assert '<div class="api-docs__prose" lang="en">' in html


def test_the_descriptions_say_what_the_api_does(schema):
    description = schema["info"]["description"]
    assert "oldest first" in description and "newest first" not in description
    assert 'dtype={"code": str}' in description and "delimiter=semicolon" in description
    operation = schema["paths"]["/api/v1/measures/"]["get"]
    parameters = {p["name"]: p["description"] for p in operation["parameters"]}
    # Each repeatable filter shows its own name in the example, not another parameter's.
    for name in ("pillar", "serves_pillar", "ministry", "lead_ministry", "route_stage", "level"):
        assert f"?{name}=" in parameters[name] and "status=" not in parameters[name], name
    assert "delimiter" in parameters and "semicolon" in parameters["delimiter"]
    assert "xlsx" in parameters["format"]
    assert "ignored" not in operation["description"]
    changes = schema["paths"]["/api/v1/changes/"]["get"]["description"]
    assert "oldest first" in changes
