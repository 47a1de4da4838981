"""/api/v1/graph/: the graph and the two matrices as JSON (and the links as CSV)."""

import csv
import io

import pytest
from drf_spectacular.generators import SchemaGenerator

from measures.models import Measure, MeasureLink
from tests.explorer.html import list_count

pytestmark = pytest.mark.django_db


def test_the_graph_has_every_public_measure_and_link(client, agenda):
    response = client.get("/api/v1/graph/")
    assert response.status_code == 200
    data = response.json()
    assert len(data["nodes"]) == Measure.objects.published().count()
    assert len(data["edges"]) == MeasureLink.objects.count()
    codes = {node["code"] for node in data["nodes"]}
    assert all(edge["from"] in codes and edge["to"] in codes for edge in data["edges"])
    assert {edge["kind"] for edge in data["edges"]} == set(MeasureLink.Kind.values)
    assert data["nodes"][0]["url"].startswith("http://testserver/maatregelen/")


def test_the_graph_filters_like_the_measures_list(client, agenda):
    data = client.get("/api/v1/graph/?pillar=4&ministry=jenv").json()
    assert len(data["nodes"]) == list_count("/maatregelen/?pillar=4&ministry=jenv") > 0
    assert {node["pillar"] for node in data["nodes"]} == {4}


@pytest.mark.parametrize("how", [{"format": "csv"}, {"HTTP_ACCEPT": "text/csv"}])
def test_the_links_as_csv(client, agenda, how):
    query = {"format": how["format"]} if "format" in how else {}
    headers = {k: v for k, v in how.items() if k.startswith("HTTP_")}
    response = client.get("/api/v1/graph/", query, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == MeasureLink.objects.count()
    link = MeasureLink.objects.select_related("from_measure", "to_measure").first()
    assert {
        "from_code": link.from_measure.code,
        "from_title": link.from_measure.title,
        "kind": link.kind,
        "kind_label": str(link.get_kind_display()),
        "to_code": link.to_measure.code,
        "to_title": link.to_measure.title,
        "note": link.note,
    } in rows


def test_the_pillar_ministry_matrix_links_every_cell_to_its_measures(client, agenda):
    data = client.get("/api/v1/graph/matrix/pillar-ministry/?pillar=1,2").json()
    assert [p["number"] for p in data["pillars"]] == [1, 2]
    assert len(data["cells"]) == 2 * len(data["ministries"])
    for cell in data["cells"]:
        assert cell["total"] == cell["lead"] + cell["co"] + cell["consulted"]
        assert cell["total"] == list_count(cell["measures_url"].removeprefix("http://testserver"))
        for role in ("lead", "co", "consulted"):
            url = cell["role_urls"][role].removeprefix("http://testserver")
            assert cell[role] == list_count(url)


def test_the_pillar_pillar_matrix_links_every_cell_to_its_measures(client, agenda):
    data = client.get("/api/v1/graph/matrix/pillar-pillar/?ministry=BHOS").json()
    assert len(data["cells"]) == 36
    assert sum(cell["count"] for cell in data["cells"]) > 0
    for cell in data["cells"]:
        url = cell["measures_url"].removeprefix("http://testserver")
        assert "ministry=BHOS" in url
        assert cell["count"] == list_count(url)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/graph/",
        "/api/v1/graph/?format=csv&",
        "/api/v1/graph/matrix/pillar-ministry/",
        "/api/v1/graph/matrix/pillar-pillar/",
    ],
)
def test_a_bad_filter_is_a_json_400_naming_the_parameter(client, agenda, path):
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}pillar=7&ministry=Defensie")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body["errors"]) == {"pillar", "ministry"}
    assert "'pillar'" in body["detail"]
    assert "Defensie" in body["errors"]["ministry"][0]


def test_the_graph_endpoints_are_in_the_openapi_description():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for path in (
        "/api/v1/graph/",
        "/api/v1/graph/matrix/pillar-ministry/",
        "/api/v1/graph/matrix/pillar-pillar/",
    ):
        operation = paths[path]["get"]
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert {"pillar", "ministry"} <= names
        assert "400" in operation["responses"]
    assert "text/csv" in paths["/api/v1/graph/"]["get"]["responses"]["200"]["content"]
    assert "404" in paths["/api/v1/graph/measures/{key}/"]["get"]["responses"]
    components = schema["components"]["schemas"]
    assert (
        "shared_pillars"
        in components["PillarPillarMatrix"]["properties"]["cells"].get("description", "")
        or "shared_pillars" in paths["/api/v1/graph/matrix/pillar-pillar/"]["get"]["description"]
    )
