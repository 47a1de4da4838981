"""Every write path obeys the same rules: the publish right, a reason for a new status, no lost
update, one history row and one public event per change."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from changelog.models import ChangeEvent
from measures.models import ONE_ROLE_MESSAGE, Measure, Responsibility
from measures.services import SYSTEM, PublicationDenied, measure_save
from tests.clients import change_form_data
from tests.factories import (
    MeasureFactory,
    MinistryFactory,
    PillarFactory,
    RouteStageFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/measures/"


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def world(db):
    pillar = PillarFactory(number=4)
    jenv, bz = MinistryFactory(abbreviation="JenV"), MinistryFactory(abbreviation="BZ")
    draft = MeasureFactory(code="4.2", pillar=pillar, is_published=False, lead=jenv)
    public = MeasureFactory(code="4.3", pillar=pillar, is_published=True, lead=jenv)
    embargoed = MeasureFactory(
        code="4.4",
        pillar=pillar,
        is_published=True,
        embargo_until=timezone.now() + datetime.timedelta(days=3),
        lead=jenv,
    )
    RouteStageFactory(slug="terugkeer")
    return {"draft": draft, "public": public, "embargoed": embargoed, "jenv": jenv, "bz": bz}


NEW = {
    "code": "4.40",
    "title": "Nieuwe maatregel",
    "summary": "Wat en waarom.",
    "pillar": 4,
    "lead_ministry": "JenV",
}


@pytest.mark.parametrize(
    ("code", "payload", "field"),
    [
        ("4.2", {"is_published": True}, "is_published"),
        ("4.3", {"is_published": False}, "is_published"),
        ("4.4", {"embargo_until": None}, "embargo_until"),
    ],
)
def test_a_redacteur_token_cannot_publish_unpublish_or_change_an_embargo(
    world, editor, code, payload, field
):
    before = Measure.objects.values("is_published", "embargo_until").get(code=code)
    response = token_client(editor).patch(f"{URL}{code}/", payload, format="json")
    assert response.status_code == 403, response.content
    assert field in response.json()["errors"]
    assert f"'{field}'" in response.json()["detail"]
    assert Measure.objects.values("is_published", "embargo_until").get(code=code) == before


def test_a_redacteur_token_cannot_create_a_public_measure_but_may_create_a_draft(world, editor):
    client = token_client(editor)
    refused = client.post(URL, {**NEW, "is_published": True}, format="json")
    assert refused.status_code == 403
    assert "is_published" in refused.json()["errors"]
    assert not Measure.objects.filter(code="4.40").exists()
    draft = client.post(URL, NEW, format="json")
    assert draft.status_code == 201, draft.content
    assert Measure.objects.get(code="4.40").is_published is False
    assert APIClient().get(f"{URL}4.40/").status_code == 404


def test_a_hoofdredacteur_token_publishes_unpublishes_and_lifts_an_embargo(world, chief_editor):
    client = token_client(chief_editor)
    assert client.patch(f"{URL}4.2/", {"is_published": True}, format="json").status_code == 200
    assert client.patch(f"{URL}4.4/", {"embargo_until": None}, format="json").status_code == 200
    assert APIClient().get(f"{URL}4.2/").status_code == 200
    assert APIClient().get(f"{URL}4.4/").status_code == 200
    assert client.post(URL, {**NEW, "is_published": True}, format="json").status_code == 201
    assert APIClient().get(f"{URL}4.40/").status_code == 200


def test_the_service_itself_refuses_a_publication_by_a_redacteur(world, editor):
    measure = world["draft"]
    measure.is_published = True
    with pytest.raises(PublicationDenied) as refused:
        measure_save(measure=measure, by=editor)
    assert refused.value.fields == ["is_published"]
    assert Measure.objects.get(pk=measure.pk).is_published is False


def test_an_api_status_change_without_a_reason_is_a_400_naming_status_reason(world, chief_editor):
    client = token_client(chief_editor)
    response = client.patch(f"{URL}4.3/", {"status": "done"}, format="json")
    assert response.status_code == 400
    assert "status_reason" in response.json()["errors"]
    assert "'status_reason'" in response.json()["detail"]
    assert Measure.objects.get(code="4.3").status == "announced"

    done = client.patch(
        f"{URL}4.3/", {"status": "done", "status_reason": "Wet in werking."}, format="json"
    )
    assert done.status_code == 200
    event = ChangeEvent.objects.filter(code="4.3").latest()
    assert (event.kind, event.status, event.reason) == ("status_changed", "done", "Wet in werking.")
    feed = APIClient().get("/api/v1/changes/").json()["results"]
    assert feed[-1]["reason"] == "Wet in werking."


def test_one_api_patch_writes_exactly_one_public_event_and_one_history_row(world, chief_editor):
    measure = world["public"]
    events, history = ChangeEvent.objects.count(), measure.history.count()
    response = token_client(chief_editor).patch(
        f"{URL}4.3/",
        {
            "lead_ministry": "BZ",
            "responsibilities": [{"ministry": "JenV", "role": "co"}],
            "route_stages": ["terugkeer"],
            "title": "Andere titel",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert ChangeEvent.objects.count() == events + 1
    event = ChangeEvent.objects.filter(measure_pk=measure.pk).latest()
    assert event.kind == "changed"
    assert {"title", "responsibilities", "route_stages"} <= set(event.changed_fields)
    assert measure.history.count() == history + 1


def test_one_api_put_writes_exactly_one_public_event(world, chief_editor):
    events = ChangeEvent.objects.count()
    response = token_client(chief_editor).put(
        f"{URL}4.3/",
        {**NEW, "code": "4.3", "route_stages": ["terugkeer"], "lead_ministry": "BZ"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert ChangeEvent.objects.count() == events + 1


def test_a_ministry_in_two_roles_is_refused_with_the_one_message_on_every_path(world, chief_editor):
    response = token_client(chief_editor).patch(
        f"{URL}4.3/",
        {"lead_ministry": "JenV", "responsibilities": [{"ministry": "JenV", "role": "co"}]},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert str(ONE_ROLE_MESSAGE) in str(response.json()["errors"]["responsibilities"])
    with pytest.raises(ValidationError) as refused:
        Responsibility(measure=world["public"], ministry=world["jenv"], role="co").full_clean()
    assert str(ONE_ROLE_MESSAGE) in str(refused.value)


def test_a_stale_if_match_is_412_and_the_current_one_is_applied(world, chief_editor):
    client = token_client(chief_editor)
    etag = APIClient().get(f"{URL}4.3/")["ETag"]
    first = client.patch(f"{URL}4.3/", {"title": "Eerste"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200, first.content
    stale = client.patch(f"{URL}4.3/", {"title": "Tweede"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert "If-Match" in stale.json()["detail"]
    assert Measure.objects.get(code="4.3").title == "Eerste"
    assert client.delete(f"{URL}4.3/", HTTP_IF_MATCH=etag).status_code == 412
    fresh = APIClient().get(f"{URL}4.3/")["ETag"]
    assert fresh != etag
    assert (
        client.patch(
            f"{URL}4.3/", {"title": "Derde"}, format="json", HTTP_IF_MATCH=fresh
        ).status_code
        == 200
    )
    assert first["ETag"] != etag  # a write answers with the new version's validator


def test_a_stale_admin_save_is_refused_and_says_what_changed(world, chief_client, chief_editor):
    measure = world["public"]
    url, stale_form = change_form_data(chief_client, measure)
    # Someone else saves first.
    measure.title = "Titel van de ander"
    measure_save(measure=measure, by=chief_editor)
    stale_form["title"] = "Mijn titel"
    response = chief_client.post(url, stale_form)
    assert response.status_code == 200  # the form again, with the message
    message = str(response.context["adminform"].form.non_field_errors())
    assert "intussen" in message and "titel" in message.lower()
    assert reverse("admin:measures_measure_change", args=[measure.pk]) in message
    assert Measure.objects.get(pk=measure.pk).title == "Titel van de ander"


def test_one_admin_save_with_a_new_status_is_one_history_row_showing_its_reason(
    world, chief_client
):
    measure = world["public"]
    history = measure.history.count()
    url, data = change_form_data(chief_client, measure)
    data.update(status="in_progress", status_reason="Wetsvoorstel ingediend.", title="Nieuw")
    response = chief_client.post(url, data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    assert measure.history.count() == history + 1
    assert measure.history.first().history_change_reason == "Wetsvoorstel ingediend."
    page = chief_client.get(reverse("admin:measures_measure_history", args=[measure.pk]))
    html = page.content.decode()
    assert "Wetsvoorstel ingediend." in html
    assert "in uitvoering" in html  # the status's label, not its key
    assert "in_progress" not in html


def test_as_of_today_shows_nothing_whose_embargo_ends_later_today(world):
    measure = world["embargoed"]
    soon = timezone.now() + datetime.timedelta(minutes=30)
    if timezone.localtime(soon).date() != timezone.localdate():  # near midnight: still later
        soon = timezone.now() + datetime.timedelta(seconds=30)
    Measure.objects.filter(pk=measure.pk).update(embargo_until=soon)
    measure.history.update(embargo_until=soon)
    today = timezone.localdate().isoformat()
    client = APIClient()
    assert client.get(f"{URL}4.4/").status_code == 404
    assert client.get(f"{URL}4.4/?as_of={today}").status_code == 404
    listed = [row["code"] for row in client.get(f"{URL}?as_of={today}").json()["results"]]
    assert "4.4" not in listed and "4.3" in listed
    from django.test import Client

    page = Client().get(f"/maatregelen/{measure.slug}/?as_of={today}")
    assert page.status_code == 404


def test_the_loader_writes_through_the_services_one_history_row_per_measure(db):
    from measures.content_loader import agenda_content_load

    agenda_content_load()
    measure = Measure.objects.get(code="1.4")
    assert measure.history.count() == 1
    # Into an empty knowledge base the shipped agenda is its starting point: no public change
    # (its story is the policy timeline); a later load that adds a measure records one.
    assert ChangeEvent.objects.filter(measure_pk=measure.pk).count() == 0
    assert measure.version == 1
    assert SYSTEM.has_perm("measures.publish_measure")
