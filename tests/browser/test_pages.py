"""The pages in Chromium, with the real agenda: a civil servant's walk, filters, search,
language, keyboard-only use, a phone's width, and axe-core on every page type."""

import re

import pytest

from measures.models import Measure
from tests.browser.conftest import assert_no_axe_violations, assert_no_sideways_scroll, tab_until

# django_db: the test database must exist; the content itself comes from `agenda_site`.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

SZW = "/ministeries/sociale-zaken-en-werkgelegenheid/"
PILLAR_4 = "/pijlers/minder-illegaliteit-meer-terugkeer/"
MEASURE = "/maatregelen/nieuw-inburgeringsstelsel-wet-inburgering-2021/"

PAGE_TYPES = [
    "/",
    PILLAR_4,
    "/maatregelen/",
    "/maatregelen/?lead_ministry=SZW&status=announced,in_progress",
    MEASURE,
    "/ministeries/",
    SZW,
    "/en/",
    "/en/maatregelen/?route_stage=terugkeer",
    "/en" + MEASURE,
    "/maatregelen/?status=onzin",
    "/bestaat-niet/",
]


def test_walk_from_home_to_pillar_to_measure_to_ministry(page, agenda_site):
    page.goto(agenda_site.url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator(".pillar-card").count() == 6
    page.get_by_role("link", name=re.compile("Pijler 4")).click()
    assert page.url.endswith(PILLAR_4)
    assert page.locator("h1").inner_text().startswith("Pijler 4")

    page.locator("#primary-heading ~ .measure-list .measure-item__title a").first.click()
    assert "/maatregelen/4." not in page.url and "/maatregelen/" in page.url
    assert page.locator("h1").count() == 1
    assert page.locator(".measure__header .status").count() == 1
    # The permanent link sits in the folded citation box: in the page, visible once opened.
    assert "/maatregelen/" in page.locator(".permalink").text_content()

    lead = (
        page.locator(".facts dt", has_text="Eerstverantwoordelijk").locator("xpath=..").locator("a")
    )
    lead.first.click()
    assert "/ministeries/" in page.url
    assert page.get_by_role("heading", name=re.compile("Bewindspersonen")).is_visible()
    assert page.locator(".status-bar__legend li").count() == 5


def test_filter_answers_which_measures_szw_leads_and_under_which_pillars(page, agenda_site):
    page.goto(agenda_site.url + "/maatregelen/")
    page.get_by_label(re.compile(r"^SZW – .*\(8\)")).first.check()
    page.get_by_role("button", name="Toon maatregelen").click()
    assert "lead_ministry=SZW" in page.url
    assert page.get_by_role("heading", name="8 maatregelen gevonden").is_visible()
    pillars = page.locator(".measure-item .meta dt:text-is('Pijler') + dd").all_inner_texts()
    assert len(pillars) == 8
    assert {text.split(".")[0] for text in pillars} == {"5", "6"}
    # The same answer on the ministry's own page, grouped by pillar.
    page.goto(agenda_site.url + SZW)
    lead_section = page.locator("section", has=page.locator("#role-lead-heading"))
    headings = lead_section.locator("h3").all_inner_texts()
    assert [heading.split(":")[0] for heading in headings] == ["Pijler 5", "Pijler 6"]
    assert lead_section.locator(".measure-item").count() == 8


def test_search_box_and_route_stage_answer_what_the_agenda_does_about_return(page, agenda_site):
    page.goto(agenda_site.url + "/")
    page.get_by_label("Zoek een maatregel").fill("terugkeer")
    page.get_by_label("Zoek een maatregel").press("Enter")
    assert "q=terugkeer" in page.url
    assert page.locator(".measure-item").count() > 3
    assert page.locator("#list-q").input_value() == "terugkeer"

    page.goto(agenda_site.url + "/maatregelen/")
    page.get_by_label(re.compile(r"^Terugkeer \(\d+\)")).check()
    page.get_by_role("button", name="Toon maatregelen").click()
    assert "route_stage=terugkeer" in page.url
    assert page.get_by_role("heading", name="11 maatregelen gevonden").is_visible()


def test_language_switch_keeps_the_page(page, agenda_site):
    page.goto(agenda_site.url + MEASURE)
    page.get_by_role("link", name="English", exact=True).click()
    assert page.url == agenda_site.url + "/en" + MEASURE
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("details.cite summary").inner_text() == "Cite"
    page.get_by_role("link", name="Nederlands", exact=True).click()
    assert page.url == agenda_site.url + MEASURE
    assert page.locator("details.cite summary").inner_text() == "Citeer"


def test_keyboard_only_skip_link_search_and_filter(page, agenda_site):
    page.goto(agenda_site.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # visible once focused
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main$"))

    # Search with the keyboard.
    tab_until(page, "el.id === 'site-search-q'")
    page.keyboard.type("terugkeer")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=terugkeer"))

    # Filter with the keyboard: tick the SZW lead checkbox with Space, then submit.
    page.goto(agenda_site.url + "/maatregelen/")
    tab_until(page, "el.name === 'lead_ministry' && el.value === 'SZW'")
    page.keyboard.press("Space")
    tab_until(page, "el.tagName === 'BUTTON' && el.closest('form.filters')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"lead_ministry=SZW"))
    szw_leads = Measure.objects.published().filter(
        responsibilities__role="lead", responsibilities__ministry__abbreviation="SZW"
    )
    assert page.locator(".measure-item").count() == szw_leads.count() > 0


def test_no_sideways_scrolling_at_phone_width(phone_page, agenda_site):
    assert phone_page.viewport_size["width"] == 375
    for path in [*PAGE_TYPES, "/en" + SZW]:
        phone_page.goto(agenda_site.url + path)
        assert_no_sideways_scroll(phone_page)


def test_every_page_type_has_no_wcag_21_aa_violations(page, phone_page, agenda_site):
    for path in PAGE_TYPES:
        response = page.goto(agenda_site.url + path)
        assert response.status in (200, 400, 404), path
        assert_no_axe_violations(page)
    # The phone layout too, for the two busiest pages.
    for path in ("/maatregelen/", MEASURE):
        phone_page.goto(agenda_site.url + path)
        assert_no_axe_violations(phone_page)


def test_on_a_phone_by_keyboard_szw_lead_measures_by_pillar(phone_page, agenda_site):
    phone_page.goto(agenda_site.url + "/")
    tab_until(phone_page, "el.closest('.site-nav') && el.textContent.trim() === 'Ministeries'")
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_url(re.compile(r"/ministeries/$"))
    tab_until(phone_page, f"el.getAttribute('href') === '{SZW}'")
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_url(re.compile(re.escape(SZW) + "$"))
    lead = phone_page.locator("section", has=phone_page.locator("#role-lead-heading"))
    assert [h.split(":")[0] for h in lead.locator("h3").all_inner_texts()] == [
        "Pijler 5",
        "Pijler 6",
    ]
    assert_no_sideways_scroll(phone_page)
