"""`?as_of=YYYY-MM-DD` for the API: the past published state, or a 400 that names the parameter.

Use in a list or detail view:

    day = as_of_param(request)
    if day:
        measures = measure_list_as_of(day)            # or measure_detail_as_of(day, code=...)
"""

from rest_framework.exceptions import ValidationError

from measures.as_of import AsOfError, parse_as_of


def as_of_param(request):
    value = request.query_params.get("as_of")
    if not value:
        return None
    try:
        return parse_as_of(value)
    except AsOfError as exc:
        raise ValidationError({"as_of": [str(exc)]}) from exc
