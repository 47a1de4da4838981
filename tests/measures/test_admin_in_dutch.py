"""The admin pages editors use speak Dutch throughout, and the import preview shows what an
import will save, at the file's own line numbers."""

import html
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from measures.models import LoadedContentItem, Measure
from tests.factories import (
    CitationFactory,
    GovernanceLevelFactory,
    MeasureFactory,
    MeasureLinkFactory,
)
from tests.measures.import_files import dataset, good_rows

pytestmark = pytest.mark.django_db

# English that Django, its Dutch catalogue's gaps, django-import-export or our own models
# put on these pages before.
ENGLISH = [
    "Django administration",
    "Django site admin",
    "Django-beheer",
    "Django-websitebeheer",
    "Model name",
    "Add link",
    "Change or view list link",
    "Ministry",
    "Source",
    "Measure",
    "Search",
    "Select all",
    "This exporter will export",
    "This importer will import",
    "Submit",
    "Import",
    "Export",
    "Lead Ministry",
    "Co Ministries",
    "Is Published",
    "Embargo Until",
    "Other Pillars",
    "Route Stages",
    "None",
    # django-simple-history (no Dutch catalogue) on the page of one earlier version.
    "Revert",
    "Press the",
    "Historical",
    # Django's automatic link tables on the delete page.
    "object (",
    "Measure_levels",
    # Django's boolean icons say "True"/"False" to screen readers.
    "True",
    "False",
]
JS_ENGLISH = ["Choose all %s", "Remove all %s", "Choose selected %s", "Remove selected %s"]


def visible_text(page: str) -> str:
    """Text and the attributes people read (alt, title, placeholder, aria-label, buttons)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    attributes = re.findall(
        r'\s(?:alt|title|placeholder|aria-label)="([^"]*)"|<input[^>]*type="submit"[^>]*value="([^"]*)"',
        page,
    )
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(" ".join([text, *(" ".join(pair) for pair in attributes)]))


def english_on(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]


@pytest.fixture
def measure_with_parts(measure):
    CitationFactory(measure=measure)
    MeasureLinkFactory(from_measure=measure, to_measure=MeasureFactory())
    measure.levels.add(GovernanceLevelFactory())
    return measure


def test_the_pages_editors_use_have_no_english_left(editor_client, measure_with_parts):
    pk = measure_with_parts.pk
    pages = {
        "index": reverse("admin:index"),
        "list": reverse("admin:measures_measure_changelist"),
        "change": reverse("admin:measures_measure_change", args=[pk]),
        "add": reverse("admin:measures_measure_add"),
        "import": reverse("admin:measures_measure_import"),
        "export": reverse("admin:measures_measure_export"),
        "history": reverse("admin:measures_measure_history", args=[pk]),
        "version": reverse(
            "admin:measures_measure_simple_history",
            args=[pk, measure_with_parts.history.earliest().history_id],
        ),
    }
    found = {}
    for name, url in pages.items():
        response = editor_client.get(url)
        assert response.status_code == 200, name
        english = english_on(visible_text(response.content.decode()))
        if english:
            found[name] = english
    assert found == {}


def test_the_delete_page_lists_only_what_an_editor_knows(chief_client, measure_with_parts):
    page = chief_client.get(
        reverse("admin:measures_measure_delete", args=[measure_with_parts.pk])
    ).content.decode()
    text = visible_text(page)
    assert english_on(text) == []
    assert "Bronvermelding" in text  # the measure's own parts are listed
    assert "relatie" not in text  # the link tables ("Measure-governancelevel-relatie") are not


def test_the_page_of_an_earlier_version_speaks_dutch(chief_client, measure_with_parts):
    url = reverse(
        "admin:measures_measure_simple_history",
        args=[measure_with_parts.pk, measure_with_parts.history.earliest().history_id],
    )
    page = chief_client.get(url).content.decode()
    assert f"<title>Versie terugzetten: {measure_with_parts}" in html.unescape(page)
    assert 'value="Deze versie terugzetten"' in page
    assert "Maatregelen en verantwoordelijken" in visible_text(page)  # the app, by its name


def test_the_admin_names_itself_in_dutch(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "<title>Overzicht | Beheer Migratieagenda</title>" in page
    assert "Beheer Migratieagenda" in visible_text(page)


def test_the_two_box_selectors_javascript_strings_are_dutch(editor_client):
    catalogue = editor_client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Choose all %s": "Alle %s kiezen"' in catalogue
    for msgid in JS_ENGLISH:
        assert f'"{msgid}":' in catalogue, msgid  # present, so the selector does not fall back


def test_technical_tables_are_out_of_the_editors_menu(editor, editor_client, admin_client):
    # Even an editor who may read the table does not see it in the menu.
    editor.user_permissions.add(Permission.objects.get(codename="view_loadedcontentitem"))
    label = str(LoadedContentItem._meta.verbose_name_plural)
    index = reverse("admin:index")
    assert label.capitalize() not in visible_text(editor_client.get(index).content.decode())
    assert label.capitalize() in visible_text(admin_client.get(index).content.decode())
    # The table is still there for superusers.
    assert (
        admin_client.get(reverse("admin:measures_loadedcontentitem_changelist")).status_code == 200
    )


def test_the_export_page_labels_columns_in_dutch_with_their_file_names(editor_client):
    page = visible_text(
        editor_client.get(reverse("admin:measures_measure_export")).content.decode()
    )
    assert "Titel (title)" in page
    assert "Eerstverantwoordelijk ministerie (lead_ministry)" in page


def _preview(client, rows):
    upload = io.BytesIO(dataset(rows).export("csv").encode())
    upload.name = "maatregelen.csv"
    response = client.post(
        reverse("admin:measures_measure_import"),
        {"format": "0", "import_file": upload, "resource": "0"},
    )
    assert response.status_code == 200
    return response.content.decode()


def _preview_rows(page: str) -> list[list[str]]:
    body = page[page.index('class="import-preview"') :]
    body = body[: body.index("</table>")]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    ]


def test_the_preview_shows_the_ministries_the_import_will_save(chief_client, reference_data):
    rows = _preview_rows(_preview(chief_client, good_rows()))
    header, first, second = rows
    lead = header.index("Eerstverantwoordelijk ministerie (lead_ministry)")
    co = header.index("Medeverantwoordelijke ministeries (co_ministries)")
    assert (first[lead], first[co]) == ("JenV", "BZ")
    assert second[lead] == "JenV"  # the file says "jenv"; the import saves JenV
    assert not Measure.objects.exists()


def test_the_preview_numbers_rows_as_lines_of_the_file(chief_client, reference_data):
    header, first, second = _preview_rows(_preview(chief_client, good_rows()))
    assert header[0] == "Regel in bestand"
    # Line 1 of the file is its header, so the first measure is on line 2.
    assert (first[0], second[0]) == ("2", "3")


def test_a_bad_row_is_named_by_its_line_in_the_file(chief_client, reference_data):
    bad = ["4.22", "x-y", "X", "x", 9, "", "", "JenV", "", "announced", 0]
    rows = _preview_rows(_preview(chief_client, [*good_rows(), bad]))
    assert rows[0][0] == "Regel in bestand"
    assert [row[0] for row in rows[1:]] == ["4"]  # header, two good rows, then this one
