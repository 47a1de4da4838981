"""A measure under embargo is hidden everywhere public, by the one rule `published()`."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.selectors import ministry_list_with_counts
from tests.factories import MeasureFactory, MinistryFactory

pytestmark = pytest.mark.django_db


def test_an_embargoed_measure_is_hidden_from_pages_feeds_api_and_counts(client):
    ministry = MinistryFactory()
    hidden = MeasureFactory(
        title="Geheime maatregel",
        lead=ministry,
        is_published=False,
    )
    hidden.is_published = True
    hidden.embargo_until = timezone.now() + datetime.timedelta(days=1)
    hidden.save()
    MeasureFactory(title="Openbare maatregel", lead=ministry)

    listing = client.get(reverse("measures:measure-list")).content.decode()
    assert "Geheime maatregel" not in listing and "Openbare maatregel" in listing
    search = client.get(reverse("measures:measure-list"), {"q": "maatregel"}).content.decode()
    assert "Geheime maatregel" not in search and "Openbare maatregel" in search
    pillar_page = client.get(hidden.pillar.get_absolute_url()).content.decode()
    assert "Geheime maatregel" not in pillar_page
    ministry_page = client.get(ministry.get_absolute_url()).content.decode()
    assert "Geheime maatregel" not in ministry_page and "Openbare maatregel" in ministry_page
    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in (
        reverse("changelog:change-list"),
        reverse("changelog:change-feed"),
        "/api/v1/changes/",
    ):
        body = client.get(url).content.decode()
        assert "Openbare maatregel" in body and "Geheime maatregel" not in body, url
    assert client.get(reverse("changelog:measure-feed", args=[hidden.slug])).status_code == 404
    assert ministry_list_with_counts().get(pk=ministry.pk).measure_count == 1
