"""The project's URLs plus the benchmark's floor: a trivial view behind the same middleware."""

from django.http import HttpResponse
from django.urls import path

from migratieagenda.urls import urlpatterns as project_urlpatterns


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/trivial/", trivial), *project_urlpatterns]
