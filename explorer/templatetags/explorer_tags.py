"""{% measure_neighbourhood measure %}: a measure's links two steps out, for the measure page.

One query (explorer.selectors.measure_neighbourhood); the measure's pillar must be
joined already, as `Measure.objects.for_detail()` does.
"""

from django import template

from explorer.layout import rings_drawing
from explorer.selectors import measure_neighbourhood

register = template.Library()


@register.inclusion_tag("explorer/includes/neighbourhood.html")
def measure_neighbourhood_graph(measure, neighbourhood=None):
    neighbourhood = neighbourhood or measure_neighbourhood(measure)
    pillars = neighbourhood.pillars  # only those in the drawing, fetched with the links
    return {
        "measure": measure,
        "neighbourhood": neighbourhood,
        "neighbourhood_drawing": rings_drawing(neighbourhood, pillars, "neighbourhood"),
    }
