"""The client's address, as far as this site can trust it.

``X-Forwarded-For`` is written by whoever sends the request; only the entries appended by our
own proxies are facts. With ``TRUSTED_PROXY_COUNT`` = N (env ``DJANGO_TRUSTED_PROXY_COUNT``),
the N-th address from the right is the client; with 0 (the default) the header is ignored and
``REMOTE_ADDR`` is the client, so a made-up header changes nothing.
"""

from django.conf import settings


def client_address(request) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote_addr
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if not addresses:
        return remote_addr
    # Fewer entries than proxies: the request skipped a proxy, so the left-most is the best known.
    return addresses[-min(proxies, len(addresses))]
