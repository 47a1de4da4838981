"""measures/: every filter alone and combined, ordering, paging, drafts, and every bad value."""

import datetime

import pytest
from django.utils import timezone

from measures.models import Measure
from tests.factories import MeasureFactory
from tests.world import bulk_measures

pytestmark = pytest.mark.django_db

URL = "/api/v1/measures/"


def codes(api, query: str = "") -> list[str]:
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_the_list_shows_public_measures_in_code_order_with_the_contract_keys(api, world):
    response = api.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"count", "next", "previous", "results"}
    # 4.10 sorts after 4.2; the draft 3.2 is not there.
    assert [row["code"] for row in data["results"]] == ["1.1", "3.1", "4.1", "4.2", "4.10"]
    row = data["results"][2]
    assert {"code", "title", "status", "pillar", "lead_ministry", "url"} <= set(row)
    assert row["pillar"] == {
        "number": 4,
        "title": "Pijler 4",
        "url": "http://testserver/api/v1/pillars/4/",
    }
    assert row["lead_ministry"] == {
        "abbreviation": "JenV",
        "name": "Justitie en Veiligheid",
        "url": "http://testserver/api/v1/ministries/JenV/",
    }
    assert row["url"] == "http://testserver/api/v1/measures/4.1/"
    assert row["web_url"] == "http://testserver/maatregelen/terugkeer-intensiveren/"
    assert row["route_stages"] == ["terugkeer"]
    assert row["levels"] == ["nationaal"]
    assert row["organisations"] == ["ind"]
    assert row["status"] == "in_progress" and row["status_label"] == "in uitvoering"
    other = next(r for r in data["results"] if r["code"] == "4.2")
    assert other["responsibilities"] == [
        {
            "ministry": row["lead_ministry"]
            | {
                "abbreviation": "BZ",
                "name": "Buitenlandse Zaken",
                "url": "http://testserver/api/v1/ministries/BZ/",
            },
            "role": "lead",
        },
        {"ministry": row["lead_ministry"], "role": "co"},
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pillar=4", ["4.1", "4.2", "4.10"]),
        ("pillar=1,3", ["1.1", "3.1"]),
        ("pillar=1&pillar=3", ["1.1", "3.1"]),
        ("serves_pillar=4", ["1.1", "4.1", "4.2", "4.10"]),
        ("ministry=JenV", ["3.1", "4.1", "4.2", "4.10"]),
        ("ministry=szw", ["1.1"]),
        ("lead_ministry=jenv", ["3.1", "4.1", "4.10"]),
        ("lead_ministry=BZ,SZW", ["1.1", "4.2"]),
        ("status=done", ["4.10"]),
        ("status=done,announced", ["4.2", "4.10"]),
        ("status=done&status=announced", ["4.2", "4.10"]),
        ("route_stage=terugkeer", ["4.1", "4.2"]),
        ("route_stage=herkomst", ["1.1", "4.2"]),
        ("level=eu", ["3.1"]),
        ("level=eu,nationaal", ["3.1", "4.1"]),
        ("q=asielstelsel", ["3.1"]),
        ("q=LANDEN", ["4.2"]),
    ],
)
def test_each_filter_alone(api, world, query, expected):
    assert codes(api, query) == expected


def test_updated_since_takes_a_date_or_a_date_time(api, world):
    old = timezone.now() - datetime.timedelta(days=400)
    Measure.objects.filter(code__in=["1.1", "4.2"]).update(updated_at=old)
    assert codes(api, f"updated_since={(old + datetime.timedelta(days=2)).date()}") == [
        "3.1",
        "4.1",
        "4.10",
    ]
    since = (old - datetime.timedelta(hours=1)).isoformat()
    assert codes(api, "updated_since=" + since.replace("+", "%2B")) == [
        "1.1",
        "3.1",
        "4.1",
        "4.2",
        "4.10",
    ]
    # A year or a month alone is an ISO 8601 date of reduced precision: its first day.
    assert len(codes(api, "updated_since=2018")) == 5
    assert codes(api, f"updated_since={timezone.now().year + 1}") == []
    assert codes(api, f"updated_since={timezone.now().year + 1}-01") == []
    # An offset PostgreSQL itself would refuse (+18:00) is still a valid ISO 8601 time.
    assert len(codes(api, "updated_since=2000-01-01T00:00:00%2B18:00")) == 5


def test_filters_combine_with_and(api, world):
    old = timezone.now() - datetime.timedelta(days=400)
    Measure.objects.filter(code="4.10").update(updated_at=old)
    assert codes(api, "pillar=4&lead_ministry=JenV") == ["4.1", "4.10"]
    recent = (timezone.now() - datetime.timedelta(days=30)).date()
    assert codes(api, f"pillar=4&lead_ministry=JenV&updated_since={recent}") == ["4.1"]
    assert codes(api, "ministry=JenV&status=announced,in_preparation&route_stage=terugkeer") == [
        "4.2"
    ]
    assert codes(api, "pillar=1&level=eu") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ordering=code", ["1.1", "3.1", "4.1", "4.2", "4.10"]),
        ("ordering=-code", ["4.10", "4.2", "4.1", "3.1", "1.1"]),
        ("ordering=title", ["3.1", "1.1", "4.10", "4.2", "4.1"]),
        ("ordering=-title", ["4.1", "4.2", "4.10", "1.1", "3.1"]),
    ],
)
def test_ordering(api, world, query, expected):
    assert codes(api, query) == expected


def test_ordering_by_updated_at(api, world):
    now = timezone.now()
    for days, code in enumerate(["4.2", "1.1", "4.10", "3.1", "4.1"]):
        Measure.objects.filter(code=code).update(updated_at=now - datetime.timedelta(days=days))
    assert codes(api, "ordering=-updated_at") == ["4.2", "1.1", "4.10", "3.1", "4.1"]
    assert codes(api, "ordering=updated_at") == ["4.1", "3.1", "4.10", "1.1", "4.2"]


def test_drafts_and_embargoed_measures_are_not_public(api, world):
    MeasureFactory(
        code="4.20",
        pillar=world["pillars"][4],
        embargo_until=timezone.now() + datetime.timedelta(days=1),
    )
    assert "3.2" not in codes(api) and "4.20" not in codes(api)
    assert api.get(f"{URL}3.2/").status_code == 404
    assert api.get(f"{URL}4.20/").status_code == 404


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=unknown", "status"),
        ("status=done,unknown", "status"),
        ("pillar=abc", "pillar"),
        ("pillar=9", "pillar"),
        ("serves_pillar=x", "serves_pillar"),
        ("ministry=XYZ", "ministry"),
        ("lead_ministry=Justitie", "lead_ministry"),
        ("route_stage=mars", "route_stage"),
        ("level=galactisch", "level"),
        ("updated_since=2018-13-45", "updated_since"),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=2018-13", "updated_since"),
        ("updated_since=18", "updated_since"),
        ("q=" + "x" * 201, "q"),
        ("q=a%00b", "q"),
        ("ordering=pillar", "ordering"),
        ("ordering=-", "ordering"),
        ("page_size=abc", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=-5", "page_size"),
        ("page_size=1.5", "page_size"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("format=xml", "format"),
        ("status=", "status"),
        ("pillar=", "pillar"),
        ("updated_since=", "updated_since"),
        ("page=", "page"),
    ],
)
def test_every_bad_value_is_a_400_that_names_the_parameter(api, world, query, parameter):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert f"parameter '{parameter}'" in data["detail"]
    assert list(data["errors"]) == [parameter]
    assert data["errors"][parameter]


def test_a_bad_value_is_json_even_when_csv_was_asked_for(api, world):
    response = api.get(f"{URL}?status=nope&format=csv")
    assert response.status_code == 400
    assert response.json()["errors"] == {"status": response.json()["errors"]["status"]}


def test_several_bad_values_are_all_listed(api, world):
    data = api.get(f"{URL}?status=nope&pillar=abc").json()
    assert set(data["errors"]) == {"status", "pillar"}


@pytest.mark.parametrize("query", ["colour=blue", "Pillar=4", "pillar[]=4", "lead-ministry=JenV"])
def test_unknown_or_misspelt_parameters_are_a_400_naming_them(api, world, query):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert list(response.json()["errors"]) == [name]
    assert "Unknown parameter" in response.json()["detail"]


def test_other_collections_refuse_unknown_parameters_too(api, world):
    for url in [
        "/api/v1/sources/?q=kamer",
        "/api/v1/graph/?status=done",
        "/api/v1/changes/?from=2018",
    ]:
        response = api.get(url)
        assert response.status_code == 400, url
        assert len(response.json()["errors"]) == 1


def test_paging_with_count_next_and_previous(api, world):
    first = api.get(f"{URL}?page_size=2").json()
    assert first["count"] == 5
    assert [r["code"] for r in first["results"]] == ["1.1", "3.1"]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/measures/?page=2&page_size=2"
    second = api.get(first["next"]).json()
    assert [r["code"] for r in second["results"]] == ["4.1", "4.2"]
    assert second["previous"] == "http://testserver/api/v1/measures/?page_size=2"
    third = api.get(second["next"]).json()
    assert [r["code"] for r in third["results"]] == ["4.10"]
    assert third["next"] is None


def test_a_page_past_the_end_is_a_json_404_naming_the_page(api, world):
    response = api.get(f"{URL}?page=4&page_size=2")
    assert response.status_code == 404
    assert "page" in response.json()["detail"]
    assert "3 pages" in response.json()["detail"]


def test_the_default_page_size_is_50_and_page_size_is_capped_at_500(api, db):
    bulk_measures(502)
    assert len(api.get(URL).json()["results"]) == 50
    assert len(api.get(f"{URL}?page_size=120").json()["results"]) == 120
    capped = api.get(f"{URL}?page_size=100000").json()
    assert capped["count"] == 502
    assert len(capped["results"]) == 500
    assert "page_size=100000" in capped["next"]
    assert len(api.get(capped["next"]).json()["results"]) == 2


def test_a_date_time_offset_pasted_unencoded_into_the_url_still_counts(api, world):
    encoded = api.get(f"{URL}?updated_since=2018-01-01T00:00:00%2B01:00")
    pasted = api.get(f"{URL}?updated_since=2018-01-01T00:00:00+01:00")
    assert pasted.status_code == encoded.status_code == 200
    assert pasted.json()["count"] == encoded.json()["count"] > 0
    future = api.get(f"{URL}?updated_since=2999-01-01T00:00:00+01:00")
    assert future.json()["count"] == 0
