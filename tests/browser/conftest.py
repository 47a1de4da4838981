"""Reusable browser fixtures: Debian's Chromium driven by Playwright, and axe-core checks.

Use them in any browser test:

    pytestmark = [pytest.mark.browser, pytest.mark.django_db]

    def test_something(page, agenda_site):
        page.goto(agenda_site.url + "/")
        assert_no_axe_violations(page)

`agenda_site` is a live server over the shipped agenda, loaded once per test module (tests
must only read it; the `django_db` mark makes pytest-django create the test database). For data of your own, use pytest-django's `live_server` with a
transactional database and create it in the test, as usual.

`page` is a fresh desktop-sized tab (its own context: no cookies shared between tests);
`phone_page` is one 375 px wide. One Chromium runs for the whole session.
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an asyncio loop in the test's thread; Django would then refuse
# ORM calls from fixtures and tests ("async unsafe"). They run before and after the browser
# steps, never concurrently with them, so this is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def agenda_site(django_db_setup, django_db_blocker):
    """A live server over the real agenda content, loaded once per module and removed after.

    Loading the content takes seconds; pytest-django's `live_server` would need it loaded
    (and flushed) for every test. Here it is committed once, the server thread reads it, and
    the database is flushed when the module's tests are done, as a transactional test would.
    """
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from measures.content_loader import agenda_content_load

    with django_db_blocker.unblock():
        agenda_content_load()
        server = LiveServer("localhost")
        try:
            yield server
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


def _new_page(browser, viewport, **options):
    # bypass_csp: axe is evaluated in the page; a strict CSP on the site must not block the test.
    context = browser.new_context(viewport=viewport, bypass_csp=True, **options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    context, tab = _new_page(browser, DESKTOP)
    yield tab
    context.close()


@pytest.fixture
def phone_page(browser):
    context, tab = _new_page(browser, PHONE, is_mobile=True, has_touch=True)
    yield tab
    context.close()


def axe_violations(page, tags=WCAG_AA_TAGS) -> list[dict]:
    """Runs axe-core on the page as it is now; returns its violations for the given tags."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        list(tags),
    )
    return results["violations"]


def assert_no_axe_violations(page, tags=WCAG_AA_TAGS) -> None:
    violations = axe_violations(page, tags)
    report = [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"][:5]],
            "summary": violation["nodes"][0].get("failureSummary", "")
            if violation["nodes"]
            else "",
        }
        for violation in violations
    ]
    assert not report, f"axe-core found violations on {page.url}:\n" + json.dumps(
        report, indent=2, ensure_ascii=False
    )


def assert_no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, view: window.innerWidth})"
    )
    assert overflow["scroll"] <= overflow["view"], f"{page.url} scrolls sideways: {overflow}"


def tab_until(page, condition_js: str, limit: int = 250) -> None:
    """Presses Tab until `condition_js` (evaluated with the focused element as `el`) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"() => {{ const el = document.activeElement; return !!({condition_js}); }}"
        ):
            return
    raise AssertionError(f"Tab never reached an element where {condition_js} on {page.url}")


def sign_in_to_admin(page, base_url: str, username: str, password: str):
    """The admin's sign-in as a person goes through it: the password form, then, for anyone who
    needs the second step (chief editors, superusers, editors with an app), the code of their
    authenticator app, computed here from the device the set-up page made. The one place the
    browser tests sign in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.accounts.test_two_factor import code_of

    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_load_state()
    if page.locator("#two-factor-form").count():
        device = TOTPDevice.objects.filter(user__username=username).latest("id")
        page.fill("#id_code", code_of(device))
        page.click("#two-factor-form input[type=submit]")
        page.wait_for_load_state()
    return page
