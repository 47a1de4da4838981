"""A repeat read answered 304 costs the content-version query and nothing else.

Filters that look their values up (pillar, ministry, route stage), a detail's lookup and the
graph's selection all wait until the client's copy is known to be stale.
"""

import pytest

# The view's own queries: the throttle's two are pinned in tests/api/test_throttling.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

REPEAT_READS = [
    "/api/v1/measures/?pillar=4&lead_ministry=JenV&route_stage=terugkeer&status=in_progress",
    "/api/v1/measures/?q=terugkeer&ordering=-title&page_size=2",
    "/api/v1/measures/4.1/",
    "/api/v1/measures/terugkeer-intensiveren/",
    "/api/v1/measures/?format=csv&pillar=4",
    "/api/v1/pillars/4/",
    "/api/v1/ministries/jenv/",
    "/api/v1/changes/?since=2018-01-01",
    "/api/v1/graph/?pillar=4",
    "/api/v1/graph/measures/4.1/",
]


@pytest.mark.parametrize("path", REPEAT_READS)
def test_a_304_costs_exactly_the_version_query(api, world, path, django_assert_num_queries):
    first = api.get(path)
    assert first.status_code == 200, path
    with django_assert_num_queries(1):
        repeat = api.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert repeat.status_code == 304
    assert repeat["ETag"] == first["ETag"]
    assert repeat["Last-Modified"] == first["Last-Modified"]


def test_a_stale_copy_after_an_edit_gets_the_new_body(api, world):
    path = "/api/v1/measures/4.1/"
    first = api.get(path)
    world["measures"]["4.1"].title = "Terugkeer versterken"
    world["measures"]["4.1"].save()
    again = api.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.json()["title"] == "Terugkeer versterken"
    assert again["ETag"] != first["ETag"]


def test_an_invalid_query_keeps_its_400_whatever_etag_it_sends(api, world):
    etag = api.get("/api/v1/measures/?pillar=4")["ETag"]
    for bad in ("/api/v1/measures/?pillar=99", "/api/v1/measures/?pillar=vier"):
        response = api.get(bad, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 400
        assert "pillar" in response.json()["errors"]
    # If-Modified-Since alone names no query: the parameters are still checked.
    modified = api.get("/api/v1/measures/?pillar=4")["Last-Modified"]
    response = api.get("/api/v1/measures/?pillar=99", HTTP_IF_MODIFIED_SINCE=modified)
    assert response.status_code == 400


def test_a_missing_measure_is_a_404_even_with_a_matching_wildcard(api, world):
    assert api.get("/api/v1/measures/9.99/", HTTP_IF_NONE_MATCH="*").status_code == 404
