"""A fixed number of queries per request, whatever the number of rows (10 vs 200)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.clients import body
from tests.world import bulk_measures

# The view's own queries: the throttle's two are pinned in tests/api/test_throttling.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

# content version, count, the page's rows (relations as PostgreSQL arrays), pillars and
# ministries; plus the lookups that validate filter values (pillar, ministry, route stage).
LIST_QUERIES = 8


def queries_for(api, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
        body(response)  # a streamed CSV runs its queries while it is read
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "&pillar=2&status=announced,done&ordering=-title",
        "&lead_ministry={lead}&route_stage={stage}&q=Maatregel&updated_since=2018-01-01",
    ],
)
def test_list_queries_do_not_grow_with_the_page_size(api, db, query, django_assert_max_num_queries):
    measures = bulk_measures(200)
    query = query.format(
        lead=measures[0].lead_ministry.abbreviation, stage=measures[0].route_stages.get().slug
    )
    small = queries_for(api, f"/api/v1/measures/?page_size=10{query}")
    large = queries_for(api, f"/api/v1/measures/?page_size=200{query}")
    assert small == large
    with django_assert_max_num_queries(5 if not query else LIST_QUERIES):
        response = api.get(f"/api/v1/measures/?page_size=200{query}")
    assert len(response.json()["results"]) == 200


def test_csv_queries_do_not_grow_with_the_rows(api, db, django_assert_max_num_queries):
    bulk_measures(10, pillar_number=1)
    bulk_measures(200, pillar_number=2)
    assert queries_for(api, "/api/v1/measures/?format=csv&pillar=1") == queries_for(
        api, "/api/v1/measures/?format=csv&pillar=2"
    )
    with django_assert_max_num_queries(5):
        body(api.get("/api/v1/measures/?format=csv&pillar=2"))


@pytest.mark.parametrize(
    "path", ["/api/v1/pillars/", "/api/v1/ministries/", "/api/v1/sources/", "/api/v1/changes/"]
)
def test_other_lists_have_a_fixed_number_of_queries(api, db, path, django_assert_max_num_queries):
    bulk_measures(10, pillar_number=1)
    few = queries_for(api, path)
    bulk_measures(200, pillar_number=2)
    assert queries_for(api, path) == few
    with django_assert_max_num_queries(6):
        api.get(path)


def test_a_304_costs_one_query(api, db, django_assert_num_queries):
    bulk_measures(20)
    etag = api.get("/api/v1/measures/?page_size=20")["ETag"]
    with django_assert_num_queries(1):
        assert api.get("/api/v1/measures/?page_size=20", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_detail_has_a_fixed_number_of_queries(api, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        assert api.get("/api/v1/measures/4.1/").status_code == 200
