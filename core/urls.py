from django.urls import path

from core.pages import PAGES, InformationPageView

app_name = "pages"

urlpatterns = [
    path(route, InformationPageView.as_view(page=name), name=name) for name, route in PAGES.items()
]
