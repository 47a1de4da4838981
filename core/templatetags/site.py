"""Template helpers shared by every page of the site."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@dataclass
class LanguageAlternate:
    code: str
    name: str
    url: str
    is_current: bool


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The current page in every language of the site (plain links: no JavaScript, no POST).

    A path that resolves to no page (a 404) falls back to the other language's home page.
    """
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = translation.get_language() or settings.LANGUAGE_CODE
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if code != current and url == path:
            with translation.override(code):
                url = reverse("pillars:home")
        info = translation.get_language_info(code)
        alternates.append(LanguageAlternate(code, info["name_local"], url, code == current))
    return alternates


@register.simple_tag
def localized_path(path):
    """A Dutch site path in the current language (/verbanden/ → /en/verbanden/ on English pages).

    For pages other parts of the project serve: no reverse() needed, and a path that does not
    resolve (yet) stays as written.
    """
    current = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, current)


@register.simple_tag(takes_context=True)
def nav_link(context, href, label, exact=False):
    """A navigation link that says so (aria-current) when it leads to the current section."""
    request = context.get("request")
    path = request.path if request else ""
    current = path == href if exact else path.startswith(href)
    return format_html(
        '<a href="{}"{}>{}</a>', href, mark_safe(' aria-current="page"') if current else "", label
    )


# Parameters of a page that mean nothing to the API (the API refuses what it does not know).
# (as_of means the same on both: the list's CSV and API links keep the day.)
PAGE_ONLY_PARAMETERS = {"page"}


@register.simple_tag(takes_context=True)
def api_querystring(context, **extra):
    """This page's selection as an API query string: the same filters, without empty values
    (a blank form field) or page-only parameters, which the API would answer with a 400."""
    query = QueryDict(mutable=True)
    for key, values in context["request"].GET.lists():
        kept = [value for value in values if value.strip()]
        if key not in PAGE_ONLY_PARAMETERS and kept:
            query.setlist(key, kept)
    for key, value in extra.items():
        query[key] = value
    return f"?{query.urlencode()}" if query else ""


@register.filter
def localized(obj, field: str) -> str:
    """`obj.localized(field)`: the English text on English pages where there is one."""
    return obj.localized(field)


@register.filter
def dutch_lang(obj, field: str) -> str:
    """` lang="nl"` on the element whose English page shows the Dutch text of `field`."""
    return mark_safe(' lang="nl"') if obj.shows_dutch(field) else ""


@register.filter
def shows_dutch(obj, fields: str) -> bool:
    """Whether any of the comma-separated `fields` is shown in Dutch on this English page."""
    return any(obj.shows_dutch(field.strip()) for field in fields.split(","))
