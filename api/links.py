from django.urls import reverse

PLACEHOLDER = "PLACEHOLDER"


class LinkPrefixes:
    """Absolute URL prefixes computed once per request, so that a row's links are string joins.

    ``LinkPrefixes(request).api("api:measure-detail", "code_or_slug")`` gives
    ``"https://host/api/v1/measures/"``; append a key and "/" for an object's URL.
    """

    def __init__(self, request):
        self.request = request
        self._cache: dict[tuple[str, str], str] = {}

    def _prefix(self, name: str, kwarg: str) -> str:
        key = (name, kwarg)
        if key not in self._cache:
            path = reverse(name, kwargs={kwarg: PLACEHOLDER})
            absolute = self.request.build_absolute_uri(path)
            self._cache[key] = absolute[: absolute.rindex(PLACEHOLDER)]
        return self._cache[key]

    def api(self, name: str, kwarg: str) -> str:
        return self._prefix(name, kwarg)

    def web(self, name: str, kwarg: str = "slug") -> str:
        return self._prefix(name, kwarg)
