"""An editor changes a measure's status in the admin; the public page and the feed show it."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from playwright.sync_api import expect

from tests.factories import MeasureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "een-lang-wachtwoord-voor-de-test"


def an_editor():
    if not Group.objects.filter(name="Redacteuren").exists():
        # A transactional test's flush removed the data migration's groups; make them again.
        ContentType.objects.clear_cache()
        importlib.import_module(
            "measures.migrations.0005_editor_and_chief_editor_groups"
        ).create_groups(apps, None)
    user = User.objects.create_user(
        "redacteur", "redacteur@example.org", PASSWORD, is_staff=True, last_name="Jansen"
    )
    user.groups.add(Group.objects.get(name="Redacteuren"))
    return user


def test_an_editor_changes_a_status_and_the_public_sees_it(page, live_server):
    with transaction.atomic():  # the lead-ministry check runs at commit
        measure = MeasureFactory(title="Terugkeerafspraken met herkomstlanden")
    an_editor()
    reason = "Het eerste akkoord is getekend."

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/measures/measure/{measure.pk}/change/")
    page.select_option("#id_status", "in_progress")
    page.click("input[name=_save]")
    # Without a reason the admin refuses, and says why.
    expect(page.locator("#id_status_reason ~ .errorlist, .errorlist").first).to_be_visible()
    page.fill("#id_status_reason", reason)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    page.goto(f"{live_server.url}{measure.get_absolute_url()}")
    expect(page.locator(".measure__header")).to_contain_text("in uitvoering")
    expect(page.locator(".timeline")).to_contain_text(reason)

    page.goto(f"{live_server.url}/wijzigingen/")
    entry = page.locator(".change-log li").first
    expect(entry).to_contain_text("Terugkeerafspraken met herkomstlanden")
    expect(entry).to_contain_text(reason)
    feed = page.request.get(f"{live_server.url}/wijzigingen/feed/").text()
    assert reason in feed and "Jansen" not in feed and "redacteur" not in feed
