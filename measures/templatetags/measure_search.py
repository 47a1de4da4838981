"""Template filters for search results: `{% load measure_search %}`."""

from django import template

from measures import search

register = template.Library()


@register.filter
def highlight_snippet(text):
    """`{{ measure.snippet|highlight_snippet }}`: escaped text, matched words in <mark>."""
    return search.highlight_snippet(text)
