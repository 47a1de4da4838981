"""Redis as the shared cache, failing open: with Redis down, requests are still served.

The cache holds nothing that cannot be recomputed, and the API throttle's counts; losing them
for a while is better than answering 500. Each failed call behaves as a miss (reads) or a no-op
(writes), and a warning is logged at most once a minute per process.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
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
