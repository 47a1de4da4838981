"""A request id in X-Request-ID, on every log line of the request and on the 500 page; and no
secret a client sent ends up in the log."""

import io
import logging
import re

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from core.request_id import RequestIdLogFilter

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def site_log():
    """What the site's console log handler writes, at every level."""
    handler = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RequestIdLogFilter) for f in handler.filters)
    )
    stream = io.StringIO()
    previous_stream = handler.setStream(stream)
    root = logging.getLogger()
    previous_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.setLevel(previous_level)
        handler.setStream(previous_stream)


def test_a_request_gets_an_id_in_its_response_header(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert HEX_ID.fullmatch(first)
    assert HEX_ID.fullmatch(second)
    assert first != second


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-42.abc:7"})
    assert response["X-Request-ID"] == "proxy-42.abc:7"


@pytest.mark.parametrize(
    "incoming", ["", "x" * 200, "with space", "new\nline", "<script>", "ümlaut"]
)
def test_an_incoming_request_id_that_is_no_id_is_replaced(client, incoming):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})
    assert HEX_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_log_lines_written_during_a_request_carry_its_id(client, site_log):
    client.get("/bestaat-niet/", headers={"X-Request-ID": "trace-me-1"})
    logging.getLogger("elsewhere").warning("outside any request")

    lines = site_log.getvalue().splitlines()
    assert any("[trace-me-1]" in line and "Not Found: /bestaat-niet/" in line for line in lines)
    assert any("[-]" in line and "outside any request" in line for line in lines)


@pytest.mark.urls("tests.core.urls_with_failing_view")
def test_the_500_page_shows_the_request_id_to_quote(client):
    # No django_db mark: the page must render with the database out of reach.
    client.raise_request_exception = False
    response = client.get("/kapot/", headers={"X-Request-ID": "quote-this-id"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "quote-this-id"
    assert '<code class="request-id">quote-this-id</code>' in response.content.decode()


@pytest.mark.django_db
def test_passwords_tokens_and_cookies_never_reach_the_log(client, site_log):
    password = "correct-horse-battery-9"
    wrong_password = "wrong-staple-7781"
    editor = User.objects.create_user(
        "redacteur", email="redacteur@example.invalid", password=password, is_staff=True
    )
    token = Token.objects.create(user=editor).key

    client.post("/admin/login/", {"username": "redacteur", "password": wrong_password})
    client.post("/admin/login/?next=/admin/", {"username": "redacteur", "password": password})
    session = client.cookies["sessionid"].value
    client.get("/admin/")
    client.get(
        f"/api/v1/measures/?token={token}&password={password}",
        headers={"Authorization": f"Token {token}"},
    )
    client.post("/api/v1/measures/", {"title": "x"}, headers={"Authorization": f"Token {token}"})

    log = site_log.getvalue()
    assert log  # the requests were logged at all
    for secret in (password, wrong_password, token, session, "redacteur@example.invalid"):
        assert secret not in log
