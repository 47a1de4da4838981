"""Paging of API lists: page numbers, and keyset cursors beside them, with cached counts.

Every page has the same envelope: ``count`` (the rows of the whole selection), ``next`` and
``previous`` (absolute URLs or null) and ``results``.

- Page numbers (``page``, ``page_size``): the default.
- Cursors (``cursor``, see ``api.keyset``), where a view offers them: for deep and sync reads,
  at the same cost on every page. An empty ``cursor=`` starts at the first row; ``next`` and
  ``previous`` then carry cursors. ``cursor`` with ``page`` is a 400.
- Counts: ``COUNT(*)`` reads every row of the selection, so a view may have it cached in the
  shared cache, keyed by the content version and the parameters that select rows (not those
  that only page or sort them). The version changes in the same transaction as any content
  write, so a cached count is never stale: a repeat read at the same version costs no count.
"""

import re
from urllib.parse import urlencode

import orjson
from django.core.paginator import Paginator
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api import keyset
from api.errors import invalid_parameter
from api.keyset import CURSOR_PARAMETER
from core.cache import versioned_memo

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
POSITIVE_INTEGER = re.compile(r"^[0-9]+$")
# Beyond any page count or size; keeps int() away from arbitrarily long digit strings.
LARGE = 10**12
# Parameters that page, sort or format a list without changing which rows it selects.
NOT_SELECTING = {"page", "page_size", CURSOR_PARAMETER, "ordering", "format", "delimiter"}


def parse_positive_integer(name: str, raw: str) -> int:
    value = raw.strip()
    if not POSITIVE_INTEGER.match(value) or int(value[:14]) < 1:
        raise invalid_parameter(name, f"'{raw}' is not a whole number of 1 or more.")
    return LARGE if len(value.lstrip("0")) > 12 else int(value)


def count_selection(request) -> str:
    """The parameters that select a list's rows (not those that page, sort or format it)."""
    return urlencode(
        sorted(
            (name, value)
            for name, values in request.query_params.lists()
            if name not in NOT_SELECTING
            for value in values
        )
    )


class StrictPageNumberPagination(PageNumberPagination):
    """Pages of ``page_size`` rows (default 50, at most 500: larger values are capped).

    ``page`` and ``page_size`` must be whole numbers of 1 or more (else 400 naming them);
    a page past the last one is a 404 that says how many pages there are.
    """

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    page_query_param = "page"
    template = None

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        return min(parse_positive_integer(self.page_size_query_param, raw), self.max_page_size)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None or raw == "":
            return 1
        return parse_positive_integer(self.page_query_param, raw)

    def get_cursor(self, request) -> keyset.Cursor | None:
        raw = request.query_params.get(CURSOR_PARAMETER)
        if raw is None:
            return None
        if self.page_query_param in request.query_params:
            raise invalid_parameter(
                CURSOR_PARAMETER,
                "cursor and page are two ways to choose a page: send one of them, not both.",
            )
        return keyset.decode(raw)

    def validate(self, request) -> tuple[int, int]:
        """Check page, page_size and cursor before any work is done; returns page and size."""
        self.get_cursor(request)
        return self.get_page_number(request, None), self.get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None, count_queryset=None):
        """``count_queryset``: count these rows instead (the same selection without the
        annotations that only the page's rows need)."""
        self.request = request
        page_size = self.get_page_size(request)
        paginator = Paginator(queryset, page_size)
        if count_queryset is not None:
            paginator.count = count_queryset.count()
        self.page = self._page(paginator, request, page_size)
        return list(self.page)

    def _page(self, paginator, request, page_size):
        number = self.get_page_number(request, paginator)
        if number > paginator.num_pages:
            raise NotFound(
                f"Page {number} does not exist (parameter 'page'): there are "
                f"{paginator.num_pages} pages of {page_size} for this selection."
            )
        return paginator.page(number)

    # Lists whose rows arrive as JSON text -------------------------------------------------

    def cached_count(self, request, view, queryset) -> int:
        """``queryset.count()``, cached per selection and content version (see above)."""
        return versioned_memo(
            "api-count",
            view.current_version(),
            [request.path, count_selection(request)],
            queryset.count,
        )

    def json_page_response(self, request, view, queryset, fetch) -> Response:
        """The page (by number or cursor) of `queryset` as the list's envelope.

        ``fetch(queryset, columns)`` gives, for an ordered and sliced queryset, one tuple per
        row: its JSON text, then the values of `columns` (the keyset's sort keys). The texts are
        joined into the response as they are.
        """
        self.request = request
        count = self.cached_count(request, view, queryset)
        cursor = self.get_cursor(request)
        if cursor is None:
            page_size = self.get_page_size(request)
            paginator = Paginator(queryset, page_size)
            paginator.count = count
            self.page = self._page(paginator, request, page_size)
            texts = [row[0] for row in fetch(self.page.object_list, ())]
            links = self.get_next_link(), self.get_previous_link()
        else:
            texts, links = self._cursor_page(request, queryset, cursor, fetch)
        return Response(
            {
                "count": count,
                "next": links[0],
                "previous": links[1],
                "results": orjson.Fragment("[" + ",".join(texts) + "]"),
            }
        )

    def _cursor_page(self, request, queryset, cursor, fetch):
        keys = keyset.keys_of(queryset)
        if keys is None:
            raise invalid_parameter(
                CURSOR_PARAMETER,
                "Cursors follow a fixed order of columns, and this list is sorted by relevance "
                "(q): add ordering (code, title or updated_at) to page it by cursor.",
            )
        size = self.get_page_size(request)
        backwards = cursor.backwards
        if cursor.values is not None:
            values = keyset.values_for(cursor, keys)
            queryset = queryset.filter(keyset.beyond(keys, values, backwards))
        ordered = queryset.order_by(*keyset.order_for(keys, backwards))
        rows = fetch(ordered[: size + 1], [key.column for key in keys])
        more = len(rows) > size
        rows = rows[:size]
        if backwards:
            rows.reverse()
        url = remove_query_param(request.build_absolute_uri(), self.page_query_param)

        def link(direction, row):
            token = keyset.encode(direction, keys, row[1:])
            return replace_query_param(url, CURSOR_PARAMETER, token)

        started = cursor.values is not None
        has_next = more if not backwards else bool(rows)
        has_previous = (started and bool(rows)) if not backwards else more
        return (
            [row[0] for row in rows],
            (
                link(keyset.FORWARD, rows[-1]) if has_next else None,
                link(keyset.BACKWARD, rows[0]) if has_previous else None,
            ),
        )
