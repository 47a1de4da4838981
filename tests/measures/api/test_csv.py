"""format=csv and Accept: text/csv: every matching measure, one row each, Excel-ready UTF-8."""

import pytest

from tests.clients import body, read_csv
from tests.world import bulk_measures

pytestmark = pytest.mark.django_db

URL = "/api/v1/measures/"


def test_format_csv_gives_a_file_with_a_header_and_one_row_per_measure(api, world):
    response = api.get(f"{URL}?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="maatregelen.csv"'
    rows = read_csv(response)
    assert [row["code"] for row in rows] == ["1.1", "3.1", "4.1", "4.2", "4.10"]
    landen = next(row for row in rows if row["code"] == "4.2")
    assert landen["lead_ministry"] == "BZ"
    assert landen["co_responsible"] == "JenV"
    assert landen["route_stages"] == "Terugkeer; Herkomst"
    assert landen["url"] == "http://testserver/api/v1/measures/4.2/"
    terugkeer = next(row for row in rows if row["code"] == "4.1")
    assert terugkeer["sources"].endswith(", p. 4")
    assert terugkeer["organisations"] == "IND"
    assert terugkeer["status_label"] == "in uitvoering"
    grond = next(row for row in rows if row["code"] == "1.1")
    assert grond["other_pillars"] == "4" and grond["consulted"] == "SZW"


def test_accept_text_csv_gives_the_same_file(api, world):
    by_header = api.get(URL, HTTP_ACCEPT="text/csv")
    assert by_header["Content-Type"] == "text/csv; charset=utf-8"
    assert body(by_header) == body(api.get(f"{URL}?format=csv"))


def test_a_filtered_csv_has_every_matching_row_not_one_page(api, world):
    bulk_measures(120, pillar_number=2)
    rows = read_csv(api.get(f"{URL}?format=csv&pillar=2&page_size=10"))
    assert len(rows) == 120
    assert rows[0]["code"] == "2.1" and rows[-1]["code"] == "2.120"
    # and the filter applies
    assert read_csv(api.get(f"{URL}?format=csv&pillar=4&lead_ministry=JenV")) == [
        row for row in read_csv(api.get(f"{URL}?format=csv")) if row["code"] in ("4.1", "4.10")
    ]


def test_non_ascii_text_survives(api, world):
    world["measures"]["4.1"].title = "Terugkeer — één aanpak"
    world["measures"]["4.1"].save()
    rows = read_csv(api.get(f"{URL}?format=csv&pillar=4"))
    assert rows[0]["title"] == "Terugkeer — één aanpak"


def test_a_single_measure_as_csv(api, world):
    rows = read_csv(api.get(f"{URL}4.1/?format=csv"))
    assert [row["code"] for row in rows] == ["4.1"]
