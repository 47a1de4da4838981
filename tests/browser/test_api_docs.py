"""The API documentation in a browser: inside the site's frame, axe-clean, fits a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_api_docs_pass_axe_and_lead_back_to_the_site(page, agenda_site):
    page.goto(f"{agenda_site.url}/api/v1/docs/")
    assert page.evaluate("document.documentElement.lang") == "nl"
    expect(page.locator("h1")).to_have_text("API-documentatie")
    expect(page.locator(".api-docs__operation").first).to_be_visible()
    assert_no_axe_violations(page)
    page.locator(".site-name").click()
    expect(page).to_have_url(f"{agenda_site.url}/")


def test_the_api_docs_fit_a_phone(phone_page, agenda_site):
    phone_page.goto(f"{agenda_site.url}/api/v1/docs/")
    assert_no_sideways_scroll(phone_page)
    assert_no_axe_violations(phone_page)
