from django import template

from core.request_id import current_request_id

register = template.Library()


@register.simple_tag
def request_id() -> str:
    """This request's id, for the error page; read from the request's context, because
    Django renders 500.html without a request or template context."""
    return current_request_id()
