"""The project's settings, served with the benchmark's URLconf (which adds the trivial view)."""

import os

from migratieagenda.settings import *  # noqa: F403
from migratieagenda.settings import CACHES

ROOT_URLCONF = "bench.urls"

# A shared Redis may hold another database's entries under the same content version number
# (the development data, a colleague's run): each benchmark run keys its own.
if os.environ.get("BENCH_CACHE_KEY_PREFIX"):
    CACHES = {
        alias: {**config, "KEY_PREFIX": os.environ["BENCH_CACHE_KEY_PREFIX"]}
        for alias, config in CACHES.items()
    }
