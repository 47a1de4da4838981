"""Reading the explorer's HTML in tests: start tags, the neighbourhood graph, the summary."""

import re
from html.parser import HTMLParser

from django.template import Context, Template


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
