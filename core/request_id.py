"""One id per request: in the X-Request-ID response header, on every log record written while
the request runs, on the 500 page and in gunicorn's access log line.

A user quotes it from the error page, an operator finds every line of that request with it.
An id from the proxy in front is kept so that its log and ours line up, but only when it looks
like an id: a header is user input and ends up in log lines.
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
_ACCEPTABLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_current = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    return _current.get()


def request_id_from(incoming: str | None) -> str:
    if incoming and _ACCEPTABLE.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain, so that the id is set while every other middleware, the view and
    the 500 handler run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id
        # Not reset on the way out: Django logs a 4xx/5xx after the whole middleware chain
        # has returned; request_finished clears it once the response is sent.
        _current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def _forget_request_id(**kwargs) -> None:
    _current.set("")


request_finished.connect(_forget_request_id, dispatch_uid="core.request_id.forget")


class RequestIdLogFilter(logging.Filter):
    """Puts ``request_id`` on every record ("-" outside a request), for the log format."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get() or "-"
        return True
