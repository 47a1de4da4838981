"""The agenda's timeline in Chromium: an English measure page read without JavaScript, a past
day's pages, the pillar timeline and the change log, each checked with axe-core."""

import pytest

from tests.browser.conftest import DESKTOP, _new_page, assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

MEASURE = "/maatregelen/nieuw-inburgeringsstelsel-wet-inburgering-2021/"
PILLAR_6 = "/pijlers/integratie-en-participatie/"


@pytest.fixture
def page_without_javascript(browser):
    context, tab = _new_page(browser, DESKTOP, java_script_enabled=False)
    yield tab
    context.close()


def test_an_english_measure_page_reads_in_english_with_its_timeline(
    page_without_javascript, agenda_site
):
    from measures.models import Measure

    measure = Measure.objects.get(code="6.1")
    page = page_without_javascript
    page.goto(agenda_site.url + "/en" + MEASURE)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == measure.title_en
    assert page.locator("h1").get_attribute("lang") is None
    steps = page.locator("#history-heading ~ .timeline li")
    assert steps.count() == 3
    assert steps.first.locator("time").get_attribute("datetime") == "2017-10-10"
    assert "Wet inburgering 2021" in steps.last.inner_text()  # its source, marked as Dutch
    assert steps.last.locator("[lang=nl]").count() >= 1
    # Every Dutch text on the page is marked as Dutch, for screen readers and translators.
    for element in page.locator("[lang=nl]").all():
        assert element.text_content().strip(), "an empty element marked as Dutch"


def test_a_past_day_reads_as_that_day(page, agenda_site):
    page.goto(agenda_site.url + "/en" + MEASURE + "?as_of=2019-10-14")
    notice = page.locator(".as-of-notice")
    assert "14 October 2019" in notice.inner_text()
    assert page.locator(".facts dd", has_text="in preparation").count() == 1
    assert page.locator("#history-heading ~ .timeline li").count() == 2
    page.goto(agenda_site.url + "/maatregelen/?as_of=2000-01-01")
    assert "10 oktober 2017" in page.locator(".as-of-notice").inner_text()


def test_the_timeline_pages_have_no_wcag_21_aa_violations(page, agenda_site):
    for path in (
        "/en" + MEASURE,
        "/en" + MEASURE + "?as_of=2019-10-14",
        "/maatregelen/?as_of=2019-10-14",
        PILLAR_6,
        "/en" + PILLAR_6,
        "/wijzigingen/",
        "/en/wijzigingen/?pillar=6",
    ):
        response = page.goto(agenda_site.url + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
