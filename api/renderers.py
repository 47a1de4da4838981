import csv
import datetime
import io

import orjson
from django.utils.functional import Promise
from rest_framework.renderers import BaseRenderer

from core.spreadsheet import neutralise_formula

ORJSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def _default(value):
    if isinstance(value, Promise):  # lazily translated labels and messages
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data) -> bytes:
    return orjson.dumps(data, default=_default, option=ORJSON_OPTIONS)


class OrjsonRenderer(BaseRenderer):
    """JSON through orjson: several times faster than the standard library on large pages."""

    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return dumps(data)


class CsvRenderer(BaseRenderer):
    """Selected by ``format=csv`` or ``Accept: text/csv``.

    The measures view streams its CSV itself (all rows, in batches); this renderer only takes
    part in content negotiation and renders a plain list of flat dicts when given one.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        buffer = io.StringIO()
        buffer.write("\ufeff")
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(
                {name: neutralise_formula(value) for name, value in row.items()} for row in rows
            )
        return buffer.getvalue().encode("utf-8")


def iso_utc(value: datetime.datetime) -> str:
    """How the API writes a moment: UTC, microseconds, Z (2018-03-30T10:00:00.000000Z)."""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
