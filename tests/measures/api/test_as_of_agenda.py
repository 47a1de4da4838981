"""`?as_of=` on the API's measure list and detail: the agenda of a day, with filters, files and
a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from measures.models import Measure
from measures.services import SYSTEM, measure_save
from tests.clients import body
from tests.measures.test_agenda_as_of import LATER, STATUS_ON
from tests.world import add_measures, build_world

pytestmark = pytest.mark.django_db


def statuses(api, day: str, **filters) -> dict[str, str]:
    response = api.get("/api/v1/measures/", {"as_of": day, "page_size": 100, **filters})
    assert response.status_code == 200, response.content
    return {row["code"]: row["status"] for row in response.json()["results"]}


@pytest.mark.parametrize("day", list(STATUS_ON))
def test_the_list_gives_each_measures_status_of_that_day(api, agenda, day):
    assert {code: statuses(api, day)[code] for code in STATUS_ON[day]} == STATUS_ON[day]


def test_the_three_days_are_three_different_agendas(api, agenda):
    april_2018, october_2019, june_2022 = (statuses(api, day) for day in STATUS_ON)
    assert len(april_2018) == 44 and not set(april_2018) & LATER
    assert len(october_2019) == len(june_2022) == 49
    assert april_2018 != {code: october_2019[code] for code in april_2018}
    assert october_2019 != june_2022


def test_the_detail_of_a_day_has_that_days_status_and_steps(api, agenda):
    detail = api.get("/api/v1/measures/6.1/", {"as_of": "2019-10-14"}).json()
    assert detail["status"] == "in_preparation"
    assert detail["status_since"] == "2018-07-02"
    assert [step["date"] for step in detail["status_history"]] == ["2017-10-10", "2018-07-02"]
    assert detail["as_of"]["date"] == "2019-10-14"
    # The record of this install begins today: the earliest recorded text, and it says so.
    assert detail["as_of"]["earliest_text"] is True
    assert api.get("/api/v1/measures/6.1/").json()["status"] == "done"


def test_filters_and_files_combine_with_as_of(api, agenda):
    assert set(statuses(api, "2019-10-14", status="in_progress")) == {"1.4", "3.8"}
    assert set(statuses(api, "2022-06-01", pillar=6, status="done")) == {
        "6.1",
        "6.2",
        "6.3",
        "6.4",
        "6.5",
    }
    assert not statuses(api, "2019-10-14", pillar=6, status="done")
    response = api.get("/api/v1/measures/", {"as_of": "2018-04-01", "format": "csv", "pillar": 2})
    lines = body(response).decode("utf-8-sig").splitlines()
    assert response.status_code == 200 and lines[0].startswith("code,title,status")
    codes = {line.split(",")[0] for line in lines[1:]}
    assert codes == {"2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.9"}


def test_a_day_before_the_agenda_is_an_empty_list_with_a_notice(api, agenda):
    response = api.get("/api/v1/measures/", {"as_of": "2000-01-01"})
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 0 and page["results"] == []
    assert page["as_of"]["agenda_first_day"] == "2017-10-10"
    assert "nog geen maatregel" in page["as_of"]["notice"]
    detail = api.get("/api/v1/measures/1.4/", {"as_of": "2000-01-01"})
    assert detail.status_code == 404 and "2018-03-29" in detail.json()["detail"]


def test_a_future_day_is_a_400_naming_as_of(api, agenda):
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for url in ("/api/v1/measures/", "/api/v1/measures/1.4/"):
        response = api.get(url, {"as_of": future})
        assert response.status_code == 400
        assert "toekomst" in response.json()["errors"]["as_of"][0]
        # An empty day is no day: a 400 too, not today's answer.
        assert "as_of" in api.get(url, {"as_of": ""}).json()["errors"]


def test_nothing_under_embargo_today_is_in_any_days_answer(api, agenda):
    measure = Measure.objects.get(code="1.4")
    measure.embargo_until = timezone.now() + datetime.timedelta(hours=3)
    measure_save(measure=measure, by=SYSTEM)
    for day in ("2019-10-14", timezone.localdate().isoformat()):
        assert "1.4" not in statuses(api, day)
        assert api.get("/api/v1/measures/1.4/", {"as_of": day}).status_code == 404
        related = api.get("/api/v1/measures/1.1/", {"as_of": day}).json()["related_measures"]
        assert "1.4" not in {link["code"] for link in related}


def queries(api, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
        body(response)
    assert response.status_code == 200, body(response)
    return len(captured)


# Content version, count, the page's rows, their versions, pillars, four many-to-many fields,
# the ministries' roles, the agenda's first day, the API's pillars and ministries; the filters'
# value lookups; the CSV adds citations; the detail adds steps, citations, links and the
# linked measures' versions.
# The view's own queries: the throttle's two are pinned in tests/api/test_throttling.py.
@pytest.mark.usefixtures("unthrottled")
@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/api/v1/measures/?as_of={day}&page_size=200", 13),
        (
            "/api/v1/measures/?as_of={day}&pillar=4&lead_ministry=SZW&q=maatregel&ordering=-title",
            15,
        ),
        ("/api/v1/measures/?as_of={day}&format=csv", 12),
        ("/api/v1/measures/4.1/?as_of={day}", 19),
    ],
)
def test_as_of_answers_take_the_same_queries_at_two_sizes(
    api, path, most, django_assert_max_num_queries
):
    world = build_world()
    url = path.format(day=timezone.localdate().isoformat())
    add_measures(world, 3)
    few = queries(api, url)
    add_measures(world, 12)
    assert queries(api, url) == few
    with django_assert_max_num_queries(most):
        body(api.get(url))
