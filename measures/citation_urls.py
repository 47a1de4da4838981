from django.urls import path

from measures.citation import FORMATS
from measures.citation_views import citation_download

app_name = "citation"

urlpatterns = [
    path(
        f"maatregelen/<slug:slug>/citeer.{extension}",
        citation_download,
        {"extension": extension},
        name=extension,
    )
    for extension in FORMATS
]
