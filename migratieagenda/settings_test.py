"""Settings for the test suite: the real settings, with the variables a developer would set.

Tests run with DEBUG off (as production does), so they need a secret key; they talk plain
HTTP to the test client and the live server, so no HTTPS redirect; and no collectstatic runs.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# Many tests count queries per request: the response cache is off unless a test turns it on.
os.environ.setdefault("RESPONSE_CACHE_SECONDS", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from migratieagenda.settings import *  # noqa: F403
