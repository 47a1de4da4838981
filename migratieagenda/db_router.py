"""Send reads to a PostgreSQL read replica when DATABASE_REPLICA_URL is set, except where a
replica's lag would show someone a past that they have just changed.

A streaming replica is a little behind its primary. Anonymous readers cannot tell, but an editor
who has just saved expects to see the save on the next page, which may be served by another app
server. So every write request (any method but GET, HEAD, OPTIONS, TRACE) pins the client to
the primary: for that request, and, through a short-lived signed cookie, for the requests that
follow it within DATABASE_PRIMARY_PIN_SECONDS. Reads inside a transaction also stay on the
primary, where the transaction's own writes are.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_DB_ALIAS = "replica"
PIN_COOKIE = "primary_pin"
PIN_SALT = "migratieagenda.db_router.primary_pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_pinned_to_primary: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)


@contextmanager
def pinned_to_primary(pinned: bool = True):
    """Within this block every read goes to the primary (when `pinned`)."""
    token = _pinned_to_primary.set(pinned)
    try:
        yield
    finally:
        _pinned_to_primary.reset(token)


def read_alias() -> str:
    """Where a read goes now: the one rule of the router."""
    if _pinned_to_primary.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA_DB_ALIAS


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label == "django_cache":
            # The database cache (API throttle counts) is read where it is written: a replica
            # lags, and its table is unlogged, so a replica does not even have its rows.
            return DEFAULT_DB_ALIAS
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class PrimaryPinMiddleware:
    """Pins a write request, and the same client's requests shortly after it, to the primary.

    Installed first, so that even the session and the signed-in user are read from the primary
    right after a sign-in or a save. The cookie is signed and carries its own time, so a client
    cannot pin itself for longer than the setting allows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_write = request.method not in SAFE_METHODS
        pinned = is_write or self._has_fresh_pin(request)
        with pinned_to_primary(pinned):
            response = self.get_response(request)
        if is_write and response.status_code < 400:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=PIN_SALT,
                max_age=settings.DATABASE_PRIMARY_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    @staticmethod
    def _has_fresh_pin(request) -> bool:
        value = request.get_signed_cookie(
            PIN_COOKIE,
            default=None,
            salt=PIN_SALT,
            max_age=settings.DATABASE_PRIMARY_PIN_SECONDS,
        )
        return value is not None
