import re

from django.core.paginator import Paginator
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from api.errors import invalid_parameter

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
POSITIVE_INTEGER = re.compile(r"^[0-9]+$")
# Beyond any page count or size; keeps int() away from arbitrarily long digit strings.
LARGE = 10**12


def parse_positive_integer(name: str, raw: str) -> int:
    value = raw.strip()
    if not POSITIVE_INTEGER.match(value) or int(value[:14]) < 1:
        raise invalid_parameter(name, f"'{raw}' is not a whole number of 1 or more.")
    return LARGE if len(value.lstrip("0")) > 12 else int(value)


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

    def validate(self, request) -> tuple[int, int]:
        """Check page and page_size before any work is done; returns them."""
        return self.get_page_number(request, None), self.get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None, count_queryset=None):
        """``count_queryset``: count these rows instead (the same selection without the
        annotations that only the page's rows need)."""
        self.request = request
        page_size = self.get_page_size(request)
        paginator = Paginator(queryset, page_size)
        if count_queryset is not None:
            paginator.count = count_queryset.count()
        number = self.get_page_number(request, paginator)
        if number > paginator.num_pages:
            raise NotFound(
                f"Page {number} does not exist (parameter 'page'): there are "
                f"{paginator.num_pages} pages of {page_size} for this selection."
            )
        self.page = paginator.page(number)
        return list(self.page)
