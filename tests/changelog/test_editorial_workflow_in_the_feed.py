"""The issue's "done when": draft, publish, status with a reason; the feed shows exactly that."""

import pytest
from django.urls import reverse

from changelog.models import ChangeEvent
from measures.models import Measure
from tests.clients import change_form_data
from tests.factories import MeasureFactory, MinistryFactory, PillarFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_an_editor_drafts_a_chief_publishes_and_a_follower_sees_exactly_the_public_events(
    client, editor, chief_editor, sign_in_to_admin
):
    pillar, jenv, bz = (
        PillarFactory(number=4),
        MinistryFactory(abbreviation="JenV"),
        MinistryFactory(abbreviation="BZ"),
    )
    source, other = SourceFactory(), MeasureFactory(title="Bestaande maatregel")
    before = ChangeEvent.objects.count()

    sign_in_to_admin(client, editor)
    data = {
        "code": "4.90",
        "title": "Migratiepartnerschappen",
        "slug": "migratiepartnerschappen",
        "summary": "Afspraken met herkomstlanden.",
        "pillar": pillar.pk,
        "status": "announced",
        "responsibilities-TOTAL_FORMS": "2",
        "responsibilities-INITIAL_FORMS": "0",
        "responsibilities-0-ministry": jenv.pk,
        "responsibilities-0-role": "lead",
        "responsibilities-1-ministry": bz.pk,
        "responsibilities-1-role": "co",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-0-source": source.pk,
        "citations-0-locator": "p. 3",
        "outgoing_links-TOTAL_FORMS": "1",
        "outgoing_links-INITIAL_FORMS": "0",
        "outgoing_links-0-to_measure": other.pk,
        "outgoing_links-0-kind": "supports",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    assert client.post(reverse("admin:measures_measure_add"), data).status_code == 302
    measure = Measure.objects.get(code="4.90")
    assert not measure.is_published and measure.responsibilities.count() == 2
    assert ChangeEvent.objects.count() == before  # a draft is not public news
    assert client.get(measure.get_absolute_url()).status_code == 404

    sign_in_to_admin(client, chief_editor)
    client.post(
        reverse("admin:measures_measure_changelist"),
        {"action": "publish_selected", "_selected_action": [measure.pk]},
    )
    sign_in_to_admin(client, editor)
    url, form = change_form_data(client, measure)
    form.update(status="in_progress", status_reason="Eerste partnerschap getekend.")
    assert client.post(url, form).status_code == 302

    client.logout()
    results = client.get("/api/v1/changes/").json()["results"]
    mine = [r for r in results if r["code"] == "4.90" and r["clock"] == "record"]
    assert [(r["change"], r["reason"]) for r in mine] == [
        ("created", None),
        ("status_changed", "Eerste partnerschap getekend."),
    ]
    # The step is also a policy event, on its own date (today), with the same reason.
    policy = [r for r in results if r["code"] == "4.90" and r["clock"] == "policy"]
    assert [(r["change"], r["reason"]) for r in policy] == [
        ("status_changed", "Eerste partnerschap getekend.")
    ]
    assert client.get(measure.get_absolute_url()).status_code == 200
