"""Use-case reads for the cross-link explorer (/verbanden/ and /api/v1/graph/).

Every view starts from the same selection: the public measures (`Measure.objects.published()`)
narrowed by the shared `MeasureFilterSet` with the explorer's two parameters, `pillar` and
`ministry`. So a number here is the count the measures list gives for the filter its link
carries. Each function aggregates in the database with a fixed number of queries, whatever
the number of measures.

Definitions (documented in the page and the API description):
- Pillar × ministry: a measure counts under its *primary* pillar, once per ministry, in that
  ministry's role (lead / co / consulted). A `ministry` filter selects the columns; a cell
  links to `?pillar=N&ministry=ABBR` (any role) or adds `&ministry_role=ROLE`.
- Pillar × pillar: a measure *serves* a pillar when it is its primary pillar or one of its
  other pillars. The cell for A and B counts the measures serving both
  (`?shared_pillars=A,B`); the diagonal counts the measures serving that pillar at all
  (`?serves_pillar=A`), i.e. the pillar's own total including support from other pillars.
- Route stages and governance levels: a measure appears under every stage (level) it is
  tagged with (`?route_stage=SLUG`, `?level=SLUG`).
- Graph: nodes are the selected measures; edges are the links between two of them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, F, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.mixins import BilingualNameMixin
from measures.codes import code_sort_key
from measures.filters import MeasureFilterSet
from measures.models import AnyOf, Measure, MeasureLink, Ministry, Responsibility
from measures.visibility import public_q
from pillars.models import GovernanceLevel, Pillar, RouteStage

# The explorer filters by these parameters of the measures list, and only these: with any
# other filter some cells could not link to exactly their measures.
EXPLORER_FILTER_PARAMS = ("pillar", "ministry")
ROLES = [
    Responsibility.Role.LEAD,
    Responsibility.Role.CO_RESPONSIBLE,
    Responsibility.Role.CONSULTED,
]
# Short keys for the roles in a matrix cell, explained next to the matrix (English: l, co, con;
# each key must stand for the role's own name, or the legend and the cell disagree).
ROLE_KEYS = {"lead": _("e"), "co": _("m"), "consulted": _("b")}
DENSITY_LEVELS = 5  # shading classes density-0 … density-4


def measure_list_url(params: dict | None = None) -> str:
    """The measures list filtered by `params` (a dict of parameter → value or list)."""
    url = reverse("measures:measure-list")
    pairs = []
    for key, value in (params or {}).items():
        if value in (None, "", []):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        pairs.append((key, ",".join(str(v) for v in values)))
    return f"{url}?{urlencode(pairs, safe=',')}" if pairs else url


def _measure_url(slug: str) -> str:
    return reverse("measures:measure-detail", kwargs={"slug": slug})


def density(count: int, maximum: int) -> int:
    """0 for nothing, then 1 … DENSITY_LEVELS-1 in proportion to the largest cell."""
    if count <= 0 or maximum <= 0:
        return 0
    return max(1, min(DENSITY_LEVELS - 1, round(count / maximum * (DENSITY_LEVELS - 1))))


@dataclass
class ExplorerSelection:
    """The filtered public measures every explorer view starts from."""

    filterset: MeasureFilterSet
    pillars: list  # selected Pillar objects (empty: all)
    ministries: list  # selected Ministry objects (empty: all)

    @property
    def is_valid(self) -> bool:
        return self.filterset.is_valid()

    @property
    def errors(self) -> dict[str, list[str]]:
        return {name: [str(e) for e in errors] for name, errors in self.filterset.errors.items()}

    @property
    def measures(self):
        return self.filterset.qs

    @property
    def measure_ids(self):
        return self.filterset.qs.order_by().values("pk")

    @property
    def params(self) -> dict:
        """The filter as link parameters, to carry into every link."""
        return {
            "pillar": [p.number for p in self.pillars],
            "ministry": [m.abbreviation for m in self.ministries],
        }


def explorer_selection(data) -> ExplorerSelection:
    """Validate `data` (a QueryDict or dict) with MeasureFilterSet, keeping only pillar/ministry."""
    query = QueryDict(mutable=True)
    for name in EXPLORER_FILTER_PARAMS:
        if hasattr(data, "getlist"):
            values = data.getlist(name)
        else:
            value = data.get(name)
            values = [] if value is None else (value if isinstance(value, list) else [value])
        if values:
            query.setlist(name, [str(v) for v in values])
    filterset = MeasureFilterSet(data=query, queryset=Measure.objects.published())
    pillars, ministries = [], []
    if filterset.is_valid():
        pillars = sorted(filterset.form.cleaned_data.get("pillar") or [], key=lambda p: p.number)
        ministries = sorted(filterset.form.cleaned_data.get("ministry") or [], key=lambda m: m.name)
    return ExplorerSelection(filterset=filterset, pillars=pillars, ministries=ministries)


# --- Pillar × ministry ----------------------------------------------------------------------


@dataclass
class RoleCount:
    role: str
    label: str
    count: int
    url: str

    @property
    def key(self) -> str:
        return str(ROLE_KEYS[self.role])


@dataclass
class MinistryCell:
    pillar: Pillar
    ministry: Ministry
    total: int
    url: str
    roles: list[RoleCount]
    density: int = 0


@dataclass
class PillarMinistryMatrix:
    pillars: list
    ministries: list
    rows: list  # [(pillar, [MinistryCell per ministry])]
    pillar_counts: dict  # ministry id → number of pillars it works on

    def cells(self):
        for _pillar, cells in self.rows:
            yield from cells


def pillar_ministry_matrix(
    selection: ExplorerSelection, pillars=None, ministries=None
) -> PillarMinistryMatrix:
    """Measures per primary pillar and ministry, split by role. One query, plus one each for
    the pillars and ministries when the caller does not pass them.

    A `pillar` filter selects the rows and a `ministry` filter the columns, so that every
    cell's measures are exactly those of its link.
    """
    pillars = selection.pillars or list(pillars if pillars is not None else Pillar.objects.all())
    ministries = selection.ministries or list(
        ministries if ministries is not None else Ministry.objects.all()
    )
    responsibilities = Responsibility.objects.filter(measure__in=selection.measure_ids)
    if selection.ministries:
        responsibilities = responsibilities.filter(ministry__in=selection.ministries)
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    # One responsibility per (measure, ministry): counting rows counts measures.
    rows = responsibilities.values_list("measure__pillar_id", "ministry_id", "role").annotate(
        n=Count("measure_id")
    )
    for pillar_id, ministry_id, role, n in rows.order_by():
        counts[(pillar_id, ministry_id)][role] = n

    role_labels = dict(Responsibility.Role.choices)
    matrix_rows = []
    maximum = max((sum(c.values()) for c in counts.values()), default=0)
    pillar_counts = {m.pk: 0 for m in ministries}
    for pillar in pillars:
        cells = []
        for ministry in ministries:
            by_role = counts.get((pillar.pk, ministry.pk), {})
            total = sum(by_role.values())
            if total:
                pillar_counts[ministry.pk] += 1
            base = {"pillar": pillar.number, "ministry": ministry.abbreviation}
            cells.append(
                MinistryCell(
                    pillar=pillar,
                    ministry=ministry,
                    total=total,
                    url=measure_list_url(base),
                    roles=[
                        RoleCount(
                            role=str(role),
                            label=str(role_labels[role]),
                            count=by_role.get(str(role), 0),
                            url=measure_list_url({**base, "ministry_role": str(role)}),
                        )
                        for role in ROLES
                    ],
                    density=density(total, maximum),
                )
            )
        matrix_rows.append((pillar, cells))
    return PillarMinistryMatrix(
        pillars=pillars, ministries=ministries, rows=matrix_rows, pillar_counts=pillar_counts
    )


# --- Pillar × pillar ------------------------------------------------------------------------


@dataclass
class PairCell:
    pillar_a: Pillar
    pillar_b: Pillar
    count: int
    url: str
    density: int = 0

    @property
    def is_diagonal(self) -> bool:
        return self.pillar_a.pk == self.pillar_b.pk


@dataclass
class PillarPillarMatrix:
    pillars: list
    rows: list  # [(pillar, [PairCell per pillar])]

    def cells(self):
        for _pillar, cells in self.rows:
            yield from cells

    def pairs(self):
        """Each unordered pair of different pillars once."""
        for cell in self.cells():
            if cell.pillar_a.number < cell.pillar_b.number:
                yield cell


def _served_pillar_pairs(selection: ExplorerSelection) -> dict[tuple[int, int], int]:
    """(pillar id, pillar id) → number of selected measures serving both. One query.

    A measure serves its primary pillar and its other pillars; UNION removes duplicates, so
    COUNT(*) over the self-join counts each measure once per pair.
    """
    selected_sql, params = selection.measure_ids.query.sql_with_params()
    quote = connection.ops.quote_name
    measure_table = quote(Measure._meta.db_table)
    other_table = quote(Measure.other_pillars.through._meta.db_table)
    sql = f"""
        WITH selected AS ({selected_sql}),
        serves AS (
            SELECT id AS measure_id, pillar_id FROM {measure_table}
             WHERE id IN (SELECT * FROM selected)
            UNION
            SELECT measure_id, pillar_id FROM {other_table}
             WHERE measure_id IN (SELECT * FROM selected)
        )
        SELECT a.pillar_id, b.pillar_id, COUNT(*)
          FROM serves a JOIN serves b ON a.measure_id = b.measure_id
         GROUP BY a.pillar_id, b.pillar_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(a, b): n for a, b, n in cursor.fetchall()}


def pillar_pillar_matrix(selection: ExplorerSelection, pillars=None) -> PillarPillarMatrix:
    """Shared measures per pair of pillars; the diagonal is each pillar's total. Two queries."""
    pillars = list(pillars if pillars is not None else Pillar.objects.all())
    counts = _served_pillar_pairs(selection)
    maximum = max((n for (a, b), n in counts.items() if a != b), default=0)
    rows = []
    for a in pillars:
        cells = []
        for b in pillars:
            n = counts.get((a.pk, b.pk), 0)
            if a.pk == b.pk:
                url = measure_list_url({**selection.params, "serves_pillar": a.number})
            else:
                pair = sorted([a.number, b.number])
                url = measure_list_url({**selection.params, "shared_pillars": pair})
            cells.append(
                PairCell(
                    pillar_a=a,
                    pillar_b=b,
                    count=n,
                    url=url,
                    density=0 if a.pk == b.pk else density(n, maximum),
                )
            )
        rows.append((a, cells))
    return PillarPillarMatrix(pillars=pillars, rows=rows)


# --- Route stages and governance levels -----------------------------------------------------


@dataclass
class MeasureRef(BilingualNameMixin):
    """A measure in a column: its code, titles (Dutch and English), page and pillar."""

    code: str
    title: str
    title_en: str
    url: str
    pillar: int


@dataclass
class GroupColumn:
    term: object  # RouteStage or GovernanceLevel
    measures: list = field(default_factory=list)  # MeasureRef
    url: str = ""

    @property
    def count(self) -> int:
        return len(self.measures)


GROUPINGS = {
    "stages": (RouteStage, Measure.route_stages.through, "routestage_id", "route_stage"),
    "levels": (GovernanceLevel, Measure.levels.through, "governancelevel_id", "level"),
}


def measures_by_group(selection: ExplorerSelection, grouping: str = "stages") -> list:
    """Columns in the terms' order, each with the selected measures tagged with it. Two queries."""
    model, through, term_column, parameter = GROUPINGS[grouping]
    columns = {
        term.pk: GroupColumn(
            term=term, url=measure_list_url({**selection.params, parameter: term.slug})
        )
        for term in model.objects.all()
    }
    rows = (
        through.objects.filter(measure__in=selection.measure_ids)
        .order_by("measure__code_order", "measure__code")
        .values_list(
            term_column,
            "measure__code",
            "measure__title",
            "measure__title_en",
            "measure__slug",
            "measure__pillar__number",
        )
    )
    for term_id, code, title, title_en, slug, pillar_number in rows:
        columns[term_id].measures.append(
            MeasureRef(code, title, title_en, _measure_url(slug), pillar_number)
        )
    return list(columns.values())


# --- The measure graph ----------------------------------------------------------------------


@dataclass
class GraphNode(BilingualNameMixin):
    id: int
    code: str
    slug: str
    title: str
    pillar: int
    status: str = ""
    title_en: str = ""
    distance: int = 0  # steps from the centre of a neighbourhood (0 on the whole graph)

    @property
    def url(self) -> str:
        return _measure_url(self.slug)


@dataclass
class GraphEdge(BilingualNameMixin):
    source: GraphNode
    target: GraphNode
    kind: str
    note: str = ""
    note_en: str = ""

    @property
    def kind_label(self) -> str:
        return str(MeasureLink.Kind(self.kind).label)


@dataclass
class Graph:
    nodes: list
    edges: list
    centre: GraphNode | None = None
    pillars: list = field(default_factory=list)  # of a neighbourhood: those in the drawing

    def depends_on(self):
        """[(measure, [measures it depends on])], for measures that depend on any."""
        found = defaultdict(list)
        for edge in self.edges:
            if edge.kind == MeasureLink.Kind.DEPENDS_ON:
                found[edge.source.id].append(edge.target)
        by_id = {node.id: node for node in self.nodes}
        return [(by_id[pk], targets) for pk, targets in found.items()]


def measure_graph(selection: ExplorerSelection) -> Graph:
    """The selected measures and the links between them. Two queries."""
    nodes = {
        pk: GraphNode(
            id=pk,
            code=code,
            slug=slug,
            title=title,
            title_en=title_en,
            pillar=pillar,
            status=status,
        )
        for pk, code, slug, title, title_en, pillar, status in selection.measures.order_by(
            "code_order", "code"
        ).values_list("pk", "code", "slug", "title", "title_en", "pillar__number", "status")
    }
    links = MeasureLink.objects.filter(
        from_measure__in=selection.measure_ids, to_measure__in=selection.measure_ids
    ).values_list("from_measure_id", "to_measure_id", "kind", "note", "note_en")
    edges = [
        GraphEdge(source=nodes[a], target=nodes[b], kind=kind, note=note, note_en=note_en)
        for a, b, kind, note, note_en in links.order_by()
        if a in nodes and b in nodes
    ]
    edges.sort(key=lambda e: (code_sort_key(e.source.code), e.kind, code_sort_key(e.target.code)))
    return Graph(nodes=list(nodes.values()), edges=edges)


# The pillar's titles come along so that the drawing's legend needs no query of its own.
_END_FIELDS = (
    "id",
    "code",
    "slug",
    "title",
    "title_en",
    "pillar__number",
    "pillar__title",
    "pillar__title_en",
)


def measure_neighbourhood(measure: Measure) -> Graph:
    """The public links within two steps of `measure`, and the measures they join. One query.

    Only links between two public measures count, so a draft neither shows nor bridges.
    """
    # Both ends public, checked on the two measures each link joins (not by collecting every
    # public measure), and the links of the measures one step out looked up by index.
    links = MeasureLink.objects.filter(
        public_q(prefix="from_measure__"), public_q(prefix="to_measure__")
    )
    touching = links.filter(Q(from_measure=measure) | Q(to_measure=measure)).order_by()
    # The ends of the links touching the measure: the measure itself and its neighbours.
    first_step = Q()
    for end in ("from_measure_id", "to_measure_id"):
        for neighbour in ("from_measure_id", "to_measure_id"):
            first_step |= AnyOf(F(end), touching.values(neighbour))
    rows = links.filter(first_step).values_list(
        "kind",
        "note",
        "note_en",
        *(f"from_measure__{f}" for f in _END_FIELDS),
        *(f"to_measure__{f}" for f in _END_FIELDS),
    )
    centre = GraphNode(
        id=measure.pk,
        code=measure.code,
        slug=measure.slug,
        title=measure.title,
        title_en=measure.title_en,
        pillar=measure.pillar.number,  # for_detail() has joined the pillar
        status=measure.status,
    )
    pillars = {measure.pillar.number: measure.pillar}
    nodes = {measure.pk: centre}
    edges = []
    size = len(_END_FIELDS)
    for kind, note, note_en, *ends in rows.order_by():
        pair = []
        for pk, code, slug, title, title_en, number, pillar_title, pillar_title_en in (
            ends[:size],
            ends[size:],
        ):
            pillars.setdefault(
                number, Pillar(number=number, title=pillar_title, title_en=pillar_title_en)
            )
            node = nodes.setdefault(
                pk,
                GraphNode(
                    id=pk, code=code, slug=slug, title=title, title_en=title_en, pillar=number
                ),
            )
            pair.append(node)
        edges.append(
            GraphEdge(source=pair[0], target=pair[1], kind=kind, note=note, note_en=note_en)
        )
    # Steps from the centre, for the rings of the drawing.
    adjacent = defaultdict(set)
    for edge in edges:
        adjacent[edge.source.id].add(edge.target.id)
        adjacent[edge.target.id].add(edge.source.id)
    first = adjacent[measure.pk]
    for pk, node in nodes.items():
        node.distance = 0 if pk == measure.pk else (1 if pk in first else 2)
    edges.sort(key=lambda e: (code_sort_key(e.source.code), e.kind, code_sort_key(e.target.code)))
    ordered = sorted(nodes.values(), key=lambda n: (n.distance, code_sort_key(n.code)))
    legend = [pillars[number] for number in sorted(pillars)]
    return Graph(nodes=ordered, edges=edges, centre=centre, pillars=legend)


# --- The page as a whole --------------------------------------------------------------------


@dataclass
class Summary:
    """The sentences at the top of /verbanden/: each answer with the link to its measures."""

    top_pairs: list  # PairCell, the pairs sharing the most measures (ties included)
    top_ministries: list  # (Ministry, number of pillars, url)
    pillar_total: int
    quietest_stages: list  # GroupColumn with the fewest measures (ties included)
    most_dependent: list  # (GraphNode, [GraphNode]) with the most dependencies
    dependent_count: int = 0  # measures that depend on at least one other


def explorer_summary(selection, pair_matrix, ministry_matrix, stages, graph) -> Summary:
    pairs = [cell for cell in pair_matrix.pairs() if cell.count]
    top = max((cell.count for cell in pairs), default=0)
    works_on = [(m, ministry_matrix.pillar_counts[m.pk]) for m in ministry_matrix.ministries]
    most = max((n for _m, n in works_on), default=0)
    fewest = min((column.count for column in stages), default=0)
    dependent = graph.depends_on()
    deepest = max((len(targets) for _n, targets in dependent), default=0)
    return Summary(
        top_pairs=[cell for cell in pairs if cell.count == top],
        top_ministries=[
            (m, n, measure_list_url({**selection.params, "ministry": m.abbreviation}))
            for m, n in works_on
            if most and n == most
        ],
        pillar_total=len(ministry_matrix.pillars),
        quietest_stages=[column for column in stages if column.count == fewest],
        most_dependent=[(n, t) for n, t in dependent if deepest and len(t) == deepest],
        dependent_count=len(dependent),
    )


@dataclass
class ExplorerPage:
    selection: ExplorerSelection
    grouping: str = "stages"
    pillar_ministry: PillarMinistryMatrix | None = None
    pillar_pillar: PillarPillarMatrix | None = None
    stages: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    graph: Graph | None = None
    summary: Summary | None = None
    all_pillars: list = field(default_factory=list)
    all_ministries: list = field(default_factory=list)


def explorer_page(data, grouping: str = "stages") -> ExplorerPage:
    """Everything /verbanden/ shows, in a fixed number of queries."""
    grouping = grouping if grouping in GROUPINGS else "stages"
    selection = explorer_selection(data)
    all_pillars = list(Pillar.objects.all())
    all_ministries = list(Ministry.objects.all())
    page = ExplorerPage(
        selection=selection,
        grouping=grouping,
        all_pillars=all_pillars,
        all_ministries=all_ministries,
    )
    if not selection.is_valid:
        return page
    page.pillar_ministry = pillar_ministry_matrix(selection, all_pillars, all_ministries)
    page.pillar_pillar = pillar_pillar_matrix(selection, all_pillars)
    page.stages = measures_by_group(selection, "stages")
    page.groups = page.stages if grouping == "stages" else measures_by_group(selection, grouping)
    page.graph = measure_graph(selection)
    page.summary = explorer_summary(
        selection, page.pillar_pillar, page.pillar_ministry, page.stages, page.graph
    )
    return page
