"""A fixed number of queries per request, whatever the number of rows (10 vs 200)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.cache import versioned_cache
from measures.models import Measure
from tests.clients import body
from tests.world import bulk_measures

# The view's own queries: the throttle's two are pinned in tests/api/test_throttling.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

# content version, count, the page (one statement builds every row's JSON); plus the lookups
# that validate filter values (ministry, route stage).
LIST_QUERIES = 5


def queries_for(api, url: str) -> int:
    versioned_cache().clear()  # each from a cold count cache, so that both pay the same count
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
    versioned_cache().clear()
    with django_assert_max_num_queries(3 if not query else LIST_QUERIES):
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
    with django_assert_max_num_queries(1):  # the measure's JSON with the content version
        assert api.get("/api/v1/measures/4.1/").status_code == 200


def _first_cursor_page(api) -> str:
    return api.get("/api/v1/measures/?cursor=&page_size=2").json()["next"]


# What each read costs, whatever the number of measures (3 or 30), with a cold count cache:
# the content version, the count, one statement for the page's JSON.
READS = {
    "list": (lambda api: "/api/v1/measures/", 3),
    "list, a later page": (lambda api: "/api/v1/measures/?page=2&page_size=2", 3),
    "list with a cursor": (_first_cursor_page, 3),
    "search": (lambda api: "/api/v1/measures/?q=Maatregel", 3),
    "search by a code": (lambda api: "/api/v1/measures/?q=2.2", 3),
    "detail": (lambda api: "/api/v1/measures/2.2/", 1),  # the version in the same statement
}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("read", list(READS))
def test_reads_cost_the_same_queries_for_3_and_30_measures(
    api, db, read, size, django_assert_num_queries
):
    url_for, expected = READS[read]
    bulk_measures(size)
    url = url_for(api)
    versioned_cache().clear()
    with django_assert_num_queries(expected):
        response = api.get(url)
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == "2.2" if read == "detail" else data["results"]


def test_a_repeat_read_at_the_same_version_costs_no_count(api, db, django_assert_num_queries):
    bulk_measures(30)
    assert api.get("/api/v1/measures/?pillar=2").json()["count"] == 30
    # Another page of the same selection: the content version and the page, no COUNT(*).
    with django_assert_num_queries(2 + 1):  # + the pillar filter's lookup
        data = api.get("/api/v1/measures/?pillar=2&page=2&page_size=10&ordering=-code").json()
    assert data["count"] == 30
    assert len(data["results"]) == 10


def test_a_content_change_is_counted_on_the_next_read(api, db):
    measures = bulk_measures(30)
    assert api.get("/api/v1/measures/").json()["count"] == 30
    Measure.objects.filter(pk=measures[0].pk).update(is_published=False)
    assert api.get("/api/v1/measures/").json()["count"] == 29
    assert api.get("/api/v1/measures/?cursor=").json()["count"] == 29


def test_each_selection_has_its_own_count(api, db):
    bulk_measures(5, pillar_number=1)
    bulk_measures(7, pillar_number=3)
    assert api.get("/api/v1/measures/?pillar=1").json()["count"] == 5
    assert api.get("/api/v1/measures/?pillar=3").json()["count"] == 7
    assert api.get("/api/v1/measures/?pillar=1,3").json()["count"] == 12
    assert api.get("/api/v1/measures/?q=Maatregel&pillar=1").json()["count"] == 5
    assert api.get("/api/v1/measures/").json()["count"] == 12
