"""measures/?cursor=: keyset pages beside page numbers, for deep and sync reads."""

import base64
import datetime

import pytest
from django.utils import timezone

from measures.models import Measure
from tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/measures/"
ALL = ["1.1", "3.1", "4.1", "4.2", "4.10"]


def walk(api, first_url: str, link: str = "next") -> list[list[str]]:
    """The codes of every page, following `link` from `first_url`."""
    pages, url = [], first_url
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        data = response.json()
        pages.append([row["code"] for row in data["results"]])
        url = data[link]
    return pages


def test_an_empty_cursor_starts_and_next_links_walk_the_list_in_code_order(api, world):
    first = api.get(f"{URL}?cursor=&page_size=2").json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 5
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/measures/?cursor=")
    assert "page_size=2" in first["next"] and "page=" not in first["next"]
    assert walk(api, f"{URL}?cursor=&page_size=2") == [["1.1", "3.1"], ["4.1", "4.2"], ["4.10"]]


def test_cursor_pages_hold_the_same_rows_as_numbered_pages_with_filters(api, world):
    for query in ["", "pillar=4", "lead_ministry=JenV", "q=terugkeer&ordering=code"]:
        numbered = walk(api, f"{URL}?page_size=2&{query}")
        by_cursor = walk(api, f"{URL}?page_size=2&cursor=&{query}")
        assert by_cursor == numbered, query


def test_previous_links_walk_back_to_the_first_page(api, world):
    data = api.get(f"{URL}?cursor=&page_size=2").json()
    while data["next"]:
        data = api.get(data["next"]).json()
    assert [row["code"] for row in data["results"]] == ["4.10"]
    assert walk(api, data["previous"], link="previous") == [["4.1", "4.2"], ["1.1", "3.1"]]
    back_to_start = api.get(api.get(data["previous"]).json()["previous"]).json()
    assert back_to_start["previous"] is None
    assert [row["code"] for row in api.get(back_to_start["next"]).json()["results"]] == [
        "4.1",
        "4.2",
    ]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("-code", ["4.10", "4.2", "4.1", "3.1", "1.1"]),
        ("title", ["3.1", "1.1", "4.10", "4.2", "4.1"]),
        ("-title", ["4.1", "4.2", "4.10", "1.1", "3.1"]),
    ],
)
def test_cursors_follow_every_ordering(api, world, ordering, expected):
    pages = walk(api, f"{URL}?cursor=&page_size=2&ordering={ordering}")
    assert [code for page in pages for code in page] == expected


def test_a_sync_by_updated_at_sees_equal_moments_once_each(api, world):
    moment = timezone.now() - datetime.timedelta(days=3)
    Measure.objects.filter(code__in=["4.2", "1.1", "4.10"]).update(updated_at=moment)
    Measure.objects.filter(code__in=["3.1", "4.1"]).update(updated_at=moment.replace(year=2019))
    pages = walk(api, f"{URL}?cursor=&page_size=2&ordering=updated_at")
    # Ties on updated_at are broken by the primary key, so no row is skipped or repeated.
    codes = [code for page in pages for code in page]
    assert sorted(codes) == sorted(ALL)
    assert set(codes[:2]) == {"3.1", "4.1"}


def test_a_row_added_before_the_cursor_does_not_shift_the_next_page(api, world):
    first = api.get(f"{URL}?cursor=&page_size=2").json()
    numbered_first = api.get(f"{URL}?page_size=2").json()
    MeasureFactory(code="1.0", pillar=world["pillars"][1], lead=world["jenv"])
    # The keyset page goes on after 3.1; page 2 by number has moved one row back.
    assert [row["code"] for row in api.get(first["next"]).json()["results"]] == ["4.1", "4.2"]
    assert [row["code"] for row in api.get(numbered_first["next"]).json()["results"]] == [
        "3.1",
        "4.1",
    ]


def test_a_search_needs_an_ordering_to_be_paged_by_cursor(api, world):
    response = api.get(f"{URL}?q=terugkeer&cursor=")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]
    assert "ordering" in response.json()["detail"]


def _token(payload: bytes) -> str:
    return base64.urlsafe_b64encode(payload).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "!!!",
        _token(b"[1, 2]"),
        _token(b'[">", ["code_order", "id"], [4001]]'),
        _token(b'["?", ["code_order", "id"], [4001, 3]]'),
        _token(b'[">", ["code_order", "id"], ["x", 3]]'),
        _token(b'[">", ["code_order", "id"], [true, 3]]'),
        _token(b'[">", ["updated_at", "id"], ["yesterday", 3]]'),
        _token(b'[">", [], []]'),
        _token("é".encode()),
    ],
)
def test_a_bad_cursor_is_a_400_naming_cursor(api, world, cursor):
    response = api.get(f"{URL}?cursor={cursor}")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["cursor"]
    assert "parameter 'cursor'" in response.json()["detail"]


def test_a_cursor_of_another_ordering_is_a_400(api, world):
    by_title = api.get(f"{URL}?cursor=&page_size=2&ordering=title").json()["next"]
    response = api.get(by_title.replace("ordering=title", "ordering=code"))
    assert response.status_code == 400
    assert "another ordering" in response.json()["detail"]


@pytest.mark.parametrize("extra", ["page=2", "format=csv", "format=xlsx", "as_of=2019-10-14"])
def test_cursor_with_page_or_a_file_format_is_a_400(api, world, extra):
    response = api.get(f"{URL}?cursor=&{extra}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == ["cursor"]


def test_a_cursor_page_has_its_own_etag_and_answers_304(api, world):
    first = api.get(f"{URL}?cursor=&page_size=2")
    later = api.get(first.json()["next"])
    assert first["ETag"] != later["ETag"]
    again = api.get(first.json()["next"], HTTP_IF_NONE_MATCH=later["ETag"])
    assert again.status_code == 304
