from django.http import JsonResponse
from django.urls import reverse


class ApiJsonNotFoundMiddleware:
    """A path under /api/ that no view answers is a JSON 404 too, not the HTML page.

    A middleware rather than a catch-all URL pattern, so that API endpoints routed from other
    modules (``path("api/v1/graph/", ...)``) are never shadowed by it, whatever their order.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            root = reverse("api:root")
            return JsonResponse(
                {"detail": f"No API endpoint at {request.path}. The list is at {root}."},
                status=404,
            )
        return response
