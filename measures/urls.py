from django.urls import path

from measures import feeds, views

app_name = "measures"

urlpatterns = [
    path("maatregelen/", views.MeasureListView.as_view(), name="measure-list"),
    path("maatregelen/<slug:slug>/", views.MeasureDetailView.as_view(), name="measure-detail"),
    path("maatregelen/<slug:slug>/feed/", feeds.MeasureChangeFeed(), name="measure-feed"),
    path("wijzigingen/", views.ChangeListView.as_view(), name="change-list"),
    path("wijzigingen/feed/", feeds.ChangeFeed(), name="change-feed"),
    path("ministeries/", views.MinistryListView.as_view(), name="ministry-list"),
    path("ministeries/<slug:slug>/", views.MinistryDetailView.as_view(), name="ministry-detail"),
]
