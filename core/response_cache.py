"""A response cache for anonymous reads that is never stale.

Every key includes the content version (``settings.CONTENT_VERSION_FUNCTION``), which the
statement triggers bump in the same transaction as any content write: the request after a
change, through any worker or server sharing the cache, misses and renders afresh. The expiry
(``RESPONSE_CACHE_SECONDS``, 0 switches the cache off) only bounds the memory old versions take.

Only what is the same for every anonymous visitor is stored: 200 answers to GET, not streamed,
that set no cookie, do not vary on cookies and used no CSRF token or session. Signed-in users
(an authenticated session or an Authorization header) pass by. The middleware sits innermost,
so the outer middleware (security headers, language, CSRF) still runs on every answer.
"""

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, has_vary_header, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string
from django.utils.translation import get_language

KEY_PREFIX = "response:"
# A cache of its own (settings.CACHES): the keys carry the content version, so a copy per
# process is never stale, and without Redis it stays in memory instead of in the database.
CACHE_ALIAS = "responses"


def _cacheable_request(request) -> bool:
    # A session cookie may be a signed-in editor's (or carry messages): such reads pass by,
    # which also spares the session lookup.
    return (
        request.method in ("GET", "HEAD")
        and "Authorization" not in request.headers
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def cache_key(request, version_key: str) -> str:
    """Path, sorted query, language, representation, host and scheme, and the version."""
    query = urlencode(sorted(parse_qsl(request.META.get("QUERY_STRING", ""), True)))
    seed = "\n".join(
        [
            version_key,
            request.scheme,
            request.get_host(),
            request.path,
            query,
            get_language() or "",
            request.headers.get("Accept", ""),
        ]
    )
    return KEY_PREFIX + hashlib.blake2b(seed.encode(), digest_size=20).hexdigest()


def _storable(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # Looking at the (absent) session to find the user is fine; writing to it is not.
        and not getattr(getattr(request, "session", None), "modified", False)
    )


def _from_cache(request, stored) -> HttpResponse:
    status, headers, content, looked_at_session = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    if looked_at_session:
        # The first answer said so (its view looked for a signed-in user): keep saying it.
        patch_vary_headers(response, ("Cookie",))
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return (
        get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        or response
    )


class ResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.RESPONSE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        version = import_string(settings.CONTENT_VERSION_FUNCTION)()
        if version.last_modified is None:
            # No version row (a database flushed after migrating): nothing would tell a change.
            return self.get_response(request)
        key = cache_key(request, version.key)
        cache = caches[CACHE_ALIAS]
        stored = cache.get(key)
        if stored is not None:
            return _from_cache(request, stored)
        response = self.get_response(request)
        if _storable(request, response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            looked_at_session = getattr(getattr(request, "session", None), "accessed", False)
            stored = (response.status_code, list(response.items()), response.content)
            cache.set(key, (*stored, looked_at_session), seconds)
        return response
