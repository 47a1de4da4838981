"""The shared caches: Redis failing open, or PostgreSQL when there is no Redis.

Redis, failing open: with Redis down, requests are still served.

The cache holds nothing that cannot be recomputed, and the API throttle's counts; losing them
for a while is better than answering 500. Each failed call behaves as a miss (reads) or a no-op
(writes), and a warning is logged at most once a minute per process.
"""

import base64
import hashlib
import logging
import pickle
import time
from datetime import UTC, datetime

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router
from django.utils.timezone import now as tz_now
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# The cache alias (settings.CACHES) for what is keyed by the content version: responses, the
# API's counts, the pages' summaries. A key names the version it was computed at, so a copy
# per process is never stale: without Redis this cache stays in each process's memory.
VERSIONED_CACHE_ALIAS = "versioned"


def versioned_cache():
    return caches[VERSIONED_CACHE_ALIAS]


# An entry names the content version it was computed at, so it is never stale; the expiry only
# bounds the memory that entries of older versions take.
VERSIONED_SECONDS = 24 * 60 * 60


def versioned_memo(kind: str, version, parts, compute):
    """``compute()``, kept in the versioned cache under `kind`, the content version and `parts`
    (the strings naming everything else the value depends on: a selection, a language).

    `version` has the content version's ``key`` and ``last_modified``. Without a version row
    (``last_modified`` is None: a flushed database) the key could not follow the content, so
    nothing is kept. The one rule for what is cached by the content version: the API's counts,
    the list's facets and the summaries of the home and pillar pages use it.
    """
    if version.last_modified is None:
        return compute()
    seed = "\n".join([version.key, *parts])
    key = f"{kind}:" + hashlib.blake2b(seed.encode(), digest_size=20).hexdigest()
    value = versioned_cache().get(key)
    if value is None:
        value = compute()
        versioned_cache().set(key, value, VERSIONED_SECONDS)
    return value


WARNING_INTERVAL_SECONDS = 60
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class FailOpenRedisCache(RedisCache):
    _last_warning = float("-inf")

    def _unreachable(self, error, default=None):
        now = time.monotonic()
        if now - FailOpenRedisCache._last_warning >= WARNING_INTERVAL_SECONDS:
            FailOpenRedisCache._last_warning = now
            logger.warning("Redis cache unreachable, serving without it: %s", error)
        return default

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            return self._unreachable(error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            return self._unreachable(error, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            return self._unreachable(error, False)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            return self._unreachable(error, False)

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            return self._unreachable(error)

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            return self._unreachable(error, [])

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            return self._unreachable(error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            return self._unreachable(error, False)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNREACHABLE as error:
            return self._unreachable(error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._unreachable(error)
            raise ValueError(f"Key '{key}' not found (Redis unreachable).") from error

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as error:
            return self._unreachable(error, False)


# The table of the database cache (settings.CACHES when REDIS_URL is unset), created by the
# migration core/0002_database_cache_table, so that no one needs to run createcachetable.
DATABASE_CACHE_TABLE = "core_cache"
# Expired rows are swept on one write in this many (per process), instead of Django's count
# of the whole table on every write.
SWEEP_EVERY_WRITES = 500


class PostgresDatabaseCache(DatabaseCache):
    """Django's database cache with each write as one PostgreSQL upsert.

    Django's ``DatabaseCache`` counts the whole table, then selects the row and updates or
    inserts it inside a transaction: four statements, and a count that grows with the number of
    clients, on every request the API throttle counts. Here a write is one
    ``INSERT ... ON CONFLICT`` (atomic, so two workers never fail each other's write), and
    expired rows are swept now and then. Reads, deletes and ``clear`` are Django's.
    """

    _writes = 0

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        timeout = self.get_backend_timeout(timeout)
        connection = connections[router.db_for_write(self.cache_model_class)]
        table = connection.ops.quote_name(self._table)
        now = tz_now().replace(microsecond=0)
        expires = (
            datetime.max.replace(tzinfo=UTC)
            if timeout is None
            else datetime.fromtimestamp(timeout, tz=UTC).replace(microsecond=0)
        )
        expires = connection.ops.adapt_datetimefield_value(expires)
        now_value = connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            if mode == "touch":
                cursor.execute(
                    f"UPDATE {table} SET expires = %s WHERE cache_key = %s AND expires >= %s",
                    [expires, key, now_value],
                )
            else:
                encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode()
                # add() only replaces a row that has expired; set() always does.
                condition = f" WHERE {table}.expires < %s" if mode == "add" else ""
                cursor.execute(
                    f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                    "ON CONFLICT (cache_key) DO UPDATE "
                    f"SET value = EXCLUDED.value, expires = EXCLUDED.expires{condition}",
                    [key, encoded, expires, *([now_value] if mode == "add" else [])],
                )
            written = cursor.rowcount == 1
            PostgresDatabaseCache._writes += 1
            if PostgresDatabaseCache._writes % SWEEP_EVERY_WRITES == 0:
                self._sweep(cursor, connection, now)
        return written

    def _sweep(self, cursor, connection, now):
        """Expired rows out; past MAX_ENTRIES, the oldest keys too, as Django culls."""
        table = connection.ops.quote_name(self._table)
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            self._cull(connection.alias, cursor, now, count)
        else:
            cursor.execute(
                f"DELETE FROM {table} WHERE expires < %s",
                [connection.ops.adapt_datetimefield_value(now)],
            )
