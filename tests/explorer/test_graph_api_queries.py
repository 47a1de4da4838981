"""The graph API's query count does not grow with the number of measures."""

import pytest

pytestmark = pytest.mark.django_db

PATHS = [
    ("/api/v1/graph/?pillar=1,2", 5),
    ("/api/v1/graph/?format=csv", 4),
    ("/api/v1/graph/matrix/pillar-ministry/?ministry=XA", 4),
    ("/api/v1/graph/matrix/pillar-pillar/", 2),
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
