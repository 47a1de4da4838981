"""`?as_of=` shows today's public measures with the text they were published with on a past
date, rebuilt from history (measures without an announcement date count from their
publication)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.history import (
    AsOfError,
    measure_detail_as_of,
    measures_as_of,
    measures_then,
    parse_as_of,
)
from measures.models import Measure
from tests.factories import MeasureFactory, PillarFactory
from tests.world import PAST, backdate_everything_so_far

pytestmark = pytest.mark.django_db


def measure_list_as_of(day):
    return measures_then(measures_as_of(Measure.objects.all(), day))


def test_the_list_as_of_a_past_date_shows_that_days_published_state(past_and_present):
    then = {m.title: m for m in measure_list_as_of(PAST)}
    # "Later verwijderd" was deleted since: it is no longer part of the agenda on any day.
    assert set(then) == {"Oude titel"}
    old = then["Oude titel"]
    assert old.status == Measure.Status.ANNOUNCED
    assert old.lead_ministry.abbreviation == "OUD"
    assert [p.number for p in old.other_pillars.all()] == [2]
    today = {m.title for m in measure_list_as_of(timezone.localdate())}
    assert today == {"Nieuwe titel", "Later gepubliceerd"}


def test_the_detail_as_of_a_past_date_has_that_days_parts(past_and_present):
    old = measure_detail_as_of(PAST, past_and_present.slug)
    assert old.title == "Oude titel"
    assert [c.locator for c in old.citations.all()] == ["p. 7"]
    assert [r.ministry.abbreviation for r in old.responsibilities.all()] == ["OUD"]
    assert old.status_changes.count() == 0
    assert old.status == Measure.Status.ANNOUNCED  # its only step came later
    now = measure_detail_as_of(timezone.localdate(), past_and_present.slug)
    assert [step.reason for step in now.status_changes.all()] == ["Begonnen."]


@pytest.mark.parametrize(
    ("value", "message"),
    [("morgen", "geen datum"), ("2026-02-30", "geen datum"), ("", "geen datum")],
)
def test_a_date_that_cannot_be_answered_is_explained(past_and_present, value, message):
    with pytest.raises(AsOfError, match=message):
        parse_as_of(value)


def test_a_future_date_is_explained(past_and_present):
    with pytest.raises(AsOfError, match="toekomst"):
        parse_as_of((timezone.localdate() + datetime.timedelta(days=1)).isoformat())


def test_the_measure_page_says_it_shows_a_past_state(client, past_and_present):
    url = reverse("measures:measure-detail", args=[past_and_present.slug])
    body = client.get(url, {"as_of": PAST.isoformat()}).content.decode()
    assert "Oude titel" in body and "U bekijkt de agenda zoals die was op" in body
    assert "Nieuwe titel" in client.get(url).content.decode()


def test_the_measure_page_answers_a_bad_date_with_a_400_and_a_message(client, past_and_present):
    url = reverse("measures:measure-detail", args=[past_and_present.slug])
    response = client.get(url, {"as_of": "1999-13-01"})
    assert response.status_code == 400
    assert "geen datum" in response.content.decode()
    # Before it was published (it has no announcement date): not yet part of the agenda.
    assert client.get(url, {"as_of": "1999-01-01"}).status_code == 404
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert client.get(url, {"as_of": future}).status_code == 400


def test_a_measure_not_public_then_is_a_404_as_of_that_date(client):
    MeasureFactory()
    draft = MeasureFactory(is_published=False, lead=False)
    backdate_everything_so_far()
    url = reverse("measures:measure-detail", args=[draft.slug])
    assert client.get(url, {"as_of": PAST.isoformat()}).status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_as_of_takes_a_fixed_number_of_queries(rows, django_assert_max_num_queries):
    for _ in range(rows):
        MeasureFactory().other_pillars.add(PillarFactory(number=3))
    backdate_everything_so_far()
    with django_assert_max_num_queries(8):
        assert len(measure_list_as_of(PAST)) == rows
