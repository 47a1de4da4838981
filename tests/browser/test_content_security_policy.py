"""Chromium enforces the site's Content-Security-Policy (no bypass here) and nothing a page
needs is blocked: the API documentation still renders, the admin still signs in."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def enforcing_page(browser):
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.csp_violations = []
    tab.on(
        "console",
        lambda message: (
            tab.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab
    context.close()


def test_the_api_docs_render_under_the_policy(enforcing_page, live_server):
    enforcing_page.goto(f"{live_server.url}/api/v1/docs/")
    expect(enforcing_page.locator(".api-docs__operation").first).to_be_visible()
    assert enforcing_page.csp_violations == []


def test_the_admin_signs_in_under_the_policy(enforcing_page, live_server):
    User.objects.create_user("redacteur", password="een-lang-wachtwoord", is_staff=True)
    enforcing_page.goto(f"{live_server.url}/admin/login/")
    enforcing_page.fill("#id_username", "redacteur")
    enforcing_page.fill("#id_password", "een-lang-wachtwoord")
    enforcing_page.click("input[type=submit]")
    expect(enforcing_page.locator("#user-tools")).to_be_visible()
    enforcing_page.goto(f"{live_server.url}/admin/password_change/")
    expect(enforcing_page.locator("#id_old_password")).to_be_visible()
    assert enforcing_page.csp_violations == []


def test_the_home_page_shows_under_the_policy(enforcing_page, live_server):
    enforcing_page.goto(f"{live_server.url}/")
    expect(enforcing_page.locator("main")).to_be_visible()
    assert enforcing_page.csp_violations == []
