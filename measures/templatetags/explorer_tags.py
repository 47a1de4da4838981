"""{% measure_neighbourhood measure %}: a measure's links two steps out, for the measure page.

One query (measures.explorer.selectors.measure_neighbourhood); the measure's pillar must be
joined already, as `Measure.objects.for_detail()` does.
"""

from django import template

from measures.explorer.layout import rings_drawing
from measures.explorer.selectors import measure_neighbourhood
from pillars.models import Pillar

register = template.Library()


@register.inclusion_tag("explorer/includes/neighbourhood.html")
def measure_neighbourhood_graph(measure, neighbourhood=None):
    neighbourhood = neighbourhood or measure_neighbourhood(measure)
    # The legend names only the pillars in the drawing; their titles come with the nodes'
    # pillar numbers, so one small query for those pillars.
    numbers = sorted({node.pillar for node in neighbourhood.nodes})
    pillars = list(Pillar.objects.filter(number__in=numbers))
    return {
        "measure": measure,
        "neighbourhood": neighbourhood,
        "neighbourhood_drawing": rings_drawing(neighbourhood, pillars, "neighbourhood"),
    }
