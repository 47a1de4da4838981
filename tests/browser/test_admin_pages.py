"""The editors' admin in a browser: the measure list and change form fit 1280 px, show what
editors need, and pass axe-core (WCAG 2.1 AA); the two-box selector speaks Dutch."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_no_sideways_scroll
from tests.browser.test_editorial import PASSWORD, an_editor
from tests.factories import (
    CitationFactory,
    GovernanceLevelFactory,
    MeasureFactory,
    MeasureLinkFactory,
    RouteStageFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TITLE = (
    "Afspraken met herkomst- en transitlanden over terugkeer, opvang in de regio en het "
    "tegengaan van mensensmokkel langs de route naar Europa"
)


@pytest.fixture
def signed_in(page, live_server):
    an_editor()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_contain_text("Beheer Migratieagenda")
    return page


@pytest.fixture
def measure(db):
    RouteStageFactory(slug="terugkeer", name="Terugkeer")
    GovernanceLevelFactory(slug="eu", name="Europese Unie")
    with transaction.atomic():  # the lead-ministry check runs at commit
        measure = MeasureFactory(title=LONG_TITLE)
        CitationFactory(measure=measure)
        MeasureLinkFactory(from_measure=measure, to_measure=MeasureFactory())
    return measure


def test_the_measure_list_shows_every_column_at_1280_px(signed_in, live_server, measure):
    page = signed_in
    page.goto(f"{live_server.url}/admin/measures/measure/")
    assert_no_sideways_scroll(page)
    headers = page.locator("#result_list thead th").all_inner_texts()
    for column in ("CODE", "TITEL", "PIJLER", "EERSTVERANTWOORDELIJK", "STATUS", "GEPUBLICEERD"):
        assert any(column in header.upper() for header in headers), (column, headers)
    assert any("LAATST GEWIJZIGD" in header.upper() for header in headers), headers
    # Every column is inside the window: no scrolling inside the results box either.
    right = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('#result_list th')]"
        ".map(th => th.getBoundingClientRect().right))"
    )
    assert right <= 1280, right
    assert_no_axe_violations(page)


def test_the_change_form_fits_1280_px_and_shows_the_whole_title(signed_in, live_server, measure):
    page = signed_in
    page.goto(f"{live_server.url}/admin/measures/measure/{measure.pk}/change/")
    assert_no_sideways_scroll(page)
    title = page.locator("#id_title")
    assert title.input_value() == LONG_TITLE
    fits = title.evaluate(
        "el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight"
    )
    assert fits, "the title box cuts the title off"
    assert_no_axe_violations(page)


def test_the_add_form_passes_axe(signed_in, live_server, measure):
    page = signed_in
    page.goto(f"{live_server.url}/admin/measures/measure/add/")
    assert_no_sideways_scroll(page)
    assert_no_axe_violations(page)


def test_the_two_box_selector_speaks_dutch(signed_in, live_server, measure):
    page = signed_in
    page.goto(f"{live_server.url}/admin/measures/measure/{measure.pk}/change/")
    selector = page.locator(".selector").first
    expect(selector).to_contain_text("Beschikbare")
    expect(selector.locator(".selector-chooseall")).to_contain_text("Alle")
    text = selector.inner_text()
    for english in ("Choose", "Remove", "Available", "Chosen"):
        assert english not in text, (english, text)
