"""An editor changes a measure's status in the admin; the public page and the feed show it."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to_admin
from tests.factories import MeasureFactory
from tests.world import EDITOR_GROUP, editorial_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "een-lang-wachtwoord-voor-de-test"


def an_editor():
    # A transactional test's flush removed the data migration's groups; the builder makes them again.
    return editorial_member(
        EDITOR_GROUP,
        "redacteur",
        password=PASSWORD,
        email="redacteur@example.org",
        first_name="",
        last_name="Jansen",
    )


def test_an_editor_changes_a_status_and_the_public_sees_it(page, live_server):
    with transaction.atomic():  # the lead-ministry check runs at commit
        measure = MeasureFactory(title="Terugkeerafspraken met herkomstlanden")
    an_editor()
    reason = "Het eerste akkoord is getekend."

    sign_in_to_admin(page, live_server.url, "redacteur", PASSWORD)
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
