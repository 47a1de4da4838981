"""Phone-first layouts: at 375 px no page scrolls sideways and no table is wider than its box;
controls are large enough to touch; the citation is copied in one click."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, assert_no_sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MEASURE = "/maatregelen/nieuw-inburgeringsstelsel-wet-inburgering-2021/"
EVERY_PAGE_TYPE = [
    "/",
    "/pijlers/minder-illegaliteit-meer-terugkeer/",
    "/maatregelen/",
    "/maatregelen/?pillar=4&status=announced,in_progress&q=terugkeer",
    "/maatregelen/?status=onzin",
    MEASURE,
    "/ministeries/",
    "/ministeries/sociale-zaken-en-werkgelegenheid/",
    "/verbanden/",
    "/wijzigingen/",
    "/toegankelijkheid/",
    "/privacy/",
    "/contact/",
    "/over/",
    "/bestaat-niet/",
]
OVERFLOWING_TABLES = """() => [...document.querySelectorAll('table')]
  .filter(t => t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().right > innerWidth)
  .map(t => t.id || t.className)"""


# In Dutch only (the API speaks English and is documented once); the admin's pages are in
# tests/browser/test_admin_pages.py.
DUTCH_ONLY = ["/api/v1/docs/"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_no_page_type_scrolls_sideways_or_clips_a_table_at_375_px(phone_page, agenda_site, prefix):
    for path in EVERY_PAGE_TYPE + (DUTCH_ONLY if not prefix else []):
        phone_page.goto(agenda_site.url + prefix + path)
        assert phone_page.evaluate("innerWidth") == 375, path
        assert_no_sideways_scroll(phone_page)
        assert phone_page.evaluate(OVERFLOWING_TABLES) == [], path


def test_the_explorer_matrices_show_every_column_on_a_phone(phone_page, agenda_site):
    phone_page.goto(agenda_site.url + "/verbanden/")
    for table in ("#pillar-ministry", "#pillar-pillar"):
        cells = phone_page.locator(f"{table} tbody tr").first.locator("td")
        assert cells.count() >= 5
        for index in range(cells.count()):
            box = cells.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (table, index, box)
    assert (
        phone_page.locator("#pillar-ministry td").first.evaluate(
            "td => getComputedStyle(td, '::before').content"
        )
        == '"BHOS"'
    )


def test_the_list_shows_results_before_the_folded_filters_on_a_phone(phone_page, agenda_site):
    phone_page.goto(agenda_site.url + "/maatregelen/")
    first_result = phone_page.locator(".measure-item").first.bounding_box()
    assert first_result["y"] < 800  # in the first screenful
    assert not phone_page.get_by_label("Zoekwoorden").is_visible()
    phone_page.locator(".filters__summary").click()
    assert phone_page.get_by_label("Zoekwoorden").is_visible()


def test_the_filters_stand_beside_the_results_on_a_wide_screen(page, agenda_site):
    page.goto(agenda_site.url + "/maatregelen/")
    assert page.get_by_label("Zoekwoorden").is_visible()


@pytest.mark.parametrize("path", ["/maatregelen/", "/verbanden/"])
def test_checkboxes_and_pager_are_at_least_44_px_to_touch(phone_page, agenda_site, path):
    phone_page.goto(agenda_site.url + path)
    rows = phone_page.locator(".check, .explorer-filter label")
    assert rows.count() > 5
    for index in range(min(rows.count(), 20)):
        box = rows.nth(index).bounding_box()
        if box["height"]:  # folded filters have no box until opened
            assert box["height"] >= 44, (path, index, box)


def test_the_footer_spans_the_screen(phone_page, agenda_site):
    phone_page.goto(agenda_site.url + "/pijlers/minder-illegaliteit-meer-terugkeer/")
    assert phone_page.locator(".site-footer").bounding_box()["width"] == 375


def test_the_citation_is_copied_in_one_click(browser, agenda_site):
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, permissions=["clipboard-read", "clipboard-write"]
    )
    try:
        tab = context.new_page()
        tab.goto(agenda_site.url + MEASURE)
        tab.locator("details.cite summary").click()
        tab.get_by_role("button", name="Kopieer").click()
        tab.get_by_role("status").filter(has_text="Gekopieerd").wait_for()
        copied = tab.evaluate("navigator.clipboard.readText()")
        assert "Kamerstuk" in copied
        assert "Kennisbank integrale migratieagenda" in copied
        assert MEASURE in copied
    finally:
        context.close()


def test_without_javascript_there_is_no_copy_button_but_the_text_is_there(browser, agenda_site):
    # The button is a Rijkshuisstijl Community button (display: inline-flex); its `hidden`
    # attribute must still hide it until the script can copy.
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, java_script_enabled=False
    )
    try:
        tab = context.new_page()
        tab.goto(agenda_site.url + MEASURE)
        tab.locator("details.cite summary").click()
        assert "Kamerstuk" in tab.locator(".cite__text").inner_text()
        assert tab.locator(".cite__copy").is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize(
    "path", ["/toegankelijkheid/", "/en/privacy/", "/contact/", "/over/", "/wijzigingen/"]
)
def test_information_pages_have_no_wcag_violations(page, phone_page, agenda_site, path):
    for tab in (page, phone_page):
        tab.goto(agenda_site.url + path)
        assert_no_axe_violations(tab)


def test_the_open_citation_box_has_no_wcag_violations(page, phone_page, agenda_site):
    for tab in (page, phone_page):
        tab.goto(agenda_site.url + MEASURE)
        tab.locator("details.cite summary").click()
        assert_no_axe_violations(tab)
