"""`?as_of=` on the API's measure list and detail."""

import datetime

import pytest
from django.utils import timezone

from changelog.models import ChangeEvent
from tests.world import PAST

pytestmark = pytest.mark.django_db


def test_the_api_list_as_of_a_past_date(client, past_and_present):
    then = client.get("/api/v1/measures/", {"as_of": PAST.isoformat()}).json()
    titles = {row["title"] for row in then["results"]}
    assert titles == {"Oude titel"}  # "Later verwijderd" is deleted: not shown on any day
    old = next(row for row in then["results"] if row["title"] == "Oude titel")
    assert old["lead_ministry"]["abbreviation"] == "OUD" and old["status"] == "announced"
    now = client.get("/api/v1/measures/").json()
    assert {row["title"] for row in now["results"]} == {"Nieuwe titel", "Later gepubliceerd"}


def test_the_api_detail_as_of_a_past_date(client, past_and_present):
    url = f"/api/v1/measures/{past_and_present.code}/"
    old = client.get(url, {"as_of": PAST.isoformat()}).json()
    assert old["title"] == "Oude titel"
    assert [p["number"] for p in old["other_pillars"]] == [2]
    assert client.get(url).json()["title"] == "Nieuwe titel"


@pytest.mark.parametrize("value", ["1999-02-30", "gisteren", "tomorrow"])
def test_a_bad_as_of_is_a_400_naming_the_parameter(client, past_and_present, value):
    response = client.get("/api/v1/measures/", {"as_of": value})
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    detail = client.get(f"/api/v1/measures/{past_and_present.code}/", {"as_of": future})
    assert detail.status_code == 400 and "as_of" in detail.json()["errors"]


def test_as_of_with_a_filter_filters_that_days_state(client, past_and_present):
    # On PAST the measure had its old lead ministry and no status step yet.
    query = {"as_of": PAST.isoformat(), "lead_ministry": "OUD", "status": "announced"}
    then = client.get("/api/v1/measures/", query).json()
    assert [row["title"] for row in then["results"]] == ["Oude titel"]
    query["lead_ministry"] = "NIEUW"
    assert client.get("/api/v1/measures/", query).json()["count"] == 0


def test_the_content_version_moves_when_a_measure_is_deleted(client, past_and_present):
    etag = client.get("/api/v1/changes/")["ETag"]
    past_and_present.delete()
    assert ChangeEvent.objects.filter(kind="deleted").exists()
    assert client.get("/api/v1/changes/")["ETag"] != etag
