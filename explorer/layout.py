"""A deterministic drawing of a measure graph, for a server-rendered SVG (no JavaScript needed).

Pure Python over a `selectors.Graph`: the same graph always gives the same picture. The whole
agenda is drawn on a circle with the pillars as arcs (a chord diagram); a measure's
neighbourhood as rings around it (one step, two steps). Pillars differ by colour *and* shape,
and every node carries its code (whose first number is its pillar); link kinds differ by
line pattern and arrowhead, not only by colour.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from measures.codes import code_sort_key
from measures.models import MeasureLink

# Colours with at least 3:1 contrast against white (WCAG 1.4.11, non-text contrast).
PILLAR_COLOURS = {
    1: "#1f5a96",
    2: "#a0451b",
    3: "#2c6e31",
    4: "#7d2a6e",
    5: "#6b5600",
    6: "#00666e",
}
PILLAR_SHAPES = {
    1: "circle",
    2: "square",
    3: "triangle",
    4: "diamond",
    5: "triangle-down",
    6: "hexagon",
}
SHAPE_LABELS = {
    "circle": _("cirkel"),
    "square": _("vierkant"),
    "triangle": _("driehoek"),
    "diamond": _("ruit"),
    "triangle-down": _("omgekeerde driehoek"),
    "hexagon": _("zeshoek"),
}
FALLBACK_COLOUR = "#4d4d4d"

# (stroke colour, dash pattern, has an arrowhead, pattern name for the legend)
EDGE_STYLES = {
    MeasureLink.Kind.SUPPORTS: ("#1a1a1a", "", True, _("doorgetrokken lijn met pijl")),
    MeasureLink.Kind.DEPENDS_ON: ("#8a1c1c", "8 4", True, _("gestreepte lijn met pijl")),
    MeasureLink.Kind.RELATED: ("#4d4d4d", "2 3", False, _("gestippelde lijn, zonder pijl")),
}
NODE_RADIUS = 7
CENTRE_RADIUS = 11


def shape_path(shape: str, x: float, y: float, r: float) -> str:
    """An SVG path for `shape` centred on (x, y) with 'radius' r."""
    if shape == "circle":
        return f"M{x - r:.1f},{y:.1f}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0Z"
    if shape == "square":
        s = r * 0.85
        return f"M{x - s:.1f},{y - s:.1f}h{2 * s:.1f}v{2 * s:.1f}h{-2 * s:.1f}Z"
    corners = {
        "triangle": (3, -90),
        "triangle-down": (3, 90),
        "diamond": (4, -90),
        "hexagon": (6, 0),
    }[shape]
    count, start = corners
    scale = 1.2 if count == 3 else 1.05
    points = [
        (
            x + r * scale * math.cos(math.radians(start + i * 360 / count)),
            y + r * scale * math.sin(math.radians(start + i * 360 / count)),
        )
        for i in range(count)
    ]
    return "M" + "L".join(f"{px:.1f},{py:.1f}" for px, py in points) + "Z"


@dataclass
class PlacedNode:
    node: object  # selectors.GraphNode
    x: float
    y: float
    path: str
    fill: str
    label_x: float
    label_y: float
    anchor: str
    is_centre: bool = False


@dataclass
class PlacedEdge:
    edge: object  # selectors.GraphEdge
    d: str
    stroke: str
    dash: str
    marker: str  # marker id, or "" for none


@dataclass
class LegendPillar:
    number: int
    title: str
    fill: str
    path: str
    shape: str


@dataclass
class LegendKind:
    kind: str
    label: str
    stroke: str
    dash: str
    marker: str
    pattern: str


@dataclass
class Drawing:
    id: str
    width: int
    height: int
    nodes: list
    edges: list
    markers: list  # (id, colour)
    pillars: list  # LegendPillar
    kinds: list  # LegendKind


def _legend(drawing_id: str, pillars) -> tuple[list, list, list]:
    legend_pillars = [
        LegendPillar(
            number=p.number,
            title=p.display_title,
            fill=PILLAR_COLOURS.get(p.number, FALLBACK_COLOUR),
            path=shape_path(PILLAR_SHAPES.get(p.number, "circle"), 10, 10, 7),
            shape=str(SHAPE_LABELS[PILLAR_SHAPES.get(p.number, "circle")]),
        )
        for p in pillars
    ]
    markers, kinds = [], []
    for kind, (stroke, dash, arrow, pattern) in EDGE_STYLES.items():
        marker = f"{drawing_id}-arrow-{kind}" if arrow else ""
        if arrow:
            markers.append((marker, stroke))
        kinds.append(
            LegendKind(
                kind=str(kind),
                label=str(kind.label),
                stroke=stroke,
                dash=dash,
                marker=marker,
                pattern=str(pattern),
            )
        )
    return legend_pillars, markers, kinds


def _place(node, x, y, cx, cy, radius, is_centre=False) -> PlacedNode:
    angle = math.atan2(y - cy, x - cx)
    distance = radius + 6
    cos, sin = math.cos(angle), math.sin(angle)
    if is_centre:
        # Above the node and to its right, where a ring's first node (at the top) is not.
        label_x, label_y, anchor = x + radius + 3, y - radius - 3, "start"
    else:
        label_x = x + cos * distance
        label_y = y + sin * distance + 4
        anchor = "start" if cos > 0.2 else ("end" if cos < -0.2 else "middle")
        if anchor == "middle":
            label_y = y + sin * (distance + 6) + 4
    shape = PILLAR_SHAPES.get(node.pillar, "circle")
    return PlacedNode(
        node=node,
        x=round(x, 1),
        y=round(y, 1),
        path=shape_path(shape, x, y, radius),
        fill=PILLAR_COLOURS.get(node.pillar, FALLBACK_COLOUR),
        label_x=round(label_x, 1),
        label_y=round(label_y, 1),
        anchor=anchor,
        is_centre=is_centre,
    )


def _edges(graph, placed: dict, cx: float, cy: float, pull: float, drawing_id: str) -> list:
    """Quadratic curves, bent towards the centre by `pull`; parallel links fan out."""
    seen = defaultdict(int)
    result = []
    for edge in graph.edges:
        a, b = placed[edge.source.id], placed[edge.target.id]
        key = tuple(sorted((a.node.id, b.node.id)))
        nth = seen[key]
        seen[key] += 1
        mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
        qx, qy = mx + (cx - mx) * pull, my + (cy - my) * pull
        length = math.hypot(b.x - a.x, b.y - a.y) or 1
        offset = (nth + 1) // 2 * 14 * (1 if nth % 2 else -1)
        qx += -(b.y - a.y) / length * offset
        qy += (b.x - a.x) / length * offset
        start = _towards(a, qx, qy, CENTRE_RADIUS if a.is_centre else NODE_RADIUS)
        end = _towards(b, qx, qy, (CENTRE_RADIUS if b.is_centre else NODE_RADIUS) + 2)
        stroke, dash, arrow, _pattern = EDGE_STYLES[MeasureLink.Kind(edge.kind)]
        result.append(
            PlacedEdge(
                edge=edge,
                d=f"M{start[0]:.1f},{start[1]:.1f}Q{qx:.1f},{qy:.1f} {end[0]:.1f},{end[1]:.1f}",
                stroke=stroke,
                dash=dash,
                marker=f"{drawing_id}-arrow-{edge.kind}" if arrow else "",
            )
        )
    return result


def _towards(node: PlacedNode, x: float, y: float, distance: float) -> tuple[float, float]:
    length = math.hypot(x - node.x, y - node.y)
    if length < 1e-6:
        return node.x, node.y
    return node.x + (x - node.x) / length * distance, node.y + (y - node.y) / length * distance


def circle_drawing(graph, pillars, drawing_id: str = "graph") -> Drawing:
    """The whole agenda: nodes on a circle in code order, each pillar an arc with gaps between."""
    nodes = sorted(graph.nodes, key=lambda n: (n.pillar, _code_key(n.code)))
    gap = 1.5
    groups = sorted({n.pillar for n in nodes})
    slots = len(nodes) + gap * len(groups) or 1
    radius = max(140.0, slots * 24 / (2 * math.pi))
    margin = 56
    size = int(2 * (radius + margin))
    cx = cy = size / 2
    placed = {}
    for index, node in enumerate(nodes):
        slot = index + gap * groups.index(node.pillar) + gap / 2
        angle = 2 * math.pi * slot / slots - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        placed[node.id] = _place(node, x, y, cx, cy, NODE_RADIUS)
    legend_pillars, markers, kinds = _legend(drawing_id, pillars)
    return Drawing(
        id=drawing_id,
        width=size,
        height=size,
        nodes=list(placed.values()),
        edges=_edges(graph, placed, cx, cy, 0.6, drawing_id),
        markers=markers,
        pillars=legend_pillars,
        kinds=kinds,
    )


def rings_drawing(graph, pillars, drawing_id: str = "neighbourhood") -> Drawing:
    """A measure's neighbourhood: the measure in the middle, one step and two steps out as rings."""
    rings = defaultdict(list)
    for node in graph.nodes:
        rings[node.distance].append(node)
    inner = max(100.0, len(rings[1]) * 34 / (2 * math.pi))
    outer = max(inner + 90.0, len(rings[2]) * 34 / (2 * math.pi))
    radius = outer if rings[2] else inner if rings[1] else 0
    margin = 60
    size = int(2 * (radius + margin))
    cx = cy = size / 2
    placed = {}
    for node in rings[0]:
        placed[node.id] = _place(node, cx, cy, cx, cy, CENTRE_RADIUS, is_centre=True)
    for distance, ring_radius in ((1, inner), (2, outer)):
        members = sorted(rings[distance], key=lambda n: (n.pillar, _code_key(n.code)))
        for index, node in enumerate(members):
            shift = 0.5 if distance == 2 else 0
            angle = 2 * math.pi * (index + shift) / len(members) - math.pi / 2
            x, y = cx + ring_radius * math.cos(angle), cy + ring_radius * math.sin(angle)
            placed[node.id] = _place(node, x, y, cx, cy, NODE_RADIUS)
    legend_pillars, markers, kinds = _legend(drawing_id, pillars)
    return Drawing(
        id=drawing_id,
        width=size,
        height=size,
        nodes=list(placed.values()),
        edges=_edges(graph, placed, cx, cy, 0.0, drawing_id),
        markers=markers,
        pillars=legend_pillars,
        kinds=kinds,
    )


def _code_key(code: str):
    return code_sort_key(code)
