"""Absolute addresses of this site's pages, for everything that is read away from the site:
hreflang alternates, the sitemap, citations and feeds."""

from django.conf import settings


def site_origin(request=None) -> str:
    """The configured canonical origin, else the one the request came in on."""
    if settings.SITE_CANONICAL_ORIGIN:
        return settings.SITE_CANONICAL_ORIGIN
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return f"https://{settings.SITE_CANONICAL_HOST}"


def absolute_url(path: str, request=None) -> str:
    return f"{site_origin(request)}{path}"
