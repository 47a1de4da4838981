"""The graph API on factory data: query counts that do not grow, a measure's neighbourhood."""

import pytest

from measures.models import MeasureLink
from tests.factories import MeasureFactory, MeasureLinkFactory

# The view's own queries: the throttle's two are pinned in tests/api/test_throttling.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

# One query of each is the content version behind ETag and Last-Modified.
PATHS = [
    ("/api/v1/graph/?pillar=1,2", 4),
    ("/api/v1/graph/?format=csv", 3),
    ("/api/v1/graph/matrix/pillar-ministry/?ministry=XA", 4),
    ("/api/v1/graph/matrix/pillar-pillar/", 3),
]


@pytest.mark.parametrize(("path", "pinned"), PATHS)
def test_each_endpoint_costs_a_fixed_number_of_queries(
    client, grow_agenda, django_assert_max_num_queries, path, pinned
):
    grow_agenda(3)
    with django_assert_max_num_queries(pinned) as small:
        assert client.get(path).status_code == 200
    grow_agenda(30)
    with django_assert_max_num_queries(pinned) as large:
        assert client.get(path).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


def test_a_measures_neighbourhood_by_code_or_slug(client, django_assert_max_num_queries):
    a, b, c, far = (MeasureFactory() for _ in range(4))
    draft = MeasureFactory(is_published=False)
    MeasureLinkFactory(from_measure=a, to_measure=b, kind=MeasureLink.Kind.DEPENDS_ON)
    MeasureLinkFactory(from_measure=b, to_measure=c)
    MeasureLinkFactory(from_measure=c, to_measure=far)
    MeasureLinkFactory(from_measure=a, to_measure=draft)
    with django_assert_max_num_queries(3):
        data = client.get(f"/api/v1/graph/measures/{a.code}/").json()
    assert data["measure"] == a.code
    assert {n["code"]: n["distance"] for n in data["nodes"]} == {a.code: 0, b.code: 1, c.code: 2}
    assert {(e["from"], e["kind"], e["to"]) for e in data["edges"]} == {
        (a.code, "depends_on", b.code),
        (b.code, "supports", c.code),
    }
    assert client.get(f"/api/v1/graph/measures/{a.slug}/").json() == data
    csv_response = client.get(f"/api/v1/graph/measures/{a.code}/?format=csv")
    assert csv_response.content.decode().count("\n") == 3  # header and two links


def test_a_draft_or_unknown_measure_has_no_neighbourhood(client):
    draft = MeasureFactory(is_published=False)
    for key in (draft.code, "9.99"):
        for suffix in ("", "?format=csv"):
            response = client.get(f"/api/v1/graph/measures/{key}/{suffix}")
            assert response.status_code == 404
            assert response["Content-Type"].startswith("application/json")
            assert key in response.json()["detail"]
