"""The project's settings, served with the benchmark's URLconf (which adds the trivial view)."""

from migratieagenda.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
