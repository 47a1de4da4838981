"""One error shape for the whole API: ``{"detail": "...", "errors": {"<name>": ["..."]}}``.

``detail`` is one sentence a person can act on and names the parameter (or body field) at
fault; ``errors`` (present on 400s) lists every message per parameter or field.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class InvalidParameters(exceptions.APIException):
    """A query parameter (or several) has a value the API does not accept: a 400."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameter"

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = {
            name: [str(message) for message in messages] for name, messages in errors.items()
        }
        name, messages = next(iter(self.errors.items()))
        super().__init__(f"Invalid value for parameter '{name}': {messages[0]}")


class PreconditionFailed(exceptions.APIException):
    """`If-Match` names a version that is not the current one: someone changed it since."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = (
        "The resource changed since you read it (If-Match does not match its ETag). "
        "Read it again, reapply your change and send the new ETag."
    )


def invalid_parameter(name: str, message: str) -> InvalidParameters:
    return InvalidParameters({name: [message]})


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as ``{"field": [...], "responsibilities[0].role": [...]}``."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "non_field_errors" and prefix:
                name = prefix
            flat.update(flatten_errors(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            flat.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in detail)
        else:
            for index, item in enumerate(detail):
                if item:
                    flat.update(flatten_errors(item, f"{prefix}[{index}]"))
    else:
        flat.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return flat


def from_django_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = from_django_validation_error(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*(exc.args or ("Not found.",)))
    elif isinstance(exc, PermissionDenied):
        # A refusal about particular fields (e.g. the publish right) names them.
        fields = getattr(exc, "fields", None)
        exc = exceptions.PermissionDenied(*(exc.args))
        exc.fields = fields
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, InvalidParameters):
        response.data = {"detail": str(exc.detail), "errors": exc.errors}
    elif isinstance(exc, exceptions.ValidationError):
        errors = flatten_errors(exc.detail)
        name, messages = next(iter(errors.items()))
        request = context.get("request")
        # A validation error while reading is about the query string; while writing, the body.
        kind = "parameter" if request is not None and request.method in ("GET", "HEAD") else "field"
        where = "the request" if name == "non_field_errors" else f"{kind} '{name}'"
        response.data = {"detail": f"Invalid value for {where}: {messages[0]}", "errors": errors}
    elif getattr(exc, "fields", None):
        message = str(exc.detail)
        response.data = {
            "detail": f"Permission denied for field '{exc.fields[0]}': {message}",
            "errors": {name: [message] for name in exc.fields},
        }
    elif not (isinstance(response.data, dict) and "detail" in response.data):
        response.data = {"detail": str(exc)}
    return response
