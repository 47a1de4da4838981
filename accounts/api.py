"""``DELETE /api/v1/token/``: the holder of an API token revokes it. The very next request with
it is a 401. (A chief editor revokes anyone's token in the admin.)"""

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.services import token_revoke
from api.schema import error


class TokenRevokeView(APIView):
    # Only the token itself: a browser session cannot revoke it by a forged request.
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="token_revoke",
        summary="Revoke the API token this request is signed with",
        description=(
            "Send `Authorization: Token <key>`. The token is deleted at once: the next request "
            "with it is a 401. Ask an editor-in-chief for a new one."
        ),
        request=None,
        responses={
            204: OpenApiResponse(description="Revoked."),
            401: error("No token, or a token that is unknown or already revoked."),
        },
        tags=["token"],
    )
    def delete(self, request):
        token_revoke(token=request.auth, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [path("token/", TokenRevokeView.as_view(), name="token")]
