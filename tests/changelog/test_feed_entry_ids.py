"""Atom entry ids are absolute, stable, and the same in the Dutch and the English feed."""

import re

import pytest

from tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def entry_ids(client, path):
    return re.findall(r"<id>([^<]+)</id>", client.get(path).content.decode())[1:]


def test_feed_entry_ids_are_absolute_tag_uris_shared_by_both_languages(client):
    MeasureFactory(title="Terugkeer bevorderen")
    dutch = entry_ids(client, "/wijzigingen/feed/")
    english = entry_ids(client, "/en/wijzigingen/feed/")
    assert dutch
    assert all(re.fullmatch(r"tag:testserver,2018-03-30:wijziging-\d+", entry) for entry in dutch)
    assert dutch == english


def test_feed_entry_ids_use_the_configured_canonical_host_not_the_request_host(client, settings):
    settings.SITE_CANONICAL_HOST = "migratieagenda.example.nl"
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.org"]
    MeasureFactory(title="Terugkeer bevorderen")
    ids = entry_ids(client, "/wijzigingen/feed/")
    via_mirror = re.findall(
        r"<id>([^<]+)</id>",
        client.get("/wijzigingen/feed/", HTTP_HOST="mirror.example.org").content.decode(),
    )[1:]
    assert ids
    assert all(entry.startswith("tag:migratieagenda.example.nl,2018-03-30:") for entry in ids)
    assert via_mirror == ids
