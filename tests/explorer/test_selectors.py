"""Edge cases and query counts, on factory data: the explorer's numbers agree with the measures list for the same filter, and cost a fixed
number of queries whatever the number of measures."""

import datetime

import pytest
from django.utils import timezone

from explorer.selectors import (
    explorer_page,
    explorer_selection,
    measure_graph,
    measure_neighbourhood,
    pillar_ministry_matrix,
    pillar_pillar_matrix,
)
from measures.models import Measure, MeasureLink
from tests.factories import MeasureFactory, MeasureLinkFactory, PillarFactory

pytestmark = pytest.mark.django_db


def test_a_pair_of_other_pillars_shares_the_measure_too():
    one, four, five = (PillarFactory(number=n) for n in (1, 4, 5))
    measure = MeasureFactory(pillar=one)
    measure.other_pillars.add(four, five)
    draft = MeasureFactory(pillar=four, is_published=False)
    draft.other_pillars.add(five)
    counts = {
        (c.pillar_a.number, c.pillar_b.number): c.count
        for c in pillar_pillar_matrix(explorer_selection({})).cells()
    }
    assert counts[(1, 4)] == counts[(1, 5)] == counts[(4, 5)] == 1
    assert counts[(4, 4)] == 1  # the draft does not count
    assert counts[(1, 1)] == 1


def test_embargoed_measures_stay_out_of_every_view():
    later = timezone.now() + datetime.timedelta(days=3)
    pillar = PillarFactory(number=2)
    MeasureFactory(pillar=pillar, embargo_until=later)
    selection = explorer_selection({})
    assert measure_graph(selection).nodes == []
    assert all(cell.total == 0 for cell in pillar_ministry_matrix(selection).cells())
    assert all(cell.count == 0 for cell in pillar_pillar_matrix(selection).cells())


def test_a_neighbourhood_reaches_two_steps_and_no_further():
    a, b, c, d = (MeasureFactory() for _ in range(4))
    MeasureLinkFactory(from_measure=a, to_measure=b, kind=MeasureLink.Kind.DEPENDS_ON)
    MeasureLinkFactory(from_measure=c, to_measure=b, kind=MeasureLink.Kind.SUPPORTS)
    MeasureLinkFactory(from_measure=c, to_measure=d, kind=MeasureLink.Kind.RELATED)
    graph = measure_neighbourhood(Measure.objects.for_detail().get(pk=a.pk))
    assert {n.code: n.distance for n in graph.nodes} == {a.code: 0, b.code: 1, c.code: 2}
    assert [(e.source.code, e.kind, e.target.code) for e in graph.edges] == sorted(
        [(a.code, "depends_on", b.code), (c.code, "supports", b.code)]
    )


def test_a_draft_neither_shows_nor_bridges_in_a_neighbourhood():
    a, c = MeasureFactory(), MeasureFactory()
    draft = MeasureFactory(is_published=False)
    MeasureLinkFactory(from_measure=a, to_measure=draft)
    MeasureLinkFactory(from_measure=draft, to_measure=c)
    graph = measure_neighbourhood(Measure.objects.for_detail().get(pk=a.pk))
    assert [n.code for n in graph.nodes] == [a.code]
    assert graph.edges == []


def _queries_for(django_assert_max_num_queries, pinned, call):
    with django_assert_max_num_queries(pinned) as captured:
        call()
    return len(captured.captured_queries)


@pytest.mark.parametrize("data", [{}, {"pillar": "1,2", "ministry": "XA"}])
def test_the_explorer_costs_a_fixed_number_of_queries(
    grow_agenda, django_assert_max_num_queries, data
):
    grow_agenda(3)
    small = _queries_for(django_assert_max_num_queries, 12, lambda: explorer_page(data, "levels"))
    grow_agenda(30)
    large = _queries_for(django_assert_max_num_queries, 12, lambda: explorer_page(data, "levels"))
    assert small == large


def test_a_neighbourhood_costs_one_query(grow_agenda, django_assert_max_num_queries):
    made = grow_agenda(3)
    measure = Measure.objects.for_detail().get(pk=made[0].pk)
    with django_assert_max_num_queries(1):
        small = measure_neighbourhood(measure)
    made = grow_agenda(30)
    measure = Measure.objects.for_detail().get(pk=made[0].pk)
    with django_assert_max_num_queries(1):
        large = measure_neighbourhood(measure)
    assert len(large.nodes) > len(small.nodes)
