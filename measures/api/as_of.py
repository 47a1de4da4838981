"""`?as_of=YYYY-MM-DD` for the API: the past published state, or a 400 that names the parameter."""

from measures.as_of import AsOfError, parse_as_of
from migratieagenda.rest.errors import InvalidParameters


def as_of_param(request):
    """The as_of day of this request, None without one; InvalidParameters (400) when unusable."""
    value = request.query_params.get("as_of")
    if value is None:
        return None
    try:
        return parse_as_of(value)
    except AsOfError as exc:
        raise InvalidParameters({"as_of": [str(exc)]}) from None
