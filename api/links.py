from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

PLACEHOLDER = "PLACEHOLDER"

# reverse() walks the URL patterns: paths are reversed once per process and kept here, per
# script prefix, URL configuration and language (pages have /en/ paths), so that a request
# only joins its scheme and host to them.
_paths: dict[tuple, str] = {}


def _path(name: str, kwarg: str) -> str:
    key = (get_script_prefix(), get_urlconf(), get_language(), name, kwarg)
    path = _paths.get(key)
    if path is None:
        path = _paths[key] = reverse(name, kwargs={kwarg: PLACEHOLDER})
    return path


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
            absolute = self.request.build_absolute_uri(_path(name, kwarg))
            self._cache[key] = absolute[: absolute.rindex(PLACEHOLDER)]
        return self._cache[key]

    def api(self, name: str, kwarg: str) -> str:
        return self._prefix(name, kwarg)

    def web(self, name: str, kwarg: str = "slug") -> str:
        return self._prefix(name, kwarg)
