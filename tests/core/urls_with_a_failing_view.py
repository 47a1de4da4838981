"""The site's URLs plus one view that fails, for the 500 page."""

from django.urls import path

from migratieagenda.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("kapot/", failing_view), *site_urlpatterns]
