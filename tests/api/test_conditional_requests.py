"""ETag and Last-Modified on lists and details; 304 for If-None-Match and If-Modified-Since."""

import pytest
from django.utils.http import parse_http_date

from measures.models import Responsibility
from measures.selectors import content_version
from tests.factories import MinistryFactory

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/measures/",
    "/api/v1/measures/?pillar=4",
    "/api/v1/measures/4.1/",
    "/api/v1/measures/?format=csv",
    "/api/v1/pillars/",
    "/api/v1/pillars/4/",
    "/api/v1/ministries/",
    "/api/v1/ministries/jenv/",
    "/api/v1/sources/",
    "/api/v1/changes/",
]


@pytest.mark.parametrize("path", PATHS)
def test_every_list_and_detail_answers_conditional_requests(api, world, path):
    first = api.get(path)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and etag.endswith('"')

    by_etag = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == etag

    by_date = api.get(path, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert by_date.status_code == 304

    assert api.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_the_etag_is_the_same_for_the_same_data_and_differs_per_query(api, world):
    assert api.get("/api/v1/measures/")["ETag"] == api.get("/api/v1/measures/")["ETag"]
    assert api.get("/api/v1/measures/")["ETag"] != api.get("/api/v1/measures/?pillar=4")["ETag"]
    assert (
        api.get("/api/v1/measures/")["ETag"]
        != api.get("/api/v1/measures/", HTTP_ACCEPT="text/csv")["ETag"]
    )


def test_an_edit_changes_etag_and_last_modified(api, world):
    before = api.get("/api/v1/measures/4.1/")
    measure = world["measures"]["4.2"]
    measure.title = "Nieuwe titel"
    measure.save()
    after = api.get("/api/v1/measures/4.1/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert parse_http_date(after["Last-Modified"]) >= parse_http_date(before["Last-Modified"])


@pytest.mark.parametrize(
    "change",
    [
        "delete_responsibility",
        "delete_measure",
        "rename_ministry",
        "add_route_stage",
    ],
)
def test_changes_without_a_new_updated_at_still_change_the_version(world, change):
    before = content_version()
    if change == "delete_responsibility":
        Responsibility.objects.filter(role="co").delete()
    elif change == "delete_measure":
        world["measures"]["1.1"].delete()
    elif change == "rename_ministry":
        world["szw"].name = "Sociale Zaken en Werkgelegenheid"
        world["szw"].save()
    else:
        world["measures"]["4.10"].route_stages.add(*world["measures"]["4.2"].route_stages.all())
    assert content_version().key != before.key


def test_the_version_costs_one_query(world, django_assert_num_queries):
    MinistryFactory()
    with django_assert_num_queries(1):
        content_version()
