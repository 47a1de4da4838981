"""The public change log: one event per public change, tombstones, embargo, never an editor."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from changelog.models import ChangeEvent
from measures.models import Measure
from measures.services import SYSTEM, measure_set_published, measure_set_status
from tests.clients import change_form_data
from tests.factories import MeasureFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def kinds(measure_pk=None):
    events = ChangeEvent.objects.public()
    if measure_pk:
        events = events.filter(measure_pk=measure_pk)
    return list(events.values_list("kind", flat=True))


def test_each_kind_of_public_change_is_recorded_once_in_order(editor, chief_editor):
    measure = MeasureFactory(is_published=False)
    assert kinds(measure.pk) == []  # a draft is not news
    measure_set_published(measure=measure, published=True, by=chief_editor)
    measure.title = "Nieuwe titel"
    measure.save()
    measure_set_status(
        measure=measure,
        status=Measure.Status.IN_PROGRESS,
        reason="Gestart na Kamerdebat.",
        by=editor,
    )
    measure_set_published(measure=measure, published=False, by=SYSTEM)
    measure_set_published(measure=measure, published=True, by=SYSTEM)
    pk = measure.pk
    measure.delete()
    assert kinds(pk) == [
        "created",
        "changed",
        "status_changed",
        "unpublished",
        "published",
        "deleted",
    ]
    changed, status_changed = ChangeEvent.objects.filter(
        measure_pk=pk, kind__in=["changed", "status_changed"]
    )
    assert changed.changed_fields == ["title"]
    assert status_changed.reason == "Gestart na Kamerdebat."
    assert status_changed.status == Measure.Status.IN_PROGRESS
    tombstone = ChangeEvent.objects.filter(measure_pk=pk).last()
    assert (tombstone.code, tombstone.title, tombstone.is_tombstone) == (
        measure.code,
        "Nieuwe titel",
        True,
    )


def test_changes_to_a_draft_are_not_public():
    draft = MeasureFactory(is_published=False)
    draft.title = "Geheim"
    draft.save()
    draft.delete()
    assert ChangeEvent.objects.count() == 0


def test_a_change_to_a_part_of_a_public_measure_is_recorded():
    measure = MeasureFactory()
    ResponsibilityFactory(measure=measure)
    event = ChangeEvent.objects.last()
    assert (event.kind, event.changed_fields) == ("changed", ["responsibilities"])
    assert event.changed_field_labels == ["ministeries"]


def test_an_embargo_hides_the_measure_and_leaves_a_tombstone_until_it_ends():
    measure = MeasureFactory()
    before = kinds(measure.pk)
    measure.embargo_until = timezone.now() + datetime.timedelta(days=2)
    measure.save()
    assert kinds(measure.pk) == [*before, "unpublished"]
    assert not Measure.objects.published().filter(pk=measure.pk).exists()
    # The end of the embargo is written ahead and appears when the time comes.
    later = timezone.now() + datetime.timedelta(days=3)
    assert list(
        ChangeEvent.objects.public(at=later)
        .filter(measure_pk=measure.pk)
        .values_list("kind", flat=True)
    ) == [*before, "unpublished", "published"]
    # Moving the embargo rewrites that future event.
    measure.embargo_until = timezone.now() + datetime.timedelta(days=10)
    measure.save()
    assert (
        ChangeEvent.objects.public(at=later).filter(measure_pk=measure.pk).count()
        == len(before) + 1
    )


def test_one_admin_save_is_one_public_event(chief_client):
    measure = MeasureFactory()
    before = ChangeEvent.objects.count()
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    url, data = change_form_data(chief_client, measure)
    data.update(title="Andere titel", status="done", status_reason="Klaar.")
    assert chief_client.post(url, data).status_code == 302
    assert ChangeEvent.objects.count() == before + 1
    event = ChangeEvent.objects.last()
    assert event.kind == "status_changed" and set(event.changed_fields) >= {"title", "status"}


@pytest.fixture
def public_history(editor, chief_editor):
    """A measure that was created, changed status, and one that was deleted, by named editors."""
    kept = MeasureFactory(title="Blijvende maatregel")
    measure_set_status(
        measure=kept, status=Measure.Status.DONE, reason="Afgerond volgens planning.", by=editor
    )
    gone = MeasureFactory(title="Vervallen maatregel")
    gone._history_user = chief_editor
    gone.delete()
    return kept


def test_the_change_log_page_lists_changes_with_reasons_newest_first(client, public_history):
    body = client.get(reverse("changelog:change-list")).content.decode()
    assert body.index("Vervallen maatregel") < body.index("Afgerond volgens planning.")
    assert "verwijderd" in body


def test_the_atom_feed_lists_the_changes(client, public_history):
    response = client.get(reverse("changelog:change-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles[0].endswith("Vervallen maatregel: verwijderd")
    assert any(
        "Afgerond volgens planning." in entry.find(f"{ATOM}summary").text for entry in entries
    )


def test_a_measure_has_its_own_feed(client, public_history):
    MeasureFactory(title="Andere maatregel")
    response = client.get(reverse("changelog:measure-feed", args=[public_history.slug]))
    titles = [
        e.find(f"{ATOM}title").text for e in ET.fromstring(response.content).findall(f"{ATOM}entry")
    ]
    # Its record events, and its policy events: the status step, told on the policy clock (the
    # record's own "status changed" is then left out of the feed).
    record = ChangeEvent.objects.filter(measure_pk=public_history.pk).exclude(kind="status_changed")
    expected = record.count() + public_history.status_changes.count()
    assert len(titles) == expected >= 2 and all("Blijvende maatregel" in t for t in titles)
    assert client.get(reverse("changelog:measure-feed", args=["bestaat-niet"])).status_code == 404


def test_a_draft_has_no_feed(client):
    draft = MeasureFactory(is_published=False)
    assert client.get(reverse("changelog:measure-feed", args=[draft.slug])).status_code == 404


def test_the_changes_api_returns_changes_in_order_with_tombstones(client, public_history):
    data = client.get("/api/v1/changes/").json()
    results = data["results"]
    assert [r["change"] for r in results][-1] == "deleted"
    assert results[-1]["tombstone"] is True and results[-1]["url"] is None
    assert results[-1]["title"] == "Vervallen maatregel"
    times = [r["changed_at"] for r in results]
    assert times == sorted(times)
    status = next(r for r in results if r["change"] == "status_changed")
    assert status["reason"] == "Afgerond volgens planning." and status["status"] == "done"


def test_the_changes_api_returns_only_changes_since(client, public_history):
    last = ChangeEvent.objects.last()
    since = last.occurred_at.isoformat()
    results = client.get("/api/v1/changes/", {"since": since}).json()["results"]
    assert [r["id"] for r in results] == [last.pk]  # at or after: the newest seen comes again
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()  # Dutch day
    assert client.get("/api/v1/changes/", {"since": future}).json()["results"] == []


@pytest.mark.parametrize("since", ["gisteren", "2026-13-45", "2026-02-30T10:00"])
def test_a_bad_since_is_a_400_naming_the_parameter(client, since):
    response = client.get("/api/v1/changes/", {"since": since})
    assert response.status_code == 400
    assert "since" in response.json()["errors"]


def test_the_changes_api_pages_through_everything(client):
    MeasureFactory.create_batch(5)
    page = client.get("/api/v1/changes/", {"page_size": 2}).json()
    seen = [r["id"] for r in page["results"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [r["id"] for r in page["results"]]
    assert len(seen) > 2
    assert seen == list(ChangeEvent.objects.values_list("id", flat=True))


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.usefixtures("unthrottled")  # the throttle's queries: tests/api/test_throttling.py
def test_the_changes_api_and_page_take_a_fixed_number_of_queries(
    client, rows, django_assert_max_num_queries
):
    MeasureFactory.create_batch(rows)
    with django_assert_max_num_queries(3):  # content version, count, page
        results = client.get("/api/v1/changes/", {"page_size": 100}).json()["results"]
    assert len(results) == ChangeEvent.objects.count() >= rows
    with django_assert_max_num_queries(3):
        client.get(reverse("changelog:change-list"))
    with django_assert_max_num_queries(2):
        client.get(reverse("changelog:change-feed"))


def test_public_outputs_never_name_the_editor(client, public_history, editor, chief_editor):
    outputs = [
        client.get(reverse("changelog:change-list")).content.decode(),
        client.get(reverse("changelog:change-feed")).content.decode(),
        client.get(reverse("changelog:measure-feed", args=[public_history.slug])).content.decode(),
        client.get("/api/v1/changes/").content.decode(),
    ]
    for user in (editor, chief_editor):
        for text in (user.username, user.email, user.last_name):
            assert all(text not in output for output in outputs), text
    assert "Afgerond volgens planning." in outputs[3]  # the reason is public
