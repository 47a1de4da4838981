"""ETag and Last-Modified from a cheap content version, and 304 for conditional requests.

The version (``settings.CONTENT_VERSION_FUNCTION``) is one indexed read; the ETag hashes it
together with what else shapes the body (path and query, representation, host, language). A
client's current copy is recognised in ``initial`` before any filter, lookup or body work, so a
304 costs one query.
"""

import hashlib
from calendar import timegm

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_etags, quote_etag
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from api.errors import invalid_parameter
from api.renderers import OrjsonRenderer


class NotModified(Exception):
    """Raised by the early conditional check: the client's copy is current (``response``)."""

    def __init__(self, response):
        super().__init__("Not modified")
        self.response = response


def content_version():
    """The content app's version (settings.CONTENT_VERSION_FUNCTION): `.key`, `.last_modified`."""
    return import_string(settings.CONTENT_VERSION_FUNCTION)()


class ApiViewMixin:
    """Errors are always JSON; successful reads carry ETag/Last-Modified; Vary: Accept."""

    etag = None
    last_modified = None
    version = None
    # Query parameters that must not be empty (``?status=``): an empty value is a 400 rather
    # than a filter that silently does nothing.
    non_empty_parameters: tuple[str, ...] = ("page", "page_size", "format")
    # Parameters a read takes besides those above, which may be empty (``?q=``).
    optional_parameters: tuple[str, ...] = ()

    def allowed_parameters(self) -> set[str]:
        return {"format", *self.non_empty_parameters, *self.optional_parameters}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            # A misspelt filter (?Pillar=4, ?pillar[]=4) must not quietly return everything.
            allowed = self.allowed_parameters()
            for name in request.query_params:
                if name not in allowed:
                    raise invalid_parameter(
                        name,
                        f"Unknown parameter. Parameters here: {', '.join(sorted(allowed))}.",
                    )
            for name in self.non_empty_parameters:
                if any(not value.strip() for value in request.query_params.getlist(name)):
                    raise invalid_parameter(name, "An empty value is not allowed here.")
            self.answer_current_copy_early(request)

    def answer_current_copy_early(self, request):
        """A repeat read whose ETag still matches gets its 304 before any filter, lookup or
        serializer work: the content version is then the only query.

        Sound without validating the parameters again: the ETag hashes the full query string
        and the content version, so a client can only hold a matching one if a request with
        exactly these parameters was answered 200 at this version. Only If-None-Match is
        trusted this early; If-Modified-Since alone carries no query, so it waits for the
        validation in the handler (an invalid query keeps its 400).
        """
        header = request.headers.get("If-None-Match")
        if not header:
            return
        etag = self.content_etag(request)
        # A resource's suffix ("-v<version>") is implied by the version: compare without it.
        base = etag.strip('"')
        for tag in parse_etags(header):
            # "*" waits for the handler: it means "if the resource exists", which needs a lookup.
            value = tag.removeprefix("W/").strip('"')
            if value == base or value.startswith(base + "-"):
                raise NotModified(self.conditional_response(request, etag=quote_etag(value)))

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return exc.response
        # An error answers in JSON even when CSV was asked for.
        self.request.accepted_renderer = OrjsonRenderer()
        self.request.accepted_media_type = OrjsonRenderer.media_type
        return super().handle_exception(exc)

    def current_version(self):
        """The content version, read once per request (the early check and the handler)."""
        if self.version is None:
            self.version = content_version()
        return self.version

    def content_etag(self, request, representation: str = "", suffix: str = "") -> str:
        version = self.current_version()
        seed = "\n".join(
            [
                version.key,
                request.method if request.method != "HEAD" else "GET",
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                representation or getattr(request, "accepted_media_type", "") or "",
                get_language() or "",
            ]
        )
        # `suffix` lets a resource add what identifies its own state (a measure: "-v<version>").
        return quote_etag(hashlib.blake2b(seed.encode(), digest_size=16).hexdigest() + suffix)

    def conditional_response(
        self, request, representation: str = "", suffix: str = "", etag: str | None = None
    ):
        """Set this request's validators; return a 304 response when the client is current."""
        self.etag = etag or self.content_etag(request, representation, suffix)
        self.last_modified = self.current_version().last_modified
        timestamp = timegm(self.last_modified.utctimetuple()) if self.last_modified else None
        return get_conditional_response(request, etag=self.etag, last_modified=timestamp)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.etag and (200 <= response.status_code < 300 or response.status_code == 304):
            response["ETag"] = self.etag
            if self.last_modified:
                response["Last-Modified"] = http_date(timegm(self.last_modified.utctimetuple()))
        patch_vary_headers(response, ("Accept",))
        return response
