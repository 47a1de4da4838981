"""The list and the detail are built as JSON by PostgreSQL: the same keys, order and values as
the Python representation (measures.api.serializers.measure_detail, which still answers writes
and as_of), over the real agenda with its steps, sources, citations and links."""

import datetime

import orjson
import pytest
from django.test import RequestFactory
from django.utils import timezone, translation

from measures.api.rows import MeasureRows
from measures.api.serializers import MeasureListItemSerializer, measure_detail
from measures.api.sql_json import MeasureJson
from measures.models import Measure, MeasureLink
from tests.factories import MeasureLinkFactory

pytestmark = pytest.mark.django_db

LIST_KEYS = list(MeasureListItemSerializer().fields)
# The list sorts ministry and organisation names as the database collates them, the detail as
# Python does; the real content orders the same either way, other collations need not.
NAME_ORDERED = ("responsibilities", "organisations")


def python_detail(code: str, language: str = "nl") -> dict:
    with translation.override(language):
        request = RequestFactory().get("/api/v1/measures/")
        measure = Measure.objects.for_detail().get(code=code)
        return orjson.loads(orjson.dumps(measure_detail(measure, MeasureRows(request))))


def test_every_detail_is_the_python_representation_key_for_key(api, agenda):
    codes = list(Measure.objects.published().values_list("code", flat=True))
    assert len(codes) > 40
    for code in codes:
        built = api.get(f"/api/v1/measures/{code}/").json()
        assert list(built.items()) == list(python_detail(code).items()), code


def test_related_measures_leave_out_the_ones_not_public_now(api, agenda):
    measure = Measure.objects.published().get(code="4.1")
    hidden = Measure.objects.published().exclude(pk=measure.pk).first()
    MeasureLinkFactory(from_measure=measure, to_measure=hidden, kind=MeasureLink.Kind.RELATED)
    shown = api.get("/api/v1/measures/4.1/").json()["related_measures"]
    assert hidden.code in [related["code"] for related in shown]

    Measure.objects.filter(pk=hidden.pk).update(
        embargo_until=timezone.now() + datetime.timedelta(days=1)
    )
    built = api.get("/api/v1/measures/4.1/").json()
    assert hidden.code not in [related["code"] for related in built["related_measures"]]
    assert built == python_detail("4.1")


def test_the_list_items_are_the_detail_without_its_own_keys(api, agenda):
    rows = api.get("/api/v1/measures/", {"page_size": 500}).json()["results"]
    assert [row["code"] for row in rows] == list(
        Measure.objects.published().order_by("code_order").values_list("code", flat=True)
    )
    for row in rows:
        assert list(row) == LIST_KEYS
        expected = {key: python_detail(row["code"])[key] for key in LIST_KEYS}
        for key in NAME_ORDERED:
            assert sorted(map(repr, row.pop(key))) == sorted(map(repr, expected.pop(key)))
        assert row == expected, row["code"]


def test_labels_are_in_the_active_language(agenda):
    request = RequestFactory().get("/api/v1/measures/")
    measures = Measure.objects.published().filter(code="1.4")
    with translation.override("en"):
        ((english, version),) = MeasureJson(request).rows(measures, ("version",), detail=True)
    assert orjson.loads(english) == python_detail("1.4", "en")
    assert orjson.loads(english)["status_label"] != python_detail("1.4")["status_label"]
    assert version == measures.get().version


def test_text_with_quotes_controls_and_markup_survives_as_json(api, world):
    title = 'Een "titel" met \\ schuine streep, <b>opmaak</b>, tab\tregel\nen € é'
    Measure.objects.filter(code="4.1").update(title=title)
    assert api.get("/api/v1/measures/4.1/").json()["title"] == title
    rows = api.get("/api/v1/measures/", {"pillar": 4}).json()["results"]
    assert rows[0]["title"] == title
