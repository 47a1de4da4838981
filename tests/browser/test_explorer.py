"""/verbanden/ and a measure's network in Chromium: axe-core (WCAG 2.1 AA) finds nothing, the
matrices scroll inside their own box by keyboard, a 375 px screen never scrolls the page
sideways, and the script (an enhancement) highlights a measure's links."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, assert_no_sideways_scroll

# django_db: the test database must exist; the content itself comes from `agenda_site`.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MEASURE = "/maatregelen/nieuw-inburgeringsstelsel-wet-inburgering-2021/"
PAGES = [
    "/verbanden/",
    "/verbanden/?group=levels&pillar=1,4&ministry=JenV",
    "/verbanden/?pillar=9",
    "/en/verbanden/",
    MEASURE + "#netwerk",
]


@pytest.mark.parametrize("path", PAGES)
def test_the_explorer_has_no_axe_violations(page, phone_page, agenda_site, path):
    for tab in (page, phone_page):
        tab.goto(agenda_site.url + path)
        assert_no_axe_violations(tab)
    assert_no_sideways_scroll(phone_page)


def test_the_matrix_fits_a_phone_without_scrolling_inside_its_box(phone_page, agenda_site):
    # On a phone each pillar's row is a card with every ministry in it (site.css, explorer.css):
    # nothing is left to scroll to, so nothing is hidden behind a scroll box without a cue.
    phone_page.goto(agenda_site.url + "/verbanden/")
    assert_no_sideways_scroll(phone_page)
    region = phone_page.locator(".explorer-scroll:has(#pillar-ministry)")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert_no_sideways_scroll(phone_page)


@pytest.mark.parametrize("path", ["/verbanden/", MEASURE])
def test_a_drawing_fits_a_phone_instead_of_being_cut_off(phone_page, agenda_site, path):
    phone_page.goto(agenda_site.url + path)
    drawing = phone_page.locator("svg.explorer-graph").first
    drawing.scroll_into_view_if_needed()
    box = drawing.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    region = phone_page.locator(".explorer-scroll--graph").first
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth + 1")


def test_the_table_of_every_link_is_folded_until_asked_for(page, agenda_site):
    page.goto(agenda_site.url + "/verbanden/")
    table = page.locator("table.explorer-links")
    assert table.is_hidden()
    page.locator(".explorer-all-links summary").click()
    assert table.is_visible()
    assert table.locator("tbody tr").count() > 30


def test_pointing_at_a_measure_highlights_its_links(page, agenda_site):
    page.goto(agenda_site.url + "/verbanden/")
    assert page.locator("svg.explorer-graph .is-highlighted").count() == 0
    page.locator('.explorer-graph__node[data-code="3.2"] path').hover()
    highlighted = page.locator("svg.explorer-graph .is-highlighted")
    # The measure, at least one link and the measure at its other end.
    assert highlighted.count() >= 3
    assert page.locator('.explorer-graph__node.is-highlighted[data-code="3.2"]').count() == 1


def test_in_print_the_matrices_unfold_and_the_filter_is_left_out(page, agenda_site):
    page.goto(agenda_site.url + "/verbanden/")
    page.emulate_media(media="print")
    assert page.locator(".explorer-filter").is_hidden()
    overflow = page.locator(".explorer-scroll:has(#pillar-ministry)").evaluate(
        "el => getComputedStyle(el).overflowX"
    )
    assert overflow == "visible"
    assert page.locator("svg.explorer-graph").is_visible()
    assert page.locator("table.explorer-links").is_visible()  # the folded table is printed
