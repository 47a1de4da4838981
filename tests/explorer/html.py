"""Reading the explorer's HTML in tests: start tags, the neighbourhood graph, the summary, and
what a link to the measures list would list."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from django.template import Context, Template

from measures.filters import MeasureFilterSet
from measures.models import Measure


def list_count(url: str) -> int:
    """What the measures list counts for the filter in `url` (the shared FilterSet)."""
    parts = urlsplit(url)
    assert parts.path.endswith("/maatregelen/"), url
    data = {key: values for key, values in parse_qs(parts.query).items()}
    filterset = MeasureFilterSet(data=data, queryset=Measure.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.starts = []

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))


def tags(html: str):
    parser = _Collector()
    parser.feed(html)
    return parser.starts


def render_neighbourhood(measure) -> str:
    template = Template("{% load explorer_tags %}{% measure_neighbourhood_graph measure %}")
    return template.render(Context({"measure": measure}))


def summary_items(html: str) -> dict[str, str]:
    return dict(re.findall(r'<li data-summary="([a-z-]+)">(.*?)</li>', html, re.S))
