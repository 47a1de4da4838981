"""Spreadsheets from the API: XLSX with text codes, and CSV with ";" for a Dutch-locale Excel."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.clients import body, read_csv

pytestmark = pytest.mark.django_db

URL = "/api/v1/measures/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_xlsx(response) -> list[list]:
    assert response.status_code == 200, body(response)
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(body(response))).active
    return [list(row) for row in sheet.iter_rows()]


def test_format_xlsx_gives_a_workbook_with_the_csv_columns_and_rows(api, world):
    response = api.get(f"{URL}?format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="maatregelen.xlsx"'
    cells = read_xlsx(response)
    header = [cell.value for cell in cells[0]]
    as_csv = read_csv(api.get(f"{URL}?format=csv"))
    assert header == list(as_csv[0])
    values = [
        {
            name: "" if cell.value is None else str(cell.value)
            for name, cell in zip(header, row, strict=True)
        }
        for row in cells[1:]
    ]
    assert values == as_csv


def test_codes_are_text_cells_so_4_10_stays_4_10(api, world):
    cells = read_xlsx(api.get(f"{URL}?format=xlsx"))
    codes = [row[0] for row in cells[1:]]
    assert [cell.value for cell in codes] == ["1.1", "3.1", "4.1", "4.2", "4.10"]
    assert {cell.data_type for cell in codes} == {"s"}


def test_a_text_starting_with_an_equals_sign_stays_text_not_a_formula(api, world):
    measure = world["measures"]["4.1"]
    measure.title = '=HYPERLINK("http://example.org")'
    measure.save()
    cells = read_xlsx(api.get(f"{URL}?format=xlsx&pillar=4&ordering=code"))
    title = next(row[1] for row in cells[1:] if row[0].value == "4.1")
    assert title.data_type == "s" and title.value == measure.title


def test_the_accept_header_asks_for_xlsx_too(api, world):
    by_header = api.get(URL, HTTP_ACCEPT=XLSX)
    assert [[c.value for c in row] for row in read_xlsx(by_header)] == [
        [c.value for c in row] for row in read_xlsx(api.get(f"{URL}?format=xlsx"))
    ]


def test_a_filtered_xlsx_has_only_the_matching_measures(api, world):
    cells = read_xlsx(api.get(f"{URL}?format=xlsx&pillar=4&lead_ministry=JenV"))
    assert [row[0].value for row in cells[1:]] == ["4.1", "4.10"]


def test_one_measure_as_xlsx(api, world):
    response = api.get(f"{URL}4.10/?format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="4.10.xlsx"'
    assert [row[0].value for row in read_xlsx(response)[1:]] == ["4.10"]


def test_semicolon_delimited_csv_for_a_dutch_excel(api, world):
    response = api.get(f"{URL}?format=csv&delimiter=semicolon")
    assert response.status_code == 200
    text = body(response).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    comma_rows = list(
        csv.reader(io.StringIO(body(api.get(f"{URL}?format=csv")).decode("utf-8-sig")))
    )
    assert rows == comma_rows
    assert rows[0][:3] == ["code", "title", "status"]
    assert "4.10" in [row[0] for row in rows[1:]]


def test_comma_is_the_default_delimiter_and_may_be_named(api, world):
    assert body(api.get(f"{URL}?format=csv&delimiter=comma")) == body(api.get(f"{URL}?format=csv"))


def test_one_measure_as_semicolon_csv(api, world):
    response = api.get(f"{URL}4.2/?format=csv&delimiter=semicolon")
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows] == ["code", "4.2"]


@pytest.mark.parametrize(
    "query",
    [
        "format=csv&delimiter=tab",
        "format=csv&delimiter=;",
        "format=csv&delimiter=",
        "delimiter=tab",
        "format=xlsx&delimiter=pipe",
    ],
)
def test_an_unknown_delimiter_is_a_400_naming_it(api, world, query):
    for url in (URL, f"{URL}4.2/"):
        response = api.get(f"{url}?{query}")
        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/json")
        payload = response.json()
        assert "delimiter" in payload["detail"] and "delimiter" in payload["errors"]


def test_the_delimiter_shapes_only_csv(api, world):
    assert api.get(f"{URL}?delimiter=semicolon").json() == api.get(URL).json()
    with_option = read_xlsx(api.get(f"{URL}?format=xlsx&delimiter=semicolon"))
    assert [[c.value for c in row] for row in with_option] == [
        [c.value for c in row] for row in read_xlsx(api.get(f"{URL}?format=xlsx"))
    ]


def test_as_of_gives_that_days_rows_as_xlsx(api, world):
    today = timezone.localdate().isoformat()
    response = api.get(f"{URL}?as_of={today}&format=xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="maatregelen-{today}.xlsx"'
    codes = [row[0].value for row in read_xlsx(response)[1:]]
    listed = api.get(f"{URL}?as_of={today}").json()["results"]
    assert codes == [row["code"] for row in listed] and codes
    # Before any of these measures was published: the header row alone.
    assert len(read_xlsx(api.get(f"{URL}?as_of=2020-01-01&format=xlsx"))) == 1


def test_the_graphs_links_as_xlsx_have_the_csvs_rows(api, world):
    response = api.get("/api/v1/graph/?format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="migratieagenda-verbanden.xlsx"'
    cells = read_xlsx(response)
    as_csv = list(
        csv.reader(io.StringIO(body(api.get("/api/v1/graph/?format=csv")).decode("utf-8-sig")))
    )
    assert len(as_csv) > 1, "the world has links"
    assert [["" if c.value is None else str(c.value) for c in row] for row in cells] == as_csv
    assert {row[0].data_type for row in cells[1:]} == {"s"}  # from_code is text


def test_a_measures_neighbourhood_as_xlsx(api, world):
    response = api.get("/api/v1/graph/measures/4.1/?format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="verbanden-4.1.xlsx"'
    assert read_xlsx(response)[0][0].value == "from_code"
