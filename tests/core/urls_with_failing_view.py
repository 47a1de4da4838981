"""The project's URLs plus a page and an API path whose views fail, to see what a 500 sends."""

from django.urls import path

from migratieagenda.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("api/v1/kapot/", failing_view),
    path("kapot/", failing_view),
    *project_urlpatterns,
]
