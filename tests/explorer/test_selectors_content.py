"""The explorer's numbers agree with the measures list for the same filter, and cost a fixed
number of queries whatever the number of measures. Here: over the real content."""

import pytest

from explorer.selectors import (
    explorer_page,
    explorer_selection,
    measure_graph,
    measures_by_group,
    pillar_ministry_matrix,
    pillar_pillar_matrix,
)
from measures.models import Measure, MeasureLink
from tests.explorer.html import list_count

pytestmark = pytest.mark.django_db

FILTERS = [{}, {"pillar": "4"}, {"ministry": "JenV"}, {"pillar": "1,3", "ministry": "BZ,BHOS"}]


@pytest.mark.parametrize("data", FILTERS)
def test_every_pillar_ministry_cell_counts_what_its_link_lists(agenda, data):
    matrix = pillar_ministry_matrix(explorer_selection(data))
    totals = [cell.total for cell in matrix.cells()]
    assert sum(totals) > 0
    for cell in matrix.cells():
        assert cell.total == list_count(cell.url), cell.url
        assert sum(role.count for role in cell.roles) == cell.total
        for role in cell.roles:
            assert role.count == list_count(role.url), role.url


def test_the_pillar_ministry_filter_picks_rows_and_columns(agenda):
    matrix = pillar_ministry_matrix(explorer_selection({"pillar": "1,3", "ministry": "bz"}))
    assert [p.number for p in matrix.pillars] == [1, 3]
    assert [m.abbreviation for m in matrix.ministries] == ["BZ"]


def test_pillar_ministry_rows_add_up_to_the_measures_of_the_pillar(agenda):
    matrix = pillar_ministry_matrix(explorer_selection({}))
    for pillar, cells in matrix.rows:
        leads = sum(cell.roles[0].count for cell in cells)
        # Every public measure has exactly one lead ministry.
        assert leads == Measure.objects.published().filter(pillar=pillar).count()


@pytest.mark.parametrize("data", FILTERS)
def test_every_pillar_pair_counts_what_its_link_lists(agenda, data):
    matrix = pillar_pillar_matrix(explorer_selection(data))
    for cell in matrix.cells():
        assert cell.count == list_count(cell.url), cell.url


def test_the_pillar_matrix_is_symmetric_with_each_pillars_total_on_the_diagonal(agenda):
    matrix = pillar_pillar_matrix(explorer_selection({}))
    counts = {(c.pillar_a.number, c.pillar_b.number): c for c in matrix.cells()}
    for (a, b), cell in counts.items():
        assert cell.count == counts[(b, a)].count
        if a == b:
            assert cell.url.endswith(f"?serves_pillar={a}")
        else:
            assert f"shared_pillars={min(a, b)},{max(a, b)}" in cell.url
    assert any(cell.count for cell in matrix.pairs())


@pytest.mark.parametrize("grouping", ["stages", "levels"])
@pytest.mark.parametrize("data", FILTERS)
def test_every_route_column_lists_what_its_link_lists(agenda, grouping, data):
    columns = measures_by_group(explorer_selection(data), grouping)
    assert columns
    for column in columns:
        assert column.count == list_count(column.url), column.url


def test_route_stages_come_in_the_order_of_the_route(agenda):
    columns = measures_by_group(explorer_selection({}), "stages")
    assert [c.term.slug for c in columns] == [
        "herkomst",
        "transit",
        "eu-buitengrens",
        "nederland",
        "terugkeer",
        "integratie",
    ]


@pytest.mark.parametrize("data", FILTERS)
def test_the_graph_has_the_measures_of_the_list_and_only_links_between_them(agenda, data):
    selection = explorer_selection(data)
    graph = measure_graph(selection)
    assert len(graph.nodes) == selection.measures.count()
    codes = {node.code for node in graph.nodes}
    assert all(e.source.code in codes and e.target.code in codes for e in graph.edges)
    expected = MeasureLink.objects.filter(
        from_measure__in=selection.measures, to_measure__in=selection.measures
    ).count()
    assert len(graph.edges) == expected


def test_the_whole_graph_has_every_public_link(agenda):
    graph = measure_graph(explorer_selection({}))
    assert len(graph.nodes) == Measure.objects.published().count()
    assert len(graph.edges) == MeasureLink.objects.count()
    assert {e.kind for e in graph.edges} == set(MeasureLink.Kind.values)


def test_the_summary_answers_the_four_questions(agenda):
    page = explorer_page({})
    pairs = list(page.pillar_pillar.pairs())
    top = max(c.count for c in pairs)
    assert page.summary.top_pairs and all(c.count == top for c in page.summary.top_pairs)
    works_on = page.pillar_ministry.pillar_counts
    assert all(
        works_on[m.pk] == max(works_on.values()) for m, _n, _u in page.summary.top_ministries
    )
    fewest = min(c.count for c in page.stages)
    assert [c.count for c in page.summary.quietest_stages] == [fewest] * len(
        page.summary.quietest_stages
    )
    depends = MeasureLink.objects.filter(kind=MeasureLink.Kind.DEPENDS_ON)
    assert page.summary.dependent_count == depends.values("from_measure").distinct().count()
