"""The two-step sign-in in Chromium, with the site's Content-Security-Policy enforced: a
superuser sets up an authenticator app from the QR page and reaches the admin; the page passes
axe-core (WCAG 2.1 AA) and nothing on it is blocked by the policy."""

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.test_two_factor import code_of
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_content_security_policy import enforcing_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_superuser_sets_up_an_app_and_reaches_the_admin(enforcing_page, live_server):  # noqa: F811
    User.objects.create_superuser("beheerder", password="een-lang-wachtwoord")
    page = enforcing_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "beheerder")
    page.fill("#id_password", "een-lang-wachtwoord")
    page.click("input[type=submit]")
    expect(page.locator("svg.two-factor-qr")).to_be_visible()
    assert "/admin/tweestapsverificatie/instellen/" in page.url
    assert_no_axe_violations(page)
    page.fill("#id_code", code_of(TOTPDevice.objects.get(user__username="beheerder")))
    page.click("#two-factor-form input[type=submit]")
    expect(page.locator("#site-name")).to_contain_text("Beheer Migratieagenda")
    expect(page.locator("#user-tools")).to_be_visible()
    assert page.url.endswith("/admin/")
    assert page.csp_violations == []
