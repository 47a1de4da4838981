import pytest
from django.urls import reverse

from tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _list(client):
    response = client.get(reverse("admin:measures_measure_changelist"))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("rows", [3, 30])
def test_the_measure_list_query_count_does_not_grow_with_its_length(
    chief_client, rows, django_assert_max_num_queries
):
    MeasureFactory.create_batch(rows)
    # 13: with the session's second factor (the chief editor's authenticator app) read once.
    with django_assert_max_num_queries(13):
        response = _list(chief_client)
    assert len(response.context["cl"].result_list) == rows


def test_the_measure_list_shows_code_title_pillar_lead_ministry_and_status(chief_client, measure):
    body = _list(chief_client).content.decode()
    for text in (
        measure.code,
        measure.title,
        measure.lead_ministry.abbreviation,
    ):
        assert text in body
    # The pillar by its number (what editors cite), its title on pointing at it.
    assert f'<abbr title="{measure.pillar.title}">{measure.pillar.number}</abbr>' in body
    assert "aangekondigd" in body  # the status, in Dutch


def test_the_list_searches_code_title_and_summary(chief_client, measure):
    MeasureFactory(title="Inburgering", summary="Taal leren.")
    url = reverse("admin:measures_measure_changelist")
    assert chief_client.get(url, {"q": "Meer terugkeer"}).context["cl"].result_count == 1
    assert chief_client.get(url, {"q": "inburgering"}).context["cl"].result_count == 1


def test_the_change_form_offers_view_on_site_and_history(chief_client, measure):
    body = chief_client.get(
        reverse("admin:measures_measure_change", args=[measure.pk])
    ).content.decode()
    assert "Weergeven op website" in body
    assert reverse("admin:measures_measure_history", args=[measure.pk]) in body


def test_the_list_filters_by_lead_ministry(chief_client, measure):
    other = MeasureFactory()
    url = reverse("admin:measures_measure_changelist")
    shown = (
        chief_client.get(url, {"lead_ministry": measure.lead_ministry.pk}).context["cl"].result_list
    )
    assert list(shown) == [measure]
    assert other.lead_ministry != measure.lead_ministry
