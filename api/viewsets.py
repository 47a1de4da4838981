"""The generic read-only viewset of API v1: list and detail from plain dicts."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from api.conditional import ApiViewMixin
from api.links import LinkPrefixes
from api.renderers import OrjsonRenderer
from api.schema import CONDITIONAL_HEADERS, PAGE_PARAMETERS, VALIDATOR_HEADERS, read_responses


class ReadOnlyApiViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail from plain dicts, with ETag/304 and the API's paging."""

    filter_backends = []
    renderer_classes = [OrjsonRenderer]
    lookup_value_regex = r"[^/]+"

    def represent(self, obj, links) -> dict:
        raise NotImplementedError

    def lookup(self, queryset, value: str):
        raise NotImplementedError

    def representation_links(self, request):
        """What `represent` builds its URLs with, made once per request (a content app's own)."""
        return LinkPrefixes(request)

    def list(self, request, *args, **kwargs):
        self.paginator.validate(request)
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        links = self.representation_links(request)
        page = self.paginator.paginate_queryset(self.get_queryset(), request, self)
        return self.paginator.get_paginated_response([self.represent(obj, links) for obj in page])

    def retrieve(self, request, *args, **kwargs):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        obj = self.lookup(self.get_queryset(), value) if "\x00" not in value else None
        if obj is None:
            raise Http404(f"No {self.queryset.model._meta.model_name} with the key '{value}'.")
        not_modified = self.conditional_response(request)
        if not_modified is not None:
            return not_modified
        return Response(self.represent(obj, self.representation_links(request)))


def read_only_schema(serializer, name: str, key_description: str, lookup_parameter):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {name}",
            parameters=PAGE_PARAMETERS + CONDITIONAL_HEADERS + VALIDATOR_HEADERS,
            responses=read_responses(
                serializer(many=True),
                bad_request="page or page_size is not a whole number of 1 or more.",
                not_found="The page is past the last page.",
            ),
        ),
        retrieve=extend_schema(
            summary=f"One of the {name}",
            parameters=[lookup_parameter, *CONDITIONAL_HEADERS, *VALIDATOR_HEADERS],
            responses=read_responses(serializer, not_found=f"No {key_description}."),
        ),
    )
