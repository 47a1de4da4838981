"""Response headers that tell browsers what this site never needs.

The Content-Security-Policy itself comes from django-csp (``CONTENT_SECURITY_POLICY`` in
settings); this module adds its sibling, ``Permissions-Policy``, which django-csp does not.
"""

from django.conf import settings


def permissions_policy_header(features: dict[str, list[str]]) -> str:
    # An empty allow-list, "()", switches a feature off for this page and every frame in it.
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


class PermissionsPolicyMiddleware:
    """Sends ``settings.PERMISSIONS_POLICY`` on every response, errors included."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response
