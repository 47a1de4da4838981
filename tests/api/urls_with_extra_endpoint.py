"""The project's URLs plus an API endpoint routed after /api/v1/ (as graph/ may be)."""

from django.http import JsonResponse
from django.urls import path

from migratieagenda.urls import urlpatterns as project_urlpatterns


def extra(request):
    return JsonResponse({"extra": True})


urlpatterns = [*project_urlpatterns, path("api/v1/extra/", extra)]
