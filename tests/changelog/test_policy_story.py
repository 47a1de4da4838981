"""The change log tells the agenda's story: dated policy events, and, marked apart, what was
recorded in this knowledge base; mirrors keep following the record with `changes/?since=`."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from changelog.models import ChangeEvent
from measures.content_loader import agenda_content_load
from measures.models import Measure, StatusChange
from measures.services import SYSTEM, measure_correct, measure_delete, measure_save
from tests.factories import MeasureFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def years(html: str) -> set[int]:
    return {int(year) for year in re.findall(r'<time datetime="(\d{4})-', html)}


def test_a_fresh_install_tells_the_agendas_dated_events_not_the_install(client, agenda):
    assert not ChangeEvent.objects.exists()  # loading the shipped agenda is no change
    html = client.get("/wijzigingen/").content.decode()
    assert years(html) <= set(range(2017, 2023)) and {2018, 2019, 2022} <= years(html)
    assert not re.search(r"— nieuw\s*<", html)  # no "new" entries dated today
    first = html.split('<li id="')[1]
    assert first.startswith("stap-") and 'datetime="2022-01-01"' in first
    assert '<span class="clock clock--policy">Beleid</span>' in first
    assert "Wet inburgering 2021" in first  # the source that dates it
    # Every step of the content, on its own date, in the API too.
    changes = client.get("/api/v1/changes/", {"page_size": 500}).json()
    assert changes["count"] == StatusChange.objects.count()
    oldest = changes["results"][0]
    assert (oldest["clock"], oldest["change"], oldest["date"]) == (
        "policy",
        "announced",
        "2017-10-10",
    )
    assert oldest["source"]["slug"] == "regeerakkoord-2017-2021"
    assert (
        oldest["changed_at"] == "2017-10-09T22:00:00.000000Z"
    )  # the start of that day, Dutch time


def test_the_feed_dates_its_entries_on_the_policy_clock(client, agenda):
    feed = ET.fromstring(client.get("/wijzigingen/feed/").content)
    updated = [entry.find(f"{ATOM}updated").text for entry in feed.findall(f"{ATOM}entry")]
    assert updated and all("2017" <= stamp[:4] <= "2022" for stamp in updated)
    ids = [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")]
    assert all(":stap-" in entry_id for entry_id in ids)
    measure = Measure.objects.get(code="4.7")
    own = ET.fromstring(client.get(f"/maatregelen/{measure.slug}/feed/").content)
    assert [e.find(f"{ATOM}updated").text[:10] for e in own.findall(f"{ATOM}entry")] == [
        "2020-11-16",  # 17 November 2020, 00:00 in Dutch time
        "2018-11-28",
        "2017-10-09",
    ]


def test_an_editorial_correction_is_marked_apart_from_the_policy_events(client, agenda):
    measure = Measure.objects.get(code="3.2")
    measure.summary = measure.summary + " (Gecorrigeerd.)"
    measure_correct(measure=measure, by=SYSTEM, reason="Tikfout hersteld.", reason_en="Typo fixed.")
    html = client.get("/wijzigingen/").content.decode()
    first = html.split('<li id="')[1]
    assert first.startswith("wijziging-")
    assert '<span class="clock clock--record">Correctie</span>' in first
    assert "Tikfout hersteld." in first
    english = client.get("/en/wijzigingen/").content.decode().split('<li id="')[1]
    assert "Typo fixed." in english and "Correction" in english
    results = client.get("/api/v1/changes/", {"page_size": 500}).json()["results"]
    assert results[-1]["clock"] == "record" and results[-1]["change"] == "corrected"
    assert results[-1]["reason_en"] == "Typo fixed."


def test_a_mirror_follows_the_record_with_since(client, agenda):
    start = timezone.now()
    measure = Measure.objects.get(code="5.2")
    measure.title = "Een nieuwe titel"
    measure_save(measure=measure, by=SYSTEM)
    gone = Measure.objects.get(code="5.7")
    measure_delete(measure=gone, by=SYSTEM)
    results = client.get("/api/v1/changes/", {"since": start.isoformat()}).json()["results"]
    # The new title; the measure linked to the deleted one (its links changed); the tombstone.
    assert [(r["clock"], r["code"], r["change"], r["tombstone"]) for r in results] == [
        ("record", "5.2", "changed", False),
        ("record", "5.6", "changed", False),
        ("record", "5.7", "deleted", True),
    ]
    assert results[0]["url"].endswith("/api/v1/measures/5.2/") and results[-1]["url"] is None
    # The deleted measure's policy events go with it.
    everything = client.get("/api/v1/changes/", {"page_size": 500}).json()["results"]
    assert not [r for r in everything if r["code"] == "5.7" and r["clock"] == "policy"]


def test_a_later_load_that_adds_a_measure_is_recorded_as_new(agenda):
    Measure.objects.get(code="6.9").delete()
    ChangeEvent.objects.all().delete()
    from measures.models import LoadedContentItem

    LoadedContentItem.objects.filter(kind="measure", key="6.9").delete()
    agenda_content_load()
    assert list(ChangeEvent.objects.values_list("code", "kind")) == [("6.9", "created")]


def test_steps_of_measures_not_public_and_steps_not_yet_dated_are_left_out(client, db):
    draft = MeasureFactory(is_published=False, title="Concept")
    embargoed = MeasureFactory(embargo_until=timezone.now() + datetime.timedelta(days=1))
    public = MeasureFactory(title="Openbaar")
    for measure in (draft, embargoed, public):
        StatusChangeFactory(measure=measure, date=datetime.date(2019, 10, 14), reason="Stap.")
    StatusChangeFactory(measure=public, date=datetime.date(2099, 1, 1), reason="Gepland.")
    html = client.get("/wijzigingen/").content.decode()
    assert "Openbaar" in html and "Gepland." not in html
    assert draft.title not in html and embargoed.title not in html
    policy = [r for r in client.get("/api/v1/changes/").json()["results"] if r["clock"] == "policy"]
    assert [(r["code"], r["date"]) for r in policy] == [(public.code, "2019-10-14")]


def test_the_change_log_of_one_pillar(client, agenda):
    html = client.get("/wijzigingen/", {"pillar": 6}).content.decode()
    codes = set(re.findall(r"<strong>(\d\.\d+) ", html))
    assert codes and {code[0] for code in codes} == {"6"}
    response = client.get("/wijzigingen/", {"pillar": 9})
    assert response.status_code == 400
    assert "Onbekende pijler" in response.content.decode()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.usefixtures("unthrottled")  # the API's own queries, not the throttle's
@pytest.mark.parametrize(
    ("url", "most"),
    [("/wijzigingen/", 3), ("/wijzigingen/feed/", 2), ("/api/v1/changes/?page_size=500", 4)],
)
def test_the_change_log_takes_the_same_queries_at_two_sizes(
    client, db, url, most, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            measure = MeasureFactory()
            StatusChangeFactory(measure=measure, date=datetime.date(2018, 3, 29), reason="Stap.")
            measure.title = "Gewijzigd"
            measure.save()

    add(2)
    few = queries(client, url)
    add(10)
    assert queries(client, url) == few
    with django_assert_max_num_queries(most):  # (content version,) count, page, sources
        client.get(url)
