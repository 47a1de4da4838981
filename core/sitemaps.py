"""Sitemap machinery shared by the site's sitemaps: every page in both languages, with hreflang
alternates and x-default, under the canonical origin when one is configured."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse


class SiteSitemap(sitemaps.Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        if settings.SITE_CANONICAL_ORIGIN:
            return urlsplit(settings.SITE_CANONICAL_ORIGIN).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_CANONICAL_ORIGIN:
            return urlsplit(settings.SITE_CANONICAL_ORIGIN).netloc
        return super().get_domain(site)


class NamedPagesSitemap(SiteSitemap):
    """Pages addressed by url name, each with a function that says when it last changed."""

    def __init__(self, pages):
        self.pages = pages  # {url name: callable returning the last change, or None}

    def items(self):
        # Each function once per sitemap, however many pages share it.
        results = {}
        for when in self.pages.values():
            if when not in results:
                results[when] = when()
        return [(name, results[when]) for name, when in self.pages.items()]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]
