"""A database that cannot be reached is a 503 with Retry-After, not a 500.

Load balancers and API clients treat a 503 as "try again shortly", which is the truth while
PostgreSQL restarts or fails over; a 500 says the request itself broke. Django reconnects on
the next request by itself (CONN_HEALTH_CHECKS, and no persistent connection survives an
error), so nothing here has to restore anything.
"""

import logging

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.template.response import TemplateResponse

from core.embedded_db import restart_if_stopped

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)


def is_database_unavailable(exc: BaseException) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


def service_unavailable(request) -> JsonResponse | TemplateResponse:
    """The 503 for this request: JSON under /api/ (the API's error shape), else the page."""
    retry_after = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": (
                    f"The database is unavailable for a moment. Try again in {retry_after} seconds."
                )
            },
            status=503,
        )
    else:
        # Rendered now, inside the middleware: base.html and the nav query nothing.
        response = TemplateResponse(request, "503.html", status=503).render()
    response["Retry-After"] = retry_after
    response["Cache-Control"] = "no-store"
    return response


def revive_embedded_database() -> None:
    """Start the embedded PostgreSQL again when its postmaster died under this process."""
    if not getattr(settings, "USING_EMBEDDED_DATABASE", False):
        return
    try:
        restart_if_stopped(settings.EMBEDDED_PGDATA)
    except Exception:
        # This request still gets its 503; the next one tries again.
        logger.exception("The embedded PostgreSQL could not be started again")


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection, in any view or template, into a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.warning(
            "Database unavailable, answered 503: %s", type(exception).__name__, exc_info=True
        )
        revive_embedded_database()
        return service_unavailable(request)
