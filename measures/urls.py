from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("maatregelen/", views.MeasureListView.as_view(), name="measure-list"),
    path("maatregelen/<slug:slug>/", views.MeasureDetailView.as_view(), name="measure-detail"),
    path("ministeries/", views.MinistryListView.as_view(), name="ministry-list"),
    path("ministeries/<slug:slug>/", views.MinistryDetailView.as_view(), name="ministry-detail"),
]
