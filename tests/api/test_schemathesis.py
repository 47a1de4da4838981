"""Property-based tests of the whole read API against its own OpenAPI description.

schemathesis loads the schema from the app (over WSGI, no server), generates requests for
every read operation (examples, coverage of each parameter's edges, and fuzzing with both
valid and invalid data) and runs every check it has ("all"): no server errors, documented
status codes, content types and headers, responses that match their schemas, invalid input
rejected with a 4xx and valid input accepted, 405 with Allow for undocumented methods, ...
Hypothesis is derandomized (a fixed seed), so the run is repeatable. It runs against the real
content (the `agenda` fixture).

Write operations (POST/PUT/PATCH/DELETE on measures) are left out: generated bodies would
change the content under the other cases; they have their own tests (test_writes.py).

schemathesis' own pytest integration (``from_fixture``) does not run on pytest 9.2, so the
test drives the same per-operation Hypothesis tests through ``get_all_tests`` itself.
"""

import logging

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from django.utils.dateparse import parse_date
from hypothesis import HealthCheck, settings
from schemathesis.checks import load_all_checks
from schemathesis.pytest.lazy import get_all_tests

from migratieagenda.wsgi import application

load_all_checks()
ALL_CHECKS = list(schemathesis.checks.CHECKS.get_all())


@pytest.fixture
def wsgi_keeps_test_connection():
    """Like Django's test client: keep the test's connection (and transaction) across requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    # Hundreds of expected 4xx responses would each log a warning.
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.ERROR)
    yield
    request_logger.setLevel(level)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_read_api_meets_its_openapi_description(agenda, settings, wsgi_keeps_test_connection):
    settings.API_ANON_RATE = None  # hundreds of requests in a few seconds: no throttle here
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    schema = schema.include(method="GET")

    today = timezone.localdate()

    def check(case):
        # A cursor is only valid as the API gave it out (and never with `page`): a valid
        # string by the schema is still refused, so only invalid ones are sent here, which
        # must be a 400. Cursor paging has its own tests (test_cursor_paging.py).
        if case.query and case.meta is not None and case.meta.generation.mode.is_positive:
            case.query.pop("cursor", None)
        # as_of takes any date up to today: "not after today" moves with the calendar, which
        # OpenAPI cannot state, so a generated future date (a 400 by design, with its own tests
        # in tests/measures/api/test_as_of_agenda.py) becomes today. Every other date, with every
        # other parameter, is sent as generated.
        try:
            day = parse_date(str((case.query or {}).get("as_of", "")).strip())
        except ValueError:  # well-formed but no day of the calendar (2019-02-30): a 400
            day = None
        if day is not None and day > today:
            case.query["as_of"] = today.isoformat()
        case.call_and_validate(checks=ALL_CHECKS)

    hypothesis_settings = settings_for_run()
    tested, failures = [], []
    for result in get_all_tests(
        schema=schema, test_func=check, settings=hypothesis_settings, given_kwargs={}
    ):
        operation, test = result.ok()
        tested.append(operation.label)
        try:
            test()
        except Exception as exc:  # every operation runs; all failures are reported together
            failures.append(f"{operation.label}:\n{exc}")
    assert len(tested) == 14, tested  # 10, and the explorer's 4 graph endpoints
    assert not failures, "\n\n".join(failures)


def settings_for_run():
    return settings(
        max_examples=30,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
