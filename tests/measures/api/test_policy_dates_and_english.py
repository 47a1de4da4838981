"""The API gives both languages and the policy clock beside the record date."""

import datetime

import pytest

from measures.models import Measure
from tests.clients import read_csv

pytestmark = pytest.mark.django_db


def test_the_detail_has_both_languages_and_the_dated_steps_with_their_sources(api, agenda):
    data = api.get("/api/v1/measures/1.4/").json()
    measure = Measure.objects.get(code="1.4")
    assert data["title"] == measure.title
    assert data["title_en"] == measure.title_en != ""
    assert data["summary_en"] == measure.summary_en != ""
    assert data["announced_on"] == "2018-03-29"
    steps = data["status_history"]
    assert [step["status"] for step in steps] == ["announced", "in_progress"]
    assert steps[0]["source"]["slug"] == "kamerbrief-integrale-migratieagenda"
    assert steps[-1]["reason_en"].startswith("The progress letter")
    assert data["status_since"] == steps[-1]["date"]


def test_the_list_and_csv_carry_the_announcement_and_status_dates(api, agenda):
    rows = api.get("/api/v1/measures/", {"page_size": 500}).json()["results"]
    assert len(rows) == Measure.objects.published().count()
    assert all(row["title_en"] and row["summary_en"] for row in rows)
    assert all(datetime.date.fromisoformat(row["announced_on"]).year >= 2017 for row in rows)
    by_code = {row["code"]: row for row in rows}
    assert by_code["1.4"]["status_since"] == "2019-10-14"

    response = api.get("/api/v1/measures/", {"format": "csv", "pillar": 1})
    table = read_csv(response)
    row = next(r for r in table if r["code"] == "1.4")
    assert row["announced_on"] == "2018-03-29"
    assert row["status_since"] == "2019-10-14"
    assert row["title_en"] == Measure.objects.get(code="1.4").title_en
