"""Two rules for every response: TRACE is never answered, and an error under /api/ is JSON.

The API's own errors already have the shape ``{"detail": "..."}`` (the REST framework's
exception handler); these middlewares give the same shape to the errors Django produces before
or around the API's views: a bad Host (400), a wrong method on the schema or docs (405), a
crash (500), and a TRACE anywhere.
"""

from http import HTTPStatus

from django.http import HttpResponse, JsonResponse

API_PREFIX = "/api/"
# Headers of the original error that a client needs to act on it.
KEPT_HEADERS = ("Allow", "Retry-After", "Vary")


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


class RefuseTraceMiddleware:
    """TRACE echoes the request back (cookies included, to a script that can read it): 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "TRACE":
            return self.get_response(request)
        message = "The TRACE method is not allowed."
        if is_api(request):
            response = JsonResponse({"detail": message}, status=405)
        else:
            response = HttpResponse(message, status=405, content_type="text/plain; charset=utf-8")
        response["Allow"] = "GET, HEAD"
        return response


class ApiJsonErrorsMiddleware:
    """An error response under /api/ that is not JSON becomes ``{"detail": ...}``, same status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not is_api(request)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        try:
            reason = HTTPStatus(response.status_code).phrase
        except ValueError:
            reason = "Error"
        json_response = JsonResponse({"detail": f"{reason}."}, status=response.status_code)
        for header in KEPT_HEADERS:
            if header in response:
                json_response[header] = response[header]
        return json_response
