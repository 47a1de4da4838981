"""gunicorn's settings for production and `make serve`: `gunicorn -c gunicorn.conf.py`.

Every value can be overridden from the environment (the variables below) or gunicorn's own
command line, so that one file serves a laptop and a server.
"""

import multiprocessing
import os

wsgi_app = "migratieagenda.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# gunicorn's rule of thumb, 2 × cores + 1 synchronous workers; WEB_CONCURRENCY caps it (a
# container's CPU count is often the host's, not its share).
_by_cores = 2 * multiprocessing.cpu_count() + 1
_cap = int(os.environ.get("WEB_CONCURRENCY", _by_cores))
workers = max(1, min(_by_cores, _cap))
# Threads in each worker: a request waiting on PostgreSQL or Redis leaves the CPU to the next
# one, and connections stay open between requests (a sync worker closes each after one
# answer). `make loadtest` (256 connections, 4 workers, pages and API, Redis) on the shared
# 2-core machine: gthread with 2–4 threads 360–470 requests/s, p99 1.8–2.2 s; sync 275–334
# requests/s, p99 4.2–4.6 s. Each thread keeps its own database connection.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A request that takes longer than this is stuck (the slowest page, a full CSV export, takes
# a few seconds); graceful_timeout lets running requests finish on a restart.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Refuse oversized request lines and headers before Django sees them: the API's longest
# legitimate query string is well under 4 KB.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# Restart each worker after a while, staggered so that they do not all restart at once, so
# that a slow leak never grows unbounded.
max_requests = 1000
max_requests_jitter = 100

# One line per request: time, method, path without the query string (it may carry a token or a
# search a person typed), status, duration in milliseconds and the request id that Django put
# in X-Request-ID. Never headers such as Authorization or Cookie.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(t)s method=%(m)s path="%(U)s" status=%(s)s duration_ms=%(M)s request_id=%({x-request-id}o)s'
)
