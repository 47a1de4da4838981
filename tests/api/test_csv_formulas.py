"""The API's CSV files are safe to open in a spreadsheet; its JSON stays exactly as stored."""

import csv
import io

import pytest

from core.spreadsheet import neutralise_formula, restore_formula_text
from tests.clients import read_csv
from tests.factories import MeasureFactory, MeasureLinkFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize(
    "text", [EVIL, "+31 70 123", "-2 procent", "@SUM(A1)", "\tverborgen", "\rterug"]
)
def test_a_text_a_spreadsheet_would_evaluate_gets_a_leading_quote(text):
    assert neutralise_formula(text) == "'" + text
    assert restore_formula_text(neutralise_formula(text)) == text


@pytest.mark.parametrize("value", ["Terugkeer", "4.3", "", -2, 4.5, None, "'gewoon"])
def test_plain_texts_and_numbers_stay_as_they_are(value):
    assert neutralise_formula(value) == value
    assert restore_formula_text(value) == value


def test_the_measures_csv_neutralises_a_formula_title_and_the_json_keeps_it(api):
    measure = MeasureFactory(code="4.3", title=EVIL, summary="-minder")
    rows = read_csv(api.get("/api/v1/measures/?format=csv"))
    assert rows[0]["title"] == "'" + EVIL
    assert rows[0]["summary"] == "'-minder"
    assert rows[0]["code"] == "4.3"
    detail = read_csv(api.get(f"/api/v1/measures/{measure.code}/?format=csv"))
    assert detail[0]["title"] == "'" + EVIL
    assert api.get("/api/v1/measures/").json()["results"][0]["title"] == EVIL
    assert api.get(f"/api/v1/measures/{measure.code}/").json()["title"] == EVIL


def test_the_graph_csv_neutralises_a_formula_title_and_note(api):
    link = MeasureLinkFactory(
        from_measure=MeasureFactory(title=EVIL),
        to_measure=MeasureFactory(title="Gewoon"),
        note="@gevaarlijk",
    )
    rows = read_csv(api.get("/api/v1/graph/?format=csv"))
    assert rows[0]["from_title"] == "'" + EVIL
    assert rows[0]["note"] == "'@gevaarlijk"
    assert rows[0]["to_title"] == "Gewoon"
    nodes = api.get("/api/v1/graph/").json()["nodes"]
    assert {node["title"] for node in nodes} >= {EVIL}
    assert link.note == "@gevaarlijk"


def test_the_plain_csv_renderer_neutralises_every_cell():
    from api.renderers import CsvRenderer

    text = CsvRenderer().render([{"a": EVIL, "b": 3}]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ["'" + EVIL, "3"]]
