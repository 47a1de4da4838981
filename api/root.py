"""The API's root: links to every collection, named by the configuration's URL list."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.conditional import ApiViewMixin


def api_root_view(links: dict[str, str]):
    """A view answering {name: absolute URL} for `links` ({name: URL name})."""

    class ApiRootView(ApiViewMixin, APIView):
        permission_classes = [AllowAny]

        @extend_schema(
            summary="Links to every collection",
            tags=["root"],
            responses=inline_serializer(
                "ApiRoot", {name: serializers.CharField() for name in links}
            ),
        )
        def get(self, request):
            return Response(
                {name: request.build_absolute_uri(reverse(url)) for name, url in links.items()}
            )

    return ApiRootView.as_view()
