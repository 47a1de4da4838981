"""Every change to a measure and to its parts is kept, with who and when, and can be restored."""

import pytest
from django.urls import reverse

from changelog.models import ChangeEvent
from measures.models import (
    Citation,
    Measure,
    MeasureLink,
    Responsibility,
    StatusChange,
)
from measures.services import measure_set_status
from tests.factories import (
    CitationFactory,
    MeasureFactory,
    MeasureLinkFactory,
    ResponsibilityFactory,
)

pytestmark = pytest.mark.django_db


def test_creating_changing_and_deleting_a_measure_is_kept_in_its_history(measure):
    measure.title = "Terugkeer sneller"
    measure.save()
    pk = measure.pk
    measure.delete()
    kinds = list(
        Measure.history.filter(id=pk)
        .order_by("history_date")
        .values_list("history_type", flat=True)
    )
    assert kinds[0] == "+" and kinds[-1] == "-" and "~" in kinds
    titles = list(Measure.history.filter(id=pk).values_list("title", flat=True))
    assert "Terugkeer versterken" in titles and "Terugkeer sneller" in titles


def test_history_of_responsibilities_citations_links_and_status_changes_is_kept(measure, editor):
    responsibility = ResponsibilityFactory(measure=measure)
    responsibility.role = Responsibility.Role.CONSULTED
    responsibility.save()
    citation = CitationFactory(measure=measure)
    citation_id = citation.id
    citation.delete()
    link = MeasureLinkFactory(from_measure=measure, to_measure=MeasureFactory())
    measure_set_status(
        measure=measure, status=Measure.Status.IN_PROGRESS, reason="Begonnen.", by=editor
    )

    assert Responsibility.history.filter(measure_id=measure.pk).count() == 3  # lead, co, change
    assert list(Citation.history.filter(id=citation_id).values_list("history_type", flat=True)) == [
        "-",
        "+",
    ]
    assert MeasureLink.history.filter(id=link.id).exists()
    status_record = StatusChange.history.get(measure_id=measure.pk)
    assert status_record.history_user == editor
    assert Measure.history.filter(id=measure.pk).latest().history_user == editor


def test_changing_the_other_pillars_is_part_of_the_history(measure):
    other = MeasureFactory().pillar
    measure.other_pillars.add(other)
    latest, previous = Measure.history.filter(id=measure.pk).order_by("-history_date")[:2]
    assert "other_pillars" in latest.diff_against(previous).changed_fields


def test_the_admin_shows_a_readable_diff_per_change(chief_client, measure):
    measure.summary = "Nieuwe samenvatting."
    measure.save()
    url = reverse("admin:measures_measure_history", args=[measure.pk])
    body = chief_client.get(url).content.decode()
    assert "Meer terugkeer." in body and "Nieuwe samenvatting." in body
    assert "samenvatting" in body.lower()


def test_an_earlier_version_can_be_restored_in_the_admin(chief_client, measure):
    original = Measure.history.filter(id=measure.pk).earliest()
    measure.title = "Verkeerde titel"
    measure.save()
    url = reverse("admin:measures_measure_simple_history", args=[measure.pk, original.history_id])
    form = chief_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "other_pillars": [],
            "route_stages": [],
            "levels": [],
            "organisations": [],
            "pillar": measure.pillar_id,
            "embargo_until_0": "",
            "embargo_until_1": "",
        }
    )
    data["is_published"] = "on"
    response = chief_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    measure.refresh_from_db()
    assert measure.title == "Terugkeer versterken"
    assert Measure.history.filter(id=measure.pk).count() == 3


def test_an_editor_restoring_a_version_does_not_restore_its_publication(editor_client, measure):
    draft_version = Measure.history.filter(id=measure.pk).earliest()
    Measure.objects.filter(pk=measure.pk).update(is_published=False)
    draft_version.is_published = True  # the old version was public
    draft_version.save()
    url = reverse(
        "admin:measures_measure_simple_history", args=[measure.pk, draft_version.history_id]
    )
    form = editor_client.get(url).context["adminform"].form
    assert "is_published" not in form.fields
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"other_pillars": [], "route_stages": [], "levels": [], "organisations": []})
    response = editor_client.post(url, data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.is_published is False


def test_the_loader_leaves_history_and_no_public_event_in_an_empty_knowledge_base(agenda):
    assert Measure.history.filter(history_type="+").count() == Measure.objects.count()
    # The shipped agenda is the starting point: its public story is the policy timeline
    # (tests/changelog/test_policy_story.py), not one "new" event per measure dated today.
    assert not ChangeEvent.objects.exists()


def test_the_measure_history_page_shows_changes_to_its_parts(chief_client, measure, editor):
    responsibility = ResponsibilityFactory(measure=measure)
    responsibility.role = Responsibility.Role.CONSULTED
    responsibility._history_user = editor
    responsibility.save()
    body = chief_client.get(
        reverse("admin:measures_measure_history", args=[measure.pk])
    ).content.decode()
    assert "Wijzigingen in ministeries" in body and "Gewijzigd door" in body
    assert "medeverantwoordelijk" in body or "co" in body
    assert "jansen" in body  # editors see who changed what
