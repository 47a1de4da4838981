"""The admin's CSV and XLSX exports neutralise formulas; importing the file restores the text."""

import csv
import io

import openpyxl
import pytest
import tablib
from django.urls import reverse

from measures.models import Measure
from measures.resources import MeasureResource, import_problems
from tests.clients import body
from tests.factories import MeasureFactory
from tests.measures.import_files import HEADERS

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example","x")'


def admin_export(client, measure, file_format: str) -> bytes:
    response = client.post(
        reverse("admin:measures_measure_export"),
        {
            "format": file_format,
            "export_items": [measure.pk],
            "resource": "0",
            **{f"measureresource_{field}": "on" for field in HEADERS},
        },
    )
    assert response.status_code == 200
    return body(response)


def test_the_admin_csv_export_neutralises_a_formula_title(chief_client):
    measure = MeasureFactory(title=EVIL)
    rows = list(csv.DictReader(io.StringIO(admin_export(chief_client, measure, "0").decode())))
    assert rows[0]["title"] == "'" + EVIL


def test_the_admin_xlsx_export_neutralises_a_formula_title(chief_client):
    measure = MeasureFactory(title=EVIL)
    sheet = openpyxl.load_workbook(io.BytesIO(admin_export(chief_client, measure, "1"))).active
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert title.value == "'" + EVIL
    assert title.data_type == "s"


def test_export_then_import_keeps_a_title_that_starts_like_a_formula():
    measure = MeasureFactory(title=EVIL, summary="-2 procent")
    for file_format in ("csv", "xlsx"):
        exported = MeasureResource().export().export(file_format)
        result = MeasureResource().import_data(
            tablib.Dataset().load(exported, format=file_format), dry_run=False
        )
        assert not import_problems(result)
        assert result.totals["update"] == 0
    measure = Measure.objects.get(pk=measure.pk)
    assert (measure.title, measure.summary) == (EVIL, "-2 procent")
