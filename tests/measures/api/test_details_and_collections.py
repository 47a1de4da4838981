"""Details by code, slug, number and abbreviation; the other collections; 404s."""

import datetime

import pytest

from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

MEASURE_KEYS = {
    "code",
    "slug",
    "title",
    "summary",
    "description",
    "status",
    "status_label",
    "pillar",
    "other_pillars",
    "lead_ministry",
    "responsibilities",
    "route_stages",
    "levels",
    "organisations",
    "citations",
    "related_measures",
    "updated_at",
    "url",
    "web_url",
    # Both languages and the policy clock (announced, status since, its dated steps).
    "title_en",
    "summary_en",
    "description_en",
    "announced_on",
    "status_since",
    "status_history",
}


def test_a_measure_by_code_with_a_dot_or_by_slug(api, world):
    by_code = api.get("/api/v1/measures/4.10/")
    assert by_code.status_code == 200
    assert by_code.json()["slug"] == "lvv"
    assert api.get("/api/v1/measures/lvv/").json() == by_code.json()


def test_the_measure_detail_has_the_contract_keys(api, world):
    data = api.get("/api/v1/measures/4.1/").json()
    assert set(data) == MEASURE_KEYS
    assert data["citations"] == [
        {
            "source": {
                "slug": data["citations"][0]["source"]["slug"],
                "title": data["citations"][0]["source"]["title"],
                "title_en": "",
                "reference": "",
                "date": None,
                "url": "",
            },
            "locator": "p. 4",
        }
    ]
    # 4.1 supports 4.2; the draft 3.2 links to 4.1 but stays hidden.
    assert data["related_measures"] == [
        {
            "code": "4.2",
            "title": "Landenaanpak",
            "url": "http://testserver/api/v1/measures/4.2/",
            "kind": "supports",
            "direction": "outgoing",
        }
    ]
    incoming = api.get("/api/v1/measures/4.2/").json()["related_measures"]
    assert incoming == [
        {
            "code": "4.1",
            "title": "Terugkeer intensiveren",
            "url": "http://testserver/api/v1/measures/4.1/",
            "kind": "supports",
            "direction": "incoming",
        }
    ]
    assert data["updated_at"].endswith("Z")


def test_the_measure_detail_lists_other_pillars_and_roles(api, world):
    data = api.get("/api/v1/measures/grondoorzaken/").json()
    assert [p["number"] for p in data["other_pillars"]] == [4]
    assert [(r["ministry"]["abbreviation"], r["role"]) for r in data["responsibilities"]] == [
        ("BZ", "lead"),
        ("SZW", "consulted"),
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/measures/9.9/",
        "/api/v1/measures/niet-bestaand/",
        "/api/v1/pillars/2/",
        "/api/v1/pillars/abc/",
        "/api/v1/pillars/99999999999999999999/",
        "/api/v1/ministries/XYZ/",
        "/api/v1/sources/nope/",
        "/api/v1/does-not-exist/",
        "/api/v1/measures/4.1/extra/",
    ],
)
def test_unknown_objects_are_a_json_404(api, world, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_pillars_by_number(api, world):
    data = api.get("/api/v1/pillars/").json()
    assert [p["number"] for p in data["results"]] == [1, 3, 4]
    pillar = api.get("/api/v1/pillars/4/").json()
    assert set(pillar) == {
        "number",
        "slug",
        "title",
        "title_en",
        "summary",
        "measure_count",
        "url",
        "web_url",
    }
    assert pillar["measure_count"] == 3  # public measures only
    assert pillar["url"] == "http://testserver/api/v1/pillars/4/"
    assert pillar["web_url"] == "http://testserver/pijlers/pijler-4/"


def test_ministries_by_abbreviation_in_any_case(api, world):
    OfficialFactory(
        ministry=world["jenv"], name="Mark Harbers", role="staatssecretaris", portfolio="Migratie"
    )
    upper = api.get("/api/v1/ministries/JENV/")
    assert upper.status_code == 200
    data = upper.json()
    assert data == api.get("/api/v1/ministries/jenv/").json()
    assert set(data) == {
        "abbreviation",
        "name",
        "website",
        "officials",
        "measure_count",
        "url",
        "web_url",
    }
    assert data["abbreviation"] == "JenV"
    assert data["officials"] == [
        {"name": "Mark Harbers", "role": "staatssecretaris", "portfolio": "Migratie"}
    ]
    assert data["measure_count"] == 4  # any role, public only (not the draft 3.2)
    assert data["web_url"] == "http://testserver/ministeries/jenv/"
    listed = api.get("/api/v1/ministries/").json()["results"]
    assert [m["abbreviation"] for m in listed] == ["BZ", "JenV", "SZW"]


def test_sources_and_changes(api, world):
    sources = api.get("/api/v1/sources/").json()
    assert sources["count"] == 1
    assert sources["results"][0]["measure_count"] == 1
    changes = api.get("/api/v1/changes/").json()
    assert {c["code"] for c in changes["results"]} == {"1.1", "3.1", "4.1", "4.2", "4.10"}
    assert changes["results"][0]["change"] in {"created", "updated"}
    assert api.get("/api/v1/changes/?since=2999-01-01").json()["count"] == 0
    bad = api.get("/api/v1/changes/?since=gisteren")
    assert bad.status_code == 400
    assert "parameter 'since'" in bad.json()["detail"]


def test_moments_are_written_the_same_way_in_lists_details_and_csv(api, world):
    listed = next(
        row for row in api.get("/api/v1/measures/").json()["results"] if row["code"] == "4.1"
    )
    detail = api.get("/api/v1/measures/4.1/").json()
    assert listed["updated_at"] == detail["updated_at"]
    assert listed["updated_at"] == world["measures"]["4.1"].updated_at.astimezone(
        datetime.UTC
    ).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
