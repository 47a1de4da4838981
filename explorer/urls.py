from django.urls import path

from explorer import views

app_name = "explorer"

urlpatterns = [
    path("verbanden/", views.ExplorerView.as_view(), name="explorer"),
]
