from tests.api.conftest import body


def test_explore(api, world, django_assert_max_num_queries):
    for url in ["/api/v1/", "/api/v1/measures/?page_size=2", "/api/v1/measures/4.1/", "/api/v1/measures/?status=foo", "/api/v1/measures/?format=csv&pillar=4", "/api/v1/pillars/", "/api/v1/ministries/jenv/", "/api/v1/sources/", "/api/v1/changes/", "/api/v1/nope/", "/api/v1/measures/?page=9"]:
        r = api.get(url)
        print(url, r.status_code, dict(r.headers))
        print(body(r)[:1200].decode())
    assert 0
