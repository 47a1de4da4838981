"""Keyset cursors: where a page starts, as the sort key of the row next to it.

A cursor pages through a selection in its order without counting the rows before the page
(what ``OFFSET`` does, at a cost that grows with the page number), and a row added or removed
meanwhile never shifts the following pages. The order must be made of the model's own columns
(``code_order``, ``title``, ``updated_at``, ...); the primary key is added as the last key, so
that every row has its own place.

The cursor is opaque to clients: URL-safe base64 of ``[direction, ordering, values]``, where
direction is ``">"`` (the rows after these values) or ``"<"`` (the rows before them). It is not
signed: a made-up cursor can only start a page somewhere in the public rows, and a cursor from
an earlier deployment keeps working. Whatever does not decode to that shape, or belongs to
another ordering than the request's, is a 400 naming ``cursor``.
"""

import base64
import binascii
import datetime
import functools
import operator
from dataclasses import dataclass

import orjson
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from api.errors import invalid_parameter

CURSOR_PARAMETER = "cursor"
FORWARD, BACKWARD = ">", "<"
BAD_CURSOR = (
    "Not a cursor this API gave out. Follow the `next` or `previous` link of a response "
    "(send an empty cursor= to start at the first row)."
)


@dataclass(frozen=True)
class Cursor:
    direction: str = FORWARD
    ordering: tuple[str, ...] = ()
    values: tuple | None = None  # None: the start of the selection

    @property
    def backwards(self) -> bool:
        return self.direction == BACKWARD


@dataclass(frozen=True)
class Key:
    """One column of a keyset order."""

    name: str  # the model field
    column: str  # its column in the table
    descending: bool
    kind: type  # int, str or datetime.datetime

    @property
    def label(self) -> str:
        return f"-{self.name}" if self.descending else self.name


def _default(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def encode(direction: str, keys: list[Key], values) -> str:
    payload = orjson.dumps([direction, [key.label for key in keys], list(values)], default=_default)
    return base64.urlsafe_b64encode(payload).rstrip(b"=").decode()


def decode(raw: str) -> Cursor:
    """The cursor of a request; an empty one is the start. A 400 naming `cursor` otherwise."""
    raw = raw.strip()
    if not raw:
        return Cursor()
    try:
        data = orjson.loads(
            base64.b64decode(raw + "=" * (-len(raw) % 4), altchars=b"-_", validate=True)
        )
    except (binascii.Error, ValueError):
        raise invalid_parameter(CURSOR_PARAMETER, BAD_CURSOR) from None
    if (
        not isinstance(data, list)
        or len(data) != 3
        or data[0] not in (FORWARD, BACKWARD)
        or not isinstance(data[1], list)
        or not isinstance(data[2], list)
        or len(data[1]) != len(data[2])
        or not data[1]
        or not all(isinstance(name, str) for name in data[1])
        or not all(isinstance(value, int | str) for value in data[2])
    ):
        raise invalid_parameter(CURSOR_PARAMETER, BAD_CURSOR)
    return Cursor(data[0], tuple(data[1]), tuple(data[2]))


def _kind(field) -> type | None:
    internal = getattr(field, "output_field", field).get_internal_type()
    if internal in ("AutoField", "BigAutoField", "IntegerField", "BigIntegerField"):
        return int
    if internal in ("CharField", "SlugField", "TextField"):
        return str
    if internal == "DateTimeField":
        return datetime.datetime
    return None


def keys_of(queryset) -> list[Key] | None:
    """The queryset's order as keyset keys (the primary key last), or None when it sorts by
    something other than the model's own columns (a relevance rank, a related field)."""
    query = queryset.query
    meta = queryset.model._meta
    order = query.order_by or (meta.ordering if query.default_ordering else ())
    keys: list[Key] = []
    for item in order:
        if not isinstance(item, str):
            return None
        name = item.removeprefix("-")
        name = meta.pk.name if name == "pk" else name
        try:
            field = meta.get_field(name)
        except FieldDoesNotExist:  # an annotation, or a path across a relation
            return None
        kind = _kind(field)
        if kind is None or field.is_relation:
            return None
        if all(key.name != name for key in keys):
            keys.append(Key(name, field.column, item.startswith("-"), kind))
    if all(key.name != meta.pk.name for key in keys):
        keys.append(Key(meta.pk.name, meta.pk.column, False, int))
    return keys


def values_for(cursor: Cursor, keys: list[Key]) -> tuple:
    """The cursor's values as the keys' types; a 400 when it was made for another order."""
    if cursor.ordering != tuple(key.label for key in keys):
        raise invalid_parameter(
            CURSOR_PARAMETER,
            "This cursor belongs to another ordering than this request's: keep the `ordering` "
            "of the request that gave it, or start again with an empty cursor=.",
        )
    values = []
    for key, value in zip(keys, cursor.values, strict=True):
        if key.kind is datetime.datetime:
            try:
                value = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
            except ValueError:
                value = None
            if value is None or value.tzinfo is None:
                raise invalid_parameter(CURSOR_PARAMETER, BAD_CURSOR)
        elif not isinstance(value, key.kind) or isinstance(value, bool):
            raise invalid_parameter(CURSOR_PARAMETER, BAD_CURSOR)
        values.append(value)
    return tuple(values)


def beyond(keys: list[Key], values: tuple, backwards: bool) -> Q:
    """The rows after `values` in the keys' order (before them when `backwards`).

    The lexicographic comparison, spelled out because the keys may sort in different
    directions; the first key's bound (>= or <=) is repeated on its own so that PostgreSQL
    can start an index scan there instead of filtering from the first row.
    """
    terms, equal = [], Q()
    for key, value in zip(keys, values, strict=True):
        lookup = "gt" if key.descending == backwards else "lt"
        terms.append(equal & Q(**{f"{key.name}__{lookup}": value}))
        equal &= Q(**{key.name: value})
    first = keys[0]
    bound = "gte" if first.descending == backwards else "lte"
    return Q(**{f"{first.name}__{bound}": values[0]}) & functools.reduce(operator.or_, terms)


def order_for(keys: list[Key], backwards: bool) -> list[str]:
    return [f"-{key.name}" if key.descending != backwards else key.name for key in keys]
