"""/verbanden/ and a measure's neighbourhood on factory data: query counts and edge cases."""

import re

import pytest

from measures.models import Measure, MeasureLink
from tests.explorer.html import render_neighbourhood
from tests.factories import MeasureFactory, MeasureLinkFactory

pytestmark = pytest.mark.django_db


def test_the_page_costs_a_fixed_number_of_queries(
    client, grow_agenda, django_assert_max_num_queries
):
    grow_agenda(3)
    with django_assert_max_num_queries(12) as small:
        assert client.get("/verbanden/?ministry=XA,XB").status_code == 200
    grow_agenda(30)
    with django_assert_max_num_queries(12) as large:
        assert client.get("/verbanden/?ministry=XA,XB").status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


def test_a_measure_neighbourhood_renders_rings_with_its_links(django_assert_max_num_queries):
    a, b, c = MeasureFactory(), MeasureFactory(), MeasureFactory()
    MeasureLinkFactory(from_measure=a, to_measure=b, kind=MeasureLink.Kind.DEPENDS_ON)
    MeasureLinkFactory(from_measure=b, to_measure=c, kind=MeasureLink.Kind.RELATED)
    measure = Measure.objects.for_detail().get(pk=a.pk)
    with django_assert_max_num_queries(1):
        html = render_neighbourhood(measure)
    svg = re.search(r"<svg class=\"explorer-graph\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<desc" in svg
    assert len(re.findall(r'class="explorer-graph__node[ "]', svg)) == 3
    assert "explorer-graph__node--centre" in svg
    assert f"Maatregel {a.code} is binnen twee stappen verbonden met 2 andere maatregelen" in html
    assert html.count("<tr") == 3  # header and two links


def test_a_measure_without_links_says_so():
    measure = Measure.objects.for_detail().get(pk=MeasureFactory().pk)
    html = render_neighbourhood(measure)
    assert "geen verbanden" in html
    assert '<svg class="explorer-graph"' not in html
