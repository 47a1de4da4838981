"""A status changes only with a public reason, recorded as a dated status change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from measures.models import Measure, StatusChange
from measures.services import SYSTEM, measure_set_status
from tests.clients import change_form_data
from tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def test_the_service_records_the_status_change_with_its_reason_and_date(measure):
    change = measure_set_status(
        measure=measure,
        status=Measure.Status.IN_PROGRESS,
        reason="Wet aangenomen.",
        date=datetime.date(2026, 3, 1),
        by=SYSTEM,
    )
    measure.refresh_from_db()
    assert measure.status == Measure.Status.IN_PROGRESS
    assert (change.reason, change.date, change.status) == (
        "Wet aangenomen.",
        datetime.date(2026, 3, 1),
        Measure.Status.IN_PROGRESS,
    )


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_status_change_without_a_reason_is_refused(measure, reason):
    with pytest.raises(ValidationError, match="reden"):
        measure_set_status(measure=measure, status=Measure.Status.DONE, reason=reason, by=SYSTEM)
    measure.refresh_from_db()
    assert measure.status == Measure.Status.ANNOUNCED
    assert not StatusChange.objects.filter(measure=measure).exists()


def test_an_unknown_status_is_refused(measure):
    with pytest.raises(ValidationError):
        measure_set_status(measure=measure, status="vergeten", reason="Zomaar.", by=SYSTEM)
    assert not StatusChange.objects.exists()


def test_the_admin_form_refuses_a_new_status_without_a_reason(chief_client, measure):
    url, data = change_form_data(chief_client, measure)
    data["status"] = Measure.Status.IN_PROGRESS
    response = chief_client.post(url, data)
    assert response.status_code == 200
    assert "status_reason" in response.context["adminform"].form.errors
    measure.refresh_from_db()
    assert measure.status == Measure.Status.ANNOUNCED


def test_the_admin_form_changes_status_with_a_reason(editor_client, measure):
    url, data = change_form_data(editor_client, measure)
    data.update(status=Measure.Status.IN_PROGRESS, status_reason="Het werk is begonnen.")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    measure.refresh_from_db()
    assert measure.status == Measure.Status.IN_PROGRESS
    assert measure.status_changes.get().reason == "Het werk is begonnen."


def test_the_bulk_action_asks_for_a_reason_then_sets_the_status(editor_client):
    measures = MeasureFactory.create_batch(2)
    url = reverse("admin:measures_measure_changelist")
    selected = {"action": "set_status_with_reason", "_selected_action": [m.pk for m in measures]}
    page = editor_client.post(url, selected)
    assert page.status_code == 200 and "reason" in page.context["form"].fields
    refused = editor_client.post(url, {**selected, "apply": "1", "status": "done", "reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert StatusChange.objects.count() == 0
    done = editor_client.post(
        url, {**selected, "apply": "1", "status": "done", "reason": "Afgerond in 2026."}
    )
    assert done.status_code == 302
    assert set(Measure.objects.values_list("status", flat=True)) == {"done"}
    assert StatusChange.objects.filter(reason="Afgerond in 2026.").count() == 2
