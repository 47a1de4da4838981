"""The files browsers and crawlers ask for at fixed addresses at the root of the site."""

from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from core.canonical import absolute_url


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /en/admin/",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says; the icon itself is a static file
    (hashed and cached by whitenoise), so this only points there."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("icons/favicon.ico")
