"""The editors' admin in a browser: the measure list and change form fit 1280 px, show what
editors need, and pass axe-core (WCAG 2.1 AA) as editors and chief editors see them, with the
other pages editors use (history, restore, import, export, delete); the two-box selector
speaks Dutch; a phone never scrolls the page sideways."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_no_sideways_scroll,
    sign_in_to_admin,
)
from tests.browser.test_editorial import PASSWORD, an_editor
from tests.factories import (
    CitationFactory,
    GovernanceLevelFactory,
    MeasureFactory,
    MeasureLinkFactory,
    OrganisationFactory,
    PillarFactory,
    RouteStageFactory,
)
from tests.measures.import_files import dataset, good_rows
from tests.world import CHIEF_EDITOR_GROUP, editorial_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TITLE = (
    "Afspraken met herkomst- en transitlanden over terugkeer, opvang in de regio en het "
    "tegengaan van mensensmokkel langs de route naar Europa"
)


def sign_in(page, live_server, username):
    sign_in_to_admin(page, live_server.url, username, PASSWORD)
    expect(page.locator("#site-name")).to_contain_text("Beheer Migratieagenda")
    return page


@pytest.fixture
def signed_in(page, live_server):
    an_editor()
    return sign_in(page, live_server, "redacteur")


@pytest.fixture
def chief_signed_in(page, live_server):
    """A chief editor: sees the publication fields (embargo date and time) and may delete."""
    an_editor()  # makes the editorial groups again after an earlier test's flush
    editorial_member(CHIEF_EDITOR_GROUP, "hoofdredacteur", password=PASSWORD)
    return sign_in(page, live_server, "hoofdredacteur")


@pytest.fixture
def measure(db):
    RouteStageFactory(slug="terugkeer", name="Terugkeer")
    GovernanceLevelFactory(slug="eu", name="Europese Unie")
    # The agenda's longest pillar title, an embargo and an organisation (an autocomplete with
    # a value): the cells and widgets that made the list too wide and the form fail axe.
    pillar = PillarFactory(
        number=3, title="Solidair en solide asielstelsel binnen de Europese Unie en Nederland"
    )
    with transaction.atomic():  # the lead-ministry check runs at commit
        measure = MeasureFactory(
            title=LONG_TITLE,
            pillar=pillar,
            embargo_until=timezone.now() + datetime.timedelta(days=30),
        )
        measure.organisations.add(OrganisationFactory())
        CitationFactory(measure=measure)
        MeasureLinkFactory(from_measure=measure, to_measure=MeasureFactory(pillar=pillar))
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
    assert page.locator(".results").evaluate("el => el.scrollWidth <= el.clientWidth")
    assert page.locator("#result_list .embargo").count() == 1
    assert page.locator("#result_list img[alt=ja]").count() == 2  # not "True"
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


def test_the_pages_a_chief_editor_uses_pass_axe(chief_signed_in, live_server, measure):
    page = chief_signed_in
    measure_url = f"{live_server.url}/admin/measures/measure/"
    version = measure.history.earliest().history_id
    for path in (
        "",
        f"{measure.pk}/change/",
        "add/",
        f"{measure.pk}/history/",
        f"{measure.pk}/history/{version}/",
        f"{measure.pk}/delete/",
        "import/",
        "export/",
    ):
        page.goto(measure_url + path)
        assert_no_sideways_scroll(page)
        assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/admin/measures/ministry/{measure.lead_ministry.pk}/change/")
    assert_no_axe_violations(page)


def test_the_import_preview_fits_1280_px(chief_signed_in, live_server, reference_data, tmp_path):
    # Every column of the file is a column of the preview: 3,000 px and more with real texts.
    rows = [[*row[:3], "Een lange samenvatting. " * 20, *row[4:]] for row in good_rows()]
    upload = tmp_path / "maatregelen.csv"
    upload.write_text(dataset(rows).export("csv"), encoding="utf-8")
    page = chief_signed_in
    page.goto(f"{live_server.url}/admin/measures/measure/import/")
    page.set_input_files("#id_import_file", str(upload))
    page.select_option("#id_format", label="csv")
    page.locator("#content input[type=submit]").click()
    expect(page.locator("table.import-preview")).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_no_axe_violations(page)


def test_the_export_pages_select_all_box_works_under_the_policy(chief_signed_in, live_server):
    page = chief_signed_in
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/admin/measures/measure/export/")
    columns = page.locator(".selectable-field-export-row input[type=checkbox]")
    assert columns.count() > 10
    page.get_by_label("Alles selecteren").uncheck()
    assert all(not box.is_checked() for box in columns.all())
    page.get_by_label("Alles selecteren").check()
    assert all(box.is_checked() for box in columns.all())
    assert blocked == []


def test_no_page_editors_use_scrolls_sideways_on_a_phone(phone_page, live_server, measure):
    an_editor()
    sign_in(phone_page, live_server, "redacteur")
    for path in ("", f"{measure.pk}/change/", "add/", f"{measure.pk}/history/"):
        phone_page.goto(f"{live_server.url}/admin/measures/measure/{path}")
        assert phone_page.evaluate("innerWidth") == 375, path
        assert_no_sideways_scroll(phone_page)


def test_the_two_box_selector_speaks_dutch(signed_in, live_server, measure):
    page = signed_in
    page.goto(f"{live_server.url}/admin/measures/measure/{measure.pk}/change/")
    selector = page.locator(".selector").first
    expect(selector).to_contain_text("Beschikbare")
    expect(selector.locator(".selector-chooseall")).to_contain_text("Alle")
    text = selector.inner_text()
    for english in ("Choose", "Remove", "Available", "Chosen"):
        assert english not in text, (english, text)
