"""What every page says about itself in its <head>, and machine-readable dates."""

import datetime

from django import template
from django.conf import settings
from django.utils import timezone

from core.canonical import absolute_url

register = template.Library()


@register.filter
def iso_datetime(value):
    """ISO 8601 to the second, with the offset: what `<time datetime>` accepts (the `c` date
    format adds microseconds, which the HTML standard does not allow)."""
    if not isinstance(value, datetime.datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@register.inclusion_tag("includes/head_alternates.html", takes_context=True)
def head_alternates(context, alternates):
    """Absolute hreflang links to this page in every language (the page's language
    alternates), and x-default (the Dutch one, the site's default), as search engines want."""
    request = context.get("request")
    links = [(alternate.code, absolute_url(alternate.url, request)) for alternate in alternates]
    default = next((url for code, url in links if code == settings.LANGUAGE_CODE), None)
    return {"links": links, "default": default}
