"""`?as_of=` answers the agenda as it stood on a day: the measures announced by then, with the
status of their dated steps, on the pages (list and measure) of the real content."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from measures.models import Measure
from measures.services import SYSTEM, measure_save
from tests.world import add_measures, build_world

pytestmark = pytest.mark.django_db

# From the content's own steps (measures/content/agenda.yaml, status_history).
STATUS_ON = {
    "2018-04-01": {"1.4": "announced", "4.7": "announced", "6.1": "announced", "2.9": "announced"},
    "2019-10-14": {
        "1.4": "in_progress",  # progress letter of 14 October 2019
        "4.7": "in_preparation",  # LVV agreement of 29 November 2018
        "6.1": "in_preparation",  # Veranderopgave inburgering, 2 July 2018
        "2.9": "announced",  # PROSPECTS came on 18 December 2019
        "2.8": "done",  # Global Compact on Refugees, 17 December 2018
    },
    "2022-06-01": {
        "1.4": "in_progress",
        "4.7": "in_progress",  # LVV progress letter of 17 November 2020
        "6.1": "done",  # Wet inburgering 2021 in force on 1 January 2022
        "2.9": "in_progress",
        "2.8": "done",
    },
}
# Announced after 1 April 2018: 2.7 (18 May 2018), 6.4 and 6.5 (2 July 2018), 2.8 (17 Dec 2018),
# 5.3 (15 Feb 2019).
LATER = {"2.7", "2.8", "5.3", "6.4", "6.5"}


def listed(client, url) -> dict[str, str]:
    """code → status label of the measures on a list page."""
    html = client.get(url).content.decode()
    items = html.split('<li class="measure-item">')[1:]
    return {
        re.search(r'<span class="code">([^<]+)</span>', item).group(1): re.search(
            r'class="status status--([a-z_]+)', item
        ).group(1)
        for item in items
    }


@pytest.mark.parametrize("day", list(STATUS_ON))
def test_the_list_page_shows_each_measures_status_of_that_day(client, agenda, day):
    statuses = listed(client, f"/maatregelen/?as_of={day}&pillar=1,2,4,6")
    for code, status in STATUS_ON[day].items():
        assert statuses[code] == status, code
    today = listed(client, "/maatregelen/?pillar=1,2,4,6")
    assert today["6.1"] == "done" and today["4.7"] == "in_progress"


def test_only_measures_announced_by_that_day_are_listed(client, agenda):
    html = client.get("/maatregelen/?as_of=2018-04-01").content.decode()
    assert "44 maatregelen gevonden" in html
    codes = set(listed(client, "/maatregelen/?as_of=2018-04-01&pillar=2,5,6"))
    assert not codes & LATER
    assert {"2.7", "6.4"} <= set(listed(client, "/maatregelen/?as_of=2018-07-02&pillar=2,6"))
    assert (
        "49 maatregelen gevonden" in client.get("/maatregelen/?as_of=2019-10-14").content.decode()
    )


def test_filters_combine_with_as_of_and_read_that_days_state(client, agenda):
    assert set(listed(client, "/maatregelen/?as_of=2019-10-14&status=in_progress")) == {
        "1.4",
        "3.8",
    }
    assert not listed(client, "/maatregelen/?as_of=2019-10-14&pillar=6&status=done")
    done = set(listed(client, "/maatregelen/?as_of=2022-06-01&pillar=6&status=done"))
    assert done == {"6.1", "6.2", "6.3", "6.4", "6.5"}
    html = client.get("/maatregelen/?as_of=2019-10-14&status=in_progress").content.decode()
    # The list's CSV and API links give the same selection: the day included.
    assert "/api/v1/measures/?as_of=2019-10-14&amp;status=in_progress&amp;format=csv" in html
    found = listed(client, "/maatregelen/?as_of=2018-04-01&q=inburgering&lead_ministry=SZW")
    assert found and set(found) <= {f"6.{n}" for n in range(1, 10)} - LATER


def test_the_facets_count_that_days_statuses(client, agenda):
    html = client.get("/maatregelen/?as_of=2019-10-14").content.decode()
    status_facet = html.split('name="status"')
    in_progress = next(part for part in status_facet if part.startswith(' value="in_progress"'))
    assert "(2)" in in_progress.split("</label>")[0]


def test_a_day_before_the_agenda_is_an_empty_list_with_a_notice(client, agenda):
    response = client.get("/maatregelen/?as_of=2000-01-01")
    html = response.content.decode()
    assert response.status_code == 200
    assert "0 maatregelen gevonden" in html
    assert "de eerste aankondiging is van 10 oktober 2017" in html


def test_a_future_day_is_a_400_that_says_so(client, agenda):
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.get(f"/maatregelen/?as_of={future}")
    assert response.status_code == 400
    assert "ligt in de toekomst" in response.content.decode()
    measure = Measure.objects.get(code="1.4")
    response = client.get(measure.get_absolute_url(), {"as_of": future})
    assert response.status_code == 400 and "ligt in de toekomst" in response.content.decode()


def test_the_measure_page_of_a_day_shows_that_days_status_and_steps(client, agenda):
    measure = Measure.objects.get(code="4.7")
    html = client.get(measure.get_absolute_url(), {"as_of": "2019-10-14"}).content.decode()
    facts = html.split('id="facts-heading"')[1].split("</dl>")[0]
    assert "<dt>Status</dt><dd>in voorbereiding</dd>" in facts
    assert '<time datetime="2018-11-29">' in facts  # status since
    timeline = html.split('id="history-heading"')[1].split("</section>")[0]
    assert "2018-11-29" in timeline and "2020-11-17" not in timeline
    assert "U bekijkt de agenda zoals die was op 14 oktober 2019." in html


def test_a_measure_not_yet_announced_that_day_is_a_404(client, agenda):
    measure = Measure.objects.get(code="5.3")
    assert client.get(measure.get_absolute_url(), {"as_of": "2018-04-01"}).status_code == 404
    assert client.get(measure.get_absolute_url(), {"as_of": "2019-02-15"}).status_code == 200


def test_before_the_record_the_earliest_text_is_shown_with_a_notice(client, agenda):
    measure = Measure.objects.get(code="3.1")
    original = measure.title
    measure.title = "Een latere titel"
    measure_save(measure=measure, by=SYSTEM)
    # The record of this install begins today: 2019 shows the first text it recorded.
    html = client.get(measure.get_absolute_url(), {"as_of": "2019-10-14"}).content.decode()
    assert original in html and "Een latere titel" not in html
    assert "u ziet die vroegst vastgelegde tekst" in html
    today = timezone.localdate().isoformat()
    html = client.get(measure.get_absolute_url(), {"as_of": today}).content.decode()
    assert "Een latere titel" in html and "vroegst vastgelegde tekst" not in html


def test_nothing_under_embargo_today_is_shown_on_any_day(client, agenda):
    measure = Measure.objects.get(code="1.4")
    measure.embargo_until = timezone.now() + datetime.timedelta(days=2)
    measure_save(measure=measure, by=SYSTEM)
    for day in ("2018-04-01", "2019-10-14", timezone.localdate().isoformat()):
        assert "1.4" not in listed(client, f"/maatregelen/?as_of={day}&pillar=1")
        assert client.get(measure.get_absolute_url(), {"as_of": day}).status_code == 404
    # Nor as the other end of a link on another measure's page of that day.
    html = client.get(Measure.objects.get(code="1.1").get_absolute_url(), {"as_of": "2019-10-14"})
    assert measure.get_absolute_url() not in html.content.decode()


def test_the_english_list_of_a_day_shows_english_titles(client, agenda):
    html = client.get("/en/maatregelen/?as_of=2019-10-14&pillar=4").content.decode()
    assert Measure.objects.get(code="4.7").title_en in html
    assert "You are viewing the agenda as it stood on 14 October 2019." in html


def page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("path", "most"),
    [
        # count, the page's rows and their history, facets (one query per facet, the day's
        # state and relations, reference tables), the layout's own queries
        ("/maatregelen/?as_of={day}", 23),
        ("/maatregelen/?as_of={day}&status=announced,in_progress&q=maatregel&pillar=4", 24),
        # the measure, its parts of that day, the linked measures, the neighbourhood graph
        ("/maatregelen/snellere-terugkeer/?as_of={day}", 19),
    ],
)
def test_pages_of_a_day_take_the_same_queries_at_two_sizes(
    client, path, most, django_assert_max_num_queries
):
    world = build_world()
    url = path.format(day=timezone.localdate().isoformat())
    add_measures(world, 3)
    few = page_queries(client, url)
    add_measures(world, 12)
    assert page_queries(client, url) == few
    with django_assert_max_num_queries(most):
        client.get(url)
