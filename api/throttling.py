from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from core.client_address import client_address


class AnonymousClientThrottle(AnonRateThrottle):
    """Anonymous clients get ``settings.API_ANON_RATE`` requests (env ``API_ANON_RATE``,
    default 120/minute) per IP address; the counts live in the default cache (Redis when
    ``REDIS_URL`` is set, so that all app servers share them). Token holders are not throttled.

    The rate is read per request, not once at import as DRF does, so that settings changes
    (and tests) take effect.
    """

    def get_rate(self):
        return getattr(settings, "API_ANON_RATE", "120/minute") or None

    def get_ident(self, request):
        # DRF would take the whole X-Forwarded-For as the identity: any client could make one up.
        return client_address(request)
