"""Editors create and edit; only chief editors publish, put under embargo and delete."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from measures.models import Measure
from tests.factories import MeasureFactory, MinistryFactory, PillarFactory

pytestmark = pytest.mark.django_db


def test_the_groups_and_the_publish_permission_exist(editorial_groups):
    chief = Group.objects.get(name="Hoofdredacteuren").permissions.values_list(
        "codename", flat=True
    )
    editor = Group.objects.get(name="Redacteuren").permissions.values_list("codename", flat=True)
    assert "publish_measure" in chief and "delete_measure" in chief
    assert "publish_measure" not in editor and "delete_measure" not in editor
    assert {"add_measure", "change_measure"} <= set(editor)


def test_an_editor_may_edit_but_not_publish_or_delete(editor):
    assert editor.has_perm("measures.change_measure")
    assert editor.has_perm("measures.add_responsibility")
    assert not editor.has_perm("measures.publish_measure")
    assert not editor.has_perm("measures.delete_measure")


def test_a_chief_editor_may_publish_and_delete(chief_editor):
    assert chief_editor.has_perm("measures.publish_measure")
    assert chief_editor.has_perm("measures.delete_measure")


def _add_form_data(pillar, ministry, **extra):
    data = {
        "code": f"{pillar.number}.77",
        "title": "Nieuwe maatregel",
        "slug": "nieuwe-maatregel",
        "summary": "Waarom en wat.",
        "pillar": pillar.pk,
        "status": "announced",
        "responsibilities-TOTAL_FORMS": "1",
        "responsibilities-INITIAL_FORMS": "0",
        "responsibilities-0-ministry": ministry.pk,
        "responsibilities-0-role": "lead",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
        "outgoing_links-TOTAL_FORMS": "0",
        "outgoing_links-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_an_editor_cannot_publish_through_the_form(editor_client):
    pillar, ministry = PillarFactory(), MinistryFactory()
    form = editor_client.get(reverse("admin:measures_measure_add")).context["adminform"].form
    assert "is_published" not in form.fields and "embargo_until" not in form.fields
    response = editor_client.post(
        reverse("admin:measures_measure_add"), _add_form_data(pillar, ministry, is_published="on")
    )
    assert response.status_code == 302
    assert Measure.objects.get(slug="nieuwe-maatregel").is_published is False


def test_a_chief_editor_publishes_through_the_form(chief_client):
    pillar, ministry = PillarFactory(), MinistryFactory()
    response = chief_client.post(
        reverse("admin:measures_measure_add"), _add_form_data(pillar, ministry, is_published="on")
    )
    assert response.status_code == 302
    assert Measure.objects.get(slug="nieuwe-maatregel").is_published is True


def test_the_publish_actions_are_offered_to_chief_editors_only(editor_client, chief_client, editor):
    url = reverse("admin:measures_measure_changelist")
    MeasureFactory()
    chief_actions = chief_client.get(url).context["action_form"].fields["action"].choices
    assert "publish_selected" in dict(chief_actions)
    editor_client.force_login(editor)
    editor_actions = editor_client.get(url).context["action_form"].fields["action"].choices
    assert "publish_selected" not in dict(editor_actions)
    assert "unpublish_selected" not in dict(editor_actions)
    assert "delete_selected" not in dict(editor_actions)


def test_an_editor_posting_the_publish_action_changes_nothing(editor_client):
    draft = MeasureFactory(is_published=False)
    editor_client.post(
        reverse("admin:measures_measure_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.is_published is False


def test_a_chief_editor_publishes_and_unpublishes_in_bulk(chief_client):
    drafts = MeasureFactory.create_batch(2, is_published=False)
    url = reverse("admin:measures_measure_changelist")
    chief_client.post(
        url, {"action": "publish_selected", "_selected_action": [m.pk for m in drafts]}
    )
    assert Measure.objects.published().filter(pk__in=[m.pk for m in drafts]).count() == 2
    chief_client.post(url, {"action": "unpublish_selected", "_selected_action": [drafts[0].pk]})
    assert Measure.objects.published().filter(pk__in=[m.pk for m in drafts]).count() == 1


def test_an_editor_cannot_delete_a_measure_but_a_chief_editor_can(
    editor_client, chief_editor, sign_in_to_admin
):
    measure = MeasureFactory()
    url = reverse("admin:measures_measure_delete", args=[measure.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    sign_in_to_admin(editor_client, chief_editor)
    assert editor_client.post(url, {"post": "yes"}).status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()


def test_publishing_a_measure_without_a_lead_ministry_is_explained_not_a_crash(chief_client):
    draft = MeasureFactory(is_published=False, lead=False)
    response = chief_client.post(
        reverse("admin:measures_measure_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "eerstverantwoordelijk" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_published is False


def test_the_form_refuses_a_published_measure_without_a_lead(chief_client):
    pillar, ministry = PillarFactory(), MinistryFactory()
    data = _add_form_data(pillar, ministry, is_published="on")
    data["responsibilities-0-role"] = "co"
    response = chief_client.post(reverse("admin:measures_measure_add"), data)
    assert response.status_code == 200
    assert "eerstverantwoordelijk" in response.content.decode()
    assert not Measure.objects.exists()
